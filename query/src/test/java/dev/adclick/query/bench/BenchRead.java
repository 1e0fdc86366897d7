package dev.adclick.query.bench;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.store.ClickStore;
import dev.adclick.store.CountTable;
import dev.adclick.store.Granularity;
import dev.adclick.store.ReadPlan;
import dev.adclick.store.TopOrder;
import dev.adclick.store.duckdb.DuckDbClickStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One measured read, asked three ways (HTTP, the {@link ClickStore} call the HTTP handler makes,
 * the store's statement over JDBC), and its service level (docs/architecture.md, Service levels).
 * Answers are compared as lines {@code key|<counts>}; a top line has only what the API answers,
 * {@code ad_id|clicks|impressions}.
 *
 * @param ad the ad of sample {@code i}, or null for a top (all ads)
 */
record BenchRead(String name, Kind kind, long from, long to, IntFunction<String> ad, Granularity granularity, TopOrder order,
                 long minImpressions, Dimension by, double targetP99Ms, double maxRatio) {
    static final int LIMIT = 10;
    private static final List<CountColumn> TOP_COLUMNS = List.of(CountColumn.CLICKS, CountColumn.IMPRESSIONS);

    enum Kind { SERIES, TOP, BREAKDOWN }

    static BenchRead series(String name, long from, long to, IntFunction<String> ad, double targetP99Ms, double maxRatio) {
        return new BenchRead(name, Kind.SERIES, from, to, ad, Granularity.MINUTE, null, 0, null, targetP99Ms, maxRatio);
    }

    static BenchRead top(String name, long from, long to, TopOrder order, long minImpressions, double targetP99Ms) {
        return new BenchRead(name, Kind.TOP, from, to, null, null, order, minImpressions, null, targetP99Ms, Double.NaN);
    }

    static BenchRead breakdown(String name, long from, long to, IntFunction<String> ad, Dimension by, double targetP99Ms) {
        return new BenchRead(name, Kind.BREAKDOWN, from, to, ad, null, null, 0, by, targetP99Ms, Double.NaN);
    }

    String adOf(int i) {
        return ad == null ? null : ad.apply(i);
    }

    /** The path and query under {@code /api/v1}. */
    String url(int i) {
        String range = "from=" + Instant.ofEpochMilli(from) + "&to=" + Instant.ofEpochMilli(to);
        return switch (kind) {
            case SERIES -> "/ads/" + adOf(i) + "/clicks?" + range + "&granularity=" + granularity.label();
            case TOP -> "/ads/top?" + range + "&limit=" + LIMIT + "&by=" + order.param() + "&min_impressions=" + minImpressions;
            case BREAKDOWN -> "/ads/" + adOf(i) + "/breakdown?" + range + "&by=" + by.field();
        };
    }

    /** The call the HTTP handler makes for the admin key (all ads, no filter). */
    Object viaStore(ClickStore s, int i) throws Exception {
        return switch (kind) {
            case SERIES -> s.series(adOf(i), from, to, granularity, DimensionFilter.NONE);
            case TOP -> s.top(from, to, LIMIT, null, order, minImpressions, DimensionFilter.NONE);
            case BREAKDOWN -> s.breakdown(adOf(i), from, to, by, DimensionFilter.NONE);
        };
    }

    List<String> viaJdbc(StoreStatement st, Connection c, int i) throws SQLException {
        List<ReadPlan.Segment> plan = kind == Kind.SERIES ? ReadPlan.of(from, to, granularity) : ReadPlan.of(from, to, CountTable.DAY);
        List<String> lines = st.run(c, plan, adOf(i), kind == Kind.TOP ? LIMIT : null);
        return kind == Kind.TOP ? lines.stream().map(BenchRead::topLine).toList() : lines;
    }

    /** The answer's lines from the HTTP body. */
    List<String> fromJson(JsonObject body) {
        List<String> out = new ArrayList<>();
        JsonArray rows = body.getJsonArray(switch (kind) {
            case SERIES -> "buckets";
            case TOP -> "ads";
            case BREAKDOWN -> "rows";
        });
        for (int i = 0; i < rows.size(); i++) {
            JsonObject r = rows.getJsonObject(i);
            StringBuilder line = new StringBuilder(switch (kind) {
                case SERIES -> Long.toString(Instant.parse(r.getString("start")).toEpochMilli());
                case TOP -> r.getString("ad_id");
                case BREAKDOWN -> r.getString("key");
            });
            for (CountColumn col : kind == Kind.TOP ? TOP_COLUMNS : CountColumn.ALL) line.append('|').append(r.getLong(col.column()));
            out.add(line.toString());
        }
        return out;
    }

    /**
     * The answer computed from the minute rows alone with the benchmark's own SQL (total rows from
     * their table, breakdown rows from the minute table): checks the rollups the store read (the
     * plan's hour and day parts) against the minutes they come from.
     */
    List<String> reference(Connection c, int i) throws SQLException {
        String key = switch (kind) {
            case SERIES -> "(epoch_ms(minute) // " + granularity.millis() + ") * " + granularity.millis();
            case TOP -> "ad_id";
            case BREAKDOWN -> by.field();
        };
        String rows = kind == Kind.BREAKDOWN ? " <> '" + Dimensions.ALL + "'" : " = '" + Dimensions.ALL + "'";
        String table = kind == Kind.BREAKDOWN ? CountTable.MINUTE.table() : DuckDbClickStore.MINUTE_TOTALS_TABLE; // the minute rows' tables
        String sql = "SELECT " + key + " AS k, " + CountColumn.join("sum(", ")") + " FROM " + table
                + " WHERE minute >= epoch_ms(" + from + ") AND minute < epoch_ms(" + to + ") AND placement" + rows
                + (ad == null ? "" : " AND ad_id = ?") + " GROUP BY k"
                + switch (kind) {
                    case SERIES -> " ORDER BY k";
                    case TOP -> " HAVING " + order.having(BenchRead::sum, minImpressions) + " ORDER BY " + order.orderBy(BenchRead::sum)
                            + ", k LIMIT " + LIMIT;
                    case BREAKDOWN -> " ORDER BY sum(clicks) DESC, k";
                };
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (ad != null) ps.setString(1, adOf(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StringBuilder line = new StringBuilder(rs.getString(1));
                    for (int col = 0; col < CountColumn.ALL.size(); col++) line.append('|').append(rs.getLong(2 + col));
                    out.add(line.toString());
                }
            }
        }
        return kind == Kind.TOP ? out.stream().map(BenchRead::topLine).toList() : out;
    }

    /** The sum of each count over the answer's lines (for "the breakdown rows sum to the totals"). */
    static long[] sums(List<String> lines) {
        long[] s = new long[CountColumn.ALL.size()];
        for (String l : lines) {
            String[] f = l.split("\\|");
            for (int i = 0; i < s.length; i++) s[i] += Long.parseLong(f[1 + i]);
        }
        return s;
    }

    private static String topLine(String full) {
        String[] f = full.split("\\|");
        StringBuilder b = new StringBuilder(f[0]);
        for (CountColumn col : TOP_COLUMNS) b.append('|').append(f[1 + col.ordinal()]);
        return b.toString();
    }

    private static String sum(CountColumn c) {
        return "sum(" + c.column() + ")";
    }
}
