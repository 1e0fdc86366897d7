package dev.adclick.query.bench;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.dimension.Device;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.store.CountTable;
import dev.adclick.store.duckdb.DuckDbClickStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's minute rows, written by SQL into the tables the store created (the store's
 * {@code upsert} is built for the stream's batches, not for tens of millions of rows at once).
 *
 * <p>Clicks are drawn one by one, then counted per (ad, minute, placement, country, device), so
 * each ad-minute holds as many breakdown rows as its clicks make distinct combinations, and its
 * total row is the sum of them (docs/architecture.md, store tables). The mix is docs/deploy.md's
 * (rows per day at 1B clicks): 1–13 clicks per ad-minute (mean 7: 100k ads make 1B clicks a day),
 * 3 placements 60/30/10 %, a main country per ad (70 %) and a Zipf tail of 20 more, devices mobile
 * 60 %, desktop 33 %, tablet 5 %, bot 1 %, other 1 %. Bot clicks are suspicious (the fraud rule);
 * 80 % of the rest are verified; 20–99 rendered impressions per click (CTR 1–5 %), 5 more served.
 * All rows have version 1. Draws are {@code hash()} of (ad, minute, click): the same data every run.
 *
 * <p>Two shapes ({@code -Dbench.shape}, run.sh's SHAPE). {@code dense} (the default): every ad has
 * every minute. {@code sparse}: ad popularity is Zipf with exponent 1, the aggregator benchmark's
 * skew, and an ad's share of active minutes follows it: {@code ad-k} is active in a minute with
 * probability min(1, {@value #SPARSE_HEAD} / (k + 1)), as a Poisson rate proportional to 1 / (k + 1)
 * is while it is below one event a minute. So the first {@value #SPARSE_HEAD} ads (the head, which
 * the measured one-ad reads should ask about: an advertiser looking at a busy ad) have every minute,
 * {@code ad-999999} has about 2 % of them, and a minute has ~{@value #SPARSE_HEAD} × (1 + ln(ads /
 * {@value #SPARSE_HEAD})) active ads: ~98k of 1M, × 7 clicks = ~11k clicks/s, the click rate of
 * docs/deploy.md §5. That keeps 1M ads × 75 minutes near the dense 100k-ad file's size (~15 GB)
 * instead of ~105 GB.
 */
final class BenchData {
    static final List<String> PLACEMENTS = List.of("top-banner", "sidebar", "in-article");
    static final int[] PLACEMENT_WEIGHTS = {60, 30, 10};
    static final List<String> COUNTRIES = List.of("US", "DE", "GB", "FR", "JP", "BR", "IN", "CA", "ES", "IT", "NL",
            "PL", "SE", "MX", "AU", "KR", "TR", "ID", "AR", "ZA", "BE");
    /** An ad's main country is one of the first {@code MAIN_COUNTRIES}, by ad number. */
    static final int MAIN_COUNTRIES = 4;
    static final int MAIN_COUNTRY_PERCENT = 70;
    static final List<Device> DEVICES = List.of(Device.MOBILE, Device.DESKTOP, Device.TABLET, Device.BOT, Device.OTHER);
    static final int[] DEVICE_WEIGHTS = {60, 33, 5, 1, 1};
    static final int MAX_CLICKS_PER_MINUTE = 13;
    /** Ad-minutes drawn per INSERT: bounds DuckDB's memory and writes rows in time order, as the stream does. */
    private static final int AD_MINUTES_PER_STATEMENT = 150_000;
    private static final long MINUTE = 60_000L;
    /** {@code dense} or {@code sparse} (see above). */
    static final String SHAPE = System.getProperty("bench.shape", "dense");
    private static final boolean SPARSE = SHAPE.equals("sparse");
    /** Sparse shape: the ads with every minute; past them ad k keeps SPARSE_HEAD / (k + 1) of its minutes. */
    static final int SPARSE_HEAD = 20_000;

    static {
        if (!SHAPE.equals("dense") && !SHAPE.equals("sparse")) throw new IllegalArgumentException("bench.shape is dense or sparse, was " + SHAPE);
    }

    private final long t0;

    /** Minute {@code m} of the data is {@code t0 + m} minutes (negative before t0). */
    BenchData(long t0) {
        this.t0 = t0;
    }

    /**
     * The ad a one-ad read asks about for draw {@code drawn} (uniform over the ads): that ad in the
     * dense shape, in the sparse one the head ad {@code drawn % SPARSE_HEAD} (a tail ad there has
     * a minute or two, not the busy ad the read is about).
     */
    static int measuredAd(int drawn) {
        return SPARSE ? drawn % SPARSE_HEAD : drawn;
    }

    static String adId(long a) {
        return String.format(Locale.ROOT, "ad-%06d", a);
    }

    /** Ads {@code [adFrom, adTo)}, minutes {@code [minuteFrom, minuteTo)}, in time order; returns the rows written. */
    long fill(Connection c, int adFrom, int adTo, long minuteFrom, long minuteTo) throws SQLException {
        long step = Math.max(1, AD_MINUTES_PER_STATEMENT / (adTo - adFrom));
        long rows = 0;
        try (Statement s = c.createStatement()) {
            for (long m = minuteFrom; m < minuteTo; m += step) {
                s.execute("CREATE OR REPLACE TEMP TABLE bench_breakdown AS " + breakdownRows(adFrom, adTo, m, Math.min(minuteTo, m + step)));
                rows += s.executeUpdate(insert(false)) + s.executeUpdate(insert(true));
                long done = Math.min(minuteTo, m + step) - minuteFrom, all = minuteTo - minuteFrom;
                if (done * 10 / all > (done - step) * 10 / all || done == all) { // about every tenth, so a long fill shows it moves
                    System.out.printf(Locale.ROOT, "  fill: ads %d-%d, %d of %d minutes, %,d rows%n", adFrom, adTo - 1, done, all, rows);
                }
            }
            s.execute("DROP TABLE IF EXISTS bench_breakdown");
        }
        return rows;
    }

    /** {@code a, m, placement, country, device, <counts>}: one row per combination the drawn clicks make. */
    private static String breakdownRows(int adFrom, int adTo, long minuteFrom, long minuteTo) {
        String bot = "'" + Device.BOT.json() + "'";
        return "SELECT a, m, placement, country, device,"
                + " count(*) FILTER (WHERE device <> " + bot + ") AS " + CountColumn.CLICKS.column() + ","
                + " count(*) FILTER (WHERE device <> " + bot + " AND verified) AS " + CountColumn.VERIFIED_CLICKS.column() + ","
                + " count(*) FILTER (WHERE device = " + bot + ") AS " + CountColumn.SUSPICIOUS_CLICKS.column() + ","
                + " count(*) * (25 + a % 80) AS " + CountColumn.SERVED_IMPRESSIONS.column() + ","
                + " count(*) * (20 + a % 80) AS " + CountColumn.IMPRESSIONS.column()
                + " FROM (SELECT a, m,"
                + "   " + pick("h % 100", PLACEMENTS, PLACEMENT_WEIGHTS) + " AS placement,"
                + "   " + country() + " AS country,"
                + "   " + pick("(h // 1000000000000) % 100", DEVICES.stream().map(Device::json).toList(), DEVICE_WEIGHTS) + " AS device,"
                + "   (h // 1000000000000000) % 10 < 8 AS verified"
                + "   FROM (SELECT a, m, hash(a, m, k) AS h FROM ("
                + "     SELECT a.range AS a, m.range AS m, unnest(range(1 + (hash(a.range, m.range) % " + MAX_CLICKS_PER_MINUTE + ")::BIGINT)) AS k"
                + "     FROM range(" + adFrom + ", " + adTo + ") a, range(" + minuteFrom + ", " + minuteTo + ") m" + active() + ")))"
                + " GROUP BY a, m, placement, country, device";
    }

    /** The sparse shape's rule for an (ad, minute) to have clicks at all (empty for the dense shape). */
    private static String active() {
        if (!SPARSE) return "";
        // u uniform in [0, 1e6) per (ad, minute), independent of the click draws' hash(a, m)
        return " WHERE a.range < " + SPARSE_HEAD + " OR (hash(a.range, m.range, 7) % 1000000)::BIGINT * (a.range + 1) < " + SPARSE_HEAD * 1_000_000L;
    }

    /**
     * The breakdown rows into the minute table, or ({@code totals}) per (ad, minute) their sum as
     * the total row into the store's table of total rows; in (minute, ad) order.
     */
    private String insert(boolean totals) {
        String counts = CountColumn.join("", "");
        String total = String.join(", ", CountTable.DIMENSION_COLUMNS.stream().map(d -> "'" + Dimensions.ALL + "' AS " + d).toList());
        String rows = totals ? "SELECT a, m, " + total + ", " + CountColumn.joined(", ", c -> "sum(" + c.column() + ") AS " + c.column())
                + " FROM bench_breakdown GROUP BY a, m"
                : "SELECT * FROM bench_breakdown";
        return "INSERT INTO " + (totals ? DuckDbClickStore.MINUTE_TOTALS_TABLE : CountTable.MINUTE.table())
                + " (" + CountTable.MINUTE.keyColumns() + ", " + counts + ", version)"
                + " SELECT 'ad-' || lpad(a::VARCHAR, 6, '0'), epoch_ms(" + t0 + " + m * " + MINUTE + "), " + CountTable.dimensionColumns()
                + ", " + counts + ", 1 FROM (" + rows + ")"
                + " ORDER BY m, a, " + CountTable.dimensionColumns();
    }

    /** 70 % the ad's main country, else the k-th of the other 20 with weight 1 / (k + 1). */
    private static String country() {
        int n = COUNTRIES.size();
        int[] zipf = new int[n - 1];
        for (int k = 0; k < zipf.length; k++) zipf[k] = (int) Math.round(10_000.0 / (k + 1));
        List<String> offsets = new ArrayList<>();
        for (int k = 0; k < zipf.length; k++) offsets.add(Integer.toString(k + 1));
        String main = "a % " + MAIN_COUNTRIES;
        String offset = "CASE WHEN (h // 100) % 100 < " + MAIN_COUNTRY_PERCENT + " THEN 0 ELSE "
                + pickNumber("(h // 10000) % " + sum(zipf), offsets, zipf) + " END";
        return list(COUNTRIES) + "[((" + main + ") + " + offset + ") % " + n + " + 1]";
    }

    /** A CASE choosing {@code values[i]} with probability weights[i] / sum, from {@code u} uniform in [0, sum). */
    private static String pick(String u, List<String> values, int[] weights) {
        return pickNumber(u, values.stream().map(v -> "'" + v + "'").toList(), weights);
    }

    private static String pickNumber(String u, List<String> values, int[] weights) {
        StringBuilder b = new StringBuilder("CASE");
        int upTo = 0;
        for (int i = 0; i < values.size() - 1; i++) {
            upTo += weights[i];
            b.append(" WHEN ").append(u).append(" < ").append(upTo).append(" THEN ").append(values.get(i));
        }
        return b.append(" ELSE ").append(values.get(values.size() - 1)).append(" END").toString();
    }

    private static int sum(int[] w) {
        int s = 0;
        for (int x : w) s += x;
        return s;
    }

    private static String list(List<String> values) {
        return "[" + String.join(", ", values.stream().map(v -> "'" + v + "'").toList()) + "]";
    }

    /** Row counts per table and the breakdown rows per total row, for the run's header. */
    static String describe(Connection c) throws SQLException {
        StringBuilder b = new StringBuilder("  shape " + SHAPE + (SPARSE ? " (head " + SPARSE_HEAD + " ads with every minute, Zipf 1)" : "") + "\n");
        try (Statement s = c.createStatement()) {
            for (CountTable t : CountTable.values()) {
                // the minute total rows are in a table of their own, counted with the minute table's breakdown rows
                String from = t != CountTable.MINUTE ? t.table()
                        : "(SELECT placement FROM " + t.table() + " UNION ALL SELECT placement FROM " + DuckDbClickStore.MINUTE_TOTALS_TABLE + ")";
                try (var rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE placement = '" + Dimensions.ALL + "') FROM " + from)) {
                    rs.next();
                    long rows = rs.getLong(1), totals = rs.getLong(2);
                    b.append(String.format(Locale.ROOT, "  %-17s %,13d rows (%,d total rows, %.1f breakdown rows each)%n", t.table(), rows,
                            totals, totals == 0 ? 0.0 : (rows - totals) / (double) totals));
                }
            }
        }
        return b.toString();
    }
}
