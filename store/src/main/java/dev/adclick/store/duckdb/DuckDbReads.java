package dev.adclick.store.duckdb;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.store.AdCounts;
import dev.adclick.store.BreakdownRow;
import dev.adclick.store.Bucket;
import dev.adclick.store.CountTable;
import dev.adclick.store.DimensionSql;
import dev.adclick.store.Granularity;
import dev.adclick.store.ReadPlan;
import dev.adclick.store.StoreUnavailableException;
import dev.adclick.store.TopOrder;

import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The reads of {@link DuckDbClickStore}. Each is one statement over the parts of its
 * {@link ReadPlan} (days from {@code ad_clicks_day}, hours from {@code ad_clicks_hour}, edges from
 * {@code ad_clicks_minute_total} for totals, {@code ad_clicks_minute} for filtered and breakdown
 * reads), one {@code UNION ALL} branch per part, so each branch keeps constant time bounds
 * (row-group pruning) and its table's ad index.
 */
final class DuckDbReads {
    private final DuckDbConnections db;

    DuckDbReads(DuckDbConnections db) {
        this.db = db;
    }

    /** SQL text and its parameters, in order (package-private: DuckDbLayoutTest explains it). */
    static final class Query {
        final StringBuilder sql = new StringBuilder();
        final List<Object> params = new ArrayList<>();

        String param(Object value) {
            params.add(value);
            return "?";
        }

        Query append(String s) {
            sql.append(s);
            return this;
        }

        /** The reader's kept statement of this text ({@link DuckDbConnections#prepared}) with this query's values bound. */
        PreparedStatement bind(DuckDbConnections db, DuckDBConnection c) throws SQLException {
            PreparedStatement ps = db.prepared(c, sql.toString());
            for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
            return ps;
        }

        /** The statement with {@code prefix} before it ({@code EXPLAIN }). */
        PreparedStatement prepare(Connection c, String prefix) throws SQLException {
            PreparedStatement ps = c.prepareStatement(prefix + sql);
            for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
            return ps;
        }
    }

    /** Which rows a read sums: the filter's, and for a breakdown never the total rows. */
    private record Rows(DimensionFilter filter, boolean breakdownOnly) {
        String where(Query q) {
            return breakdownOnly ? DimensionSql.breakdownRows(filter, q::param) : DimensionSql.where(filter, q::param);
        }

        /** Whether these are the total rows, which a minute part reads from their own table ({@link DuckDbSchema#TOTALS}). */
        boolean totals() {
            return !breakdownOnly && filter.isNone();
        }

        /** The table of {@code seg}'s rows: for minutes the one of the total or of the breakdown rows. */
        String table(ReadPlan.Segment seg) {
            return seg.table() == CountTable.MINUTE ? DuckDbSchema.minuteTable(totals()) : seg.table().table();
        }
    }

    /**
     * {@code (SELECT ad_id, t, placement, country, device, <counts> … UNION ALL …)}: the selected
     * rows of the plan's parts; {@code t} is the period start in epoch ms. An empty plan (an empty
     * range) gives a source without rows. A one-ad read takes a long minute part's rows from
     * {@link #oneAd}; parameters are bound in the order they appear.
     */
    private static void source(Query q, List<ReadPlan.Segment> plan, Collection<String> ads, Rows rows) {
        source(q, plan, ads, rows, true);
    }

    /** {@code hourEdge}: whether a closing minute edge may be read from its hour row ({@link DuckDbHourEdge}). */
    private static void source(Query q, List<ReadPlan.Segment> plan, Collection<String> ads, Rows rows, boolean hourEdge) {
        if (plan.isEmpty()) plan = List.of(new ReadPlan.Segment(CountTable.MINUTE, 0, 0));
        q.append("(");
        for (int i = 0; i < plan.size(); i++) {
            ReadPlan.Segment seg = plan.get(i);
            String time = seg.table().timeColumn();
            q.append(i == 0 ? "" : " UNION ALL ")
                    .append("SELECT ad_id, epoch_ms(" + time + ") AS t, " + CountTable.dimensionColumns() + ", " + CountColumn.join("", ""));
            String table = DuckDbHourEdge.applies(seg, hourEdge) ? DuckDbHourEdge.rows(rows.table(seg), seg) : rows.table(seg);
            if (ads != null && ads.size() == 1) { // the ad's ? first in both forms: one order of parameters
                String ad = q.param(ads.iterator().next());
                q.append(fenced(seg) ? " FROM " + oneAd(table, ad) + " WHERE " : " FROM " + table + " WHERE ad_id = " + ad + " AND ");
            } else {
                q.append(" FROM " + table + " WHERE ");
            }
            q.append(time + " >= epoch_ms(" + q.param(seg.from()) + ")").append(" AND " + time + " < epoch_ms(" + q.param(seg.to()) + ")");
            if (ads != null && ads.size() > 1) {
                StringBuilder in = new StringBuilder();
                for (String ad : ads) in.append(in.length() == 0 ? "" : ", ").append(q.param(ad));
                q.append(" AND ad_id IN (" + in + ")");
            }
            q.append(" AND " + rows.where(q));
        }
        q.append(")");
    }

    /**
     * The rows of one ad of {@code table}, fenced off from the read's other filters. DuckDB 2.0
     * scans the {@code ad_id} index ({@link DuckDbSchema#createAdIndex}) only when {@code ad_id = ?}
     * is the table scan's only filter; with the time bounds and {@code placement} pushed into the
     * same scan it reads every row group the time bounds leave (the stream writes in time order, so
     * each holds every ad). {@code OFFSET 0} keeps the outer filters out of the scan. Measured on
     * 11.7M minute rows (docs/benchmarks.md, Query API): one ad's 24 h, 26 → 7 ms in EXPLAIN ANALYZE,
     * 36 → 12 ms p50 in the benchmark.
     */
    static String oneAd(String table, String adParam) {
        return "(SELECT * FROM " + table + " WHERE ad_id = " + adParam + " OFFSET 0)";
    }

    /**
     * Whether a one-ad part is read through {@link #oneAd}: minute parts of an hour or more. A
     * fenced scan cannot prune by time, and DuckDB takes the index only while the ad has at most
     * {@code max(index_scan_max_count, index_scan_percentage × rows)} rows in the whole table
     * (2,048 or 0.1 %), otherwise it scans the table; and an index scan fetches rows one by one
     * (15–25 µs each here). So a short part (a read plan's edges: under an hour of minutes) keeps
     * its time-pruned scan (an ad with 30 days of minutes, a 15-minute edge: 19 ms pruned, 115 ms
     * fenced, 3.7 s with the index forced), and the rollups are read by time and ad zone maps,
     * which their row order serves ({@link DuckDbSchema#recomputeSlice}).
     */
    static boolean fenced(ReadPlan.Segment seg) {
        return seg.table() == CountTable.MINUTE && seg.to() - seg.from() >= Granularity.HOUR.millis();
    }

    static Query seriesQuery(String adId, long from, long to, Granularity g, DimensionFilter filter) {
        Query q = new Query().append("SELECT (t // " + g.millis() + ") * " + g.millis() + " AS bucket, " + DuckDbSchema.SUM_COUNTS + " FROM ");
        source(q, ReadPlan.of(from, to, g), List.of(adId), new Rows(filter, false), g != Granularity.MINUTE);
        return q.append(" GROUP BY bucket ORDER BY bucket");
    }

    List<Bucket> series(String adId, long from, long to, Granularity g, DimensionFilter filter) throws StoreUnavailableException {
        Query q = seriesQuery(adId, from, to, g, filter);
        return db.read(c -> {
            List<Bucket> out = new ArrayList<>();
            try (ResultSet rs = q.bind(db, c).executeQuery()) {
                while (rs.next()) {
                    Counts counts = counts(rs, 2);
                    if (!counts.isZero()) out.add(new Bucket(rs.getLong(1), counts)); // empty buckets are omitted
                }
            }
            return out;
        });
    }

    Counts totals(Collection<String> onlyAds, long from, long to, DimensionFilter filter) throws StoreUnavailableException {
        if (onlyAds != null && onlyAds.isEmpty()) return Counts.ZERO;
        Query q = new Query().append("SELECT " + DuckDbSchema.SUM_COUNTS + " FROM ");
        source(q, ReadPlan.of(from, to, CountTable.DAY), onlyAds, new Rows(filter, false));
        return db.read(c -> {
            try (ResultSet rs = q.bind(db, c).executeQuery()) {
                rs.next();
                return counts(rs, 1);
            }
        });
    }

    List<AdCounts> top(long from, long to, int limit, Collection<String> onlyAds, TopOrder by, long minImpressions,
                       DimensionFilter filter) throws StoreUnavailableException {
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        if (onlyAds != null && onlyAds.isEmpty()) return List.of();
        Query q = topQuery(from, to, limit, onlyAds, by, minImpressions, filter);
        return db.read(c -> {
            List<AdCounts> out = new ArrayList<>();
            try (ResultSet rs = q.bind(db, c).executeQuery()) {
                while (rs.next()) out.add(new AdCounts(rs.getString(1), counts(rs, 2)));
            }
            return out;
        });
    }

    static Query topQuery(long from, long to, int limit, Collection<String> onlyAds, TopOrder by, long minImpressions,
                          DimensionFilter filter) {
        Query q = new Query().append("SELECT ad_id, " + DuckDbSchema.SUM_COUNTS + " FROM ");
        source(q, ReadPlan.of(from, to, CountTable.DAY), onlyAds, new Rows(filter, false));
        return q.append(" GROUP BY ad_id HAVING " + by.having(DuckDbReads::sum, minImpressions)
                + " ORDER BY " + by.orderBy(DuckDbReads::sum) + ", ad_id LIMIT " + q.param(limit));
    }

    static Query breakdownQuery(String adId, long from, long to, Dimension by, DimensionFilter filter) {
        Query q = new Query().append("SELECT " + by.field() + " AS k, " + DuckDbSchema.SUM_COUNTS + " FROM ");
        source(q, ReadPlan.of(from, to, CountTable.DAY), List.of(adId), new Rows(filter, true));
        return q.append(" GROUP BY k HAVING " + CountColumn.joined(" OR ", col -> sum(col) + " > 0")
                + " ORDER BY " + sum(CountColumn.CLICKS) + " DESC, k");
    }

    List<BreakdownRow> breakdown(String adId, long from, long to, Dimension by, DimensionFilter filter) throws StoreUnavailableException {
        Query q = breakdownQuery(adId, from, to, by, filter);
        return db.read(c -> {
            List<BreakdownRow> out = new ArrayList<>();
            try (ResultSet rs = q.bind(db, c).executeQuery()) {
                while (rs.next()) out.add(new BreakdownRow(rs.getString(1), counts(rs, 2)));
            }
            return out;
        });
    }

    /** Every total and breakdown row of {@code [from, to)}: both minute tables, in key order. */
    List<MinuteCount> rows(long from, long to) throws StoreUnavailableException {
        Query q = new Query();
        long[] range = clamped(from, to);
        for (boolean totals : new boolean[] {true, false}) {
            q.append(totals ? "" : " UNION ALL ").append("SELECT ad_id, epoch_ms(minute), " + CountTable.dimensionColumns() + ", "
                    + DuckDbSchema.VALUE_COLUMNS + " FROM " + DuckDbSchema.minuteTable(totals) + " WHERE minute >= epoch_ms(?) AND minute < epoch_ms(?)");
            q.params.add(range[0]);
            q.params.add(range[1]);
        }
        // by the key columns (ad, minute, dimensions), which come first in both branches
        q.append(" ORDER BY " + String.join(", ", java.util.stream.IntStream.rangeClosed(1, 2 + CountTable.DIMENSION_COLUMNS.size())
                .mapToObj(Integer::toString).toList()));
        return db.read(c -> {
            List<MinuteCount> out = new ArrayList<>();
            try (ResultSet rs = q.bind(db, c).executeQuery()) {
                while (rs.next()) {
                    Dimensions dims = new Dimensions(rs.getString(3), rs.getString(4), rs.getString(5));
                    out.add(new MinuteCount(rs.getString(1), rs.getLong(2), dims, counts(rs, 6), rs.getLong(6 + CountColumn.ALL.size())));
                }
            }
            return out;
        });
    }

    /** {@code [from, to)} within the range {@link ReadPlan} reads (an empty range stays empty). */
    private static long[] clamped(long from, long to) {
        List<ReadPlan.Segment> all = ReadPlan.of(from, to, CountTable.MINUTE);
        return all.isEmpty() ? new long[] {0, 0} : new long[] {all.get(0).from(), all.get(0).to()};
    }

    private static String sum(CountColumn c) {
        return "sum(" + c.column() + ")";
    }

    /** The count columns of a result row, starting at JDBC column {@code first}, in {@link CountColumn} order. */
    static Counts counts(ResultSet rs, int first) throws SQLException {
        long[] values = new long[CountColumn.ALL.size()];
        for (int i = 0; i < values.length; i++) values[i] = rs.getLong(first + i);
        return Counts.of(values);
    }
}
