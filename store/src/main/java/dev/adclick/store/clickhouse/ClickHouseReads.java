package dev.adclick.store.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import static dev.adclick.store.clickhouse.ClickHouseSchema.timeRange;

/**
 * The reads of {@link ClickHouseClickStore}: one statement over the parts of a {@link ReadPlan}
 * (days from {@code ad_clicks_day}, hours from {@code ad_clicks_hour}, edges from
 * {@code ad_clicks_minute}), a {@code UNION ALL} branch per part, each taking the winning row per
 * key with {@code argMax(…, version)} ({@link #latestRows}) before the sums above it.
 */
final class ClickHouseReads {
    /** Aliases of the winning row's counts in {@link #latestRows}, and of their sums above it. */
    private static final String LATEST_PREFIX = "l_";
    private static final String SUM_PREFIX = "s_";
    private static final String LATEST_COLUMNS =
            CountColumn.joined(", ", c -> "tupleElement(latest, " + (c.ordinal() + 1) + ") AS " + LATEST_PREFIX + c.column());
    private static final String SUM_LATEST = CountColumn.joined(", ", c -> "sum(" + LATEST_PREFIX + c.column() + ") AS " + SUM_PREFIX + c.column());
    /** A bucket or breakdown row with any non-zero count is not empty (counts are never negative). */
    private static final String ANY_SUM_NON_ZERO = CountColumn.joined(" OR ", c -> SUM_PREFIX + c.column() + " > 0");

    private final ClickHouseHttp http;
    private final String db;

    ClickHouseReads(ClickHouseHttp http, String db) {
        this.http = http;
        this.db = db;
    }

    /**
     * The winning row of each key of {@code table} matching {@code where} (on key columns only),
     * merged by the server or not: columns {@code ad_id}, {@code t} (period start, epoch seconds),
     * the dimensions, {@code l_<count column>} and {@code ver}.
     *
     * <p>{@code argMax} over a tuple, not {@code FINAL}: all counts come from the same row, and
     * memory grows with the keys read rather than with the parts touched. On 18.16 {@code FINAL}
     * merge-sorts every part with read buffers per part and column: a query over 200 daily
     * partitions ran out of a 1 GB memory limit.
     */
    private String latestRows(CountTable table, String where) {
        return latestRows(db + "." + table.table(), table, where);
    }

    /** {@link #latestRows(CountTable, String)} of a table of {@code shape} named {@code qualifiedName}. */
    static String latestRows(String qualifiedName, CountTable shape, String where) {
        String time = shape.timeColumn();
        return "SELECT ad_id, toUInt32(" + time + ") AS t, " + CountTable.dimensionColumns() + ","
                + " argMax(tuple(" + CountColumn.join("", "") + "), version) AS latest, " + LATEST_COLUMNS + ", max(version) AS ver"
                + " FROM " + qualifiedName + " WHERE " + where
                + " GROUP BY ad_id, " + time + ", " + CountTable.dimensionColumns();
    }

    /** {@code l_<column>}: a count of the winning row in {@link #latestRows}. */
    static String latest(CountColumn c) {
        return LATEST_PREFIX + c.column();
    }

    /** The selected rows of the plan's parts, one {@code UNION ALL} branch per part (an empty plan: no rows). */
    private String source(List<ReadPlan.Segment> plan, Collection<String> ads, DimensionFilter filter, boolean breakdownOnly) {
        if (plan.isEmpty()) plan = List.of(new ReadPlan.Segment(CountTable.MINUTE, 0, 0));
        String adCondition = ads == null ? "" : " AND ad_id IN (" + ads.stream().map(ClickHouseSchema::literal).collect(Collectors.joining(",")) + ")";
        String dims = " AND " + (breakdownOnly ? DimensionSql.breakdownRows(filter, ClickHouseSchema::literal)
                : DimensionSql.where(filter, ClickHouseSchema::literal));
        return "(" + plan.stream()
                .map(seg -> latestRows(seg.table(), timeRange(seg.table().timeColumn(), seg.from(), seg.to()) + adCondition + dims))
                .collect(Collectors.joining(" UNION ALL ")) + ")";
    }

    List<Bucket> series(String adId, long from, long to, Granularity g, DimensionFilter filter) throws StoreUnavailableException {
        long bucketSeconds = g.millis() / 1000;
        // epoch-second arithmetic, not toStartOfHour/Day: those would follow the server's zone
        String sql = "SELECT intDiv(t, " + bucketSeconds + ") * " + bucketSeconds + " AS bucket, " + SUM_LATEST
                + " FROM " + source(ReadPlan.of(from, to, g), List.of(adId), filter, false)
                + " GROUP BY bucket HAVING " + ANY_SUM_NON_ZERO + " ORDER BY bucket";
        return http.select(sql, n -> new Bucket(n.get("bucket").asLong() * 1000, sums(n)));
    }

    Counts totals(Collection<String> onlyAds, long from, long to, DimensionFilter filter) throws StoreUnavailableException {
        if (onlyAds != null && onlyAds.isEmpty()) return Counts.ZERO;
        String sql = "SELECT " + SUM_LATEST + " FROM " + source(ReadPlan.of(from, to, CountTable.DAY), onlyAds, filter, false);
        List<Counts> out = http.select(sql, ClickHouseReads::sums);
        return out.isEmpty() ? Counts.ZERO : out.get(0);
    }

    List<AdCounts> top(long from, long to, int limit, Collection<String> onlyAds, TopOrder by, long minImpressions,
                       DimensionFilter filter) throws StoreUnavailableException {
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        if (onlyAds != null && onlyAds.isEmpty()) return List.of();
        String sql = "SELECT ad_id, " + SUM_LATEST + " FROM " + source(ReadPlan.of(from, to, CountTable.DAY), onlyAds, filter, false)
                + " GROUP BY ad_id HAVING " + by.having(c -> SUM_PREFIX + c.column(), minImpressions)
                + " ORDER BY " + by.orderBy(c -> SUM_PREFIX + c.column()) + ", ad_id LIMIT " + limit;
        return http.select(sql, n -> new AdCounts(n.get("ad_id").asText(), sums(n)));
    }

    List<BreakdownRow> breakdown(String adId, long from, long to, Dimension by, DimensionFilter filter) throws StoreUnavailableException {
        String sql = "SELECT " + by.field() + " AS k, " + SUM_LATEST
                + " FROM " + source(ReadPlan.of(from, to, CountTable.DAY), List.of(adId), filter, true)
                + " GROUP BY k HAVING " + ANY_SUM_NON_ZERO + " ORDER BY " + SUM_PREFIX + CountColumn.CLICKS.column() + " DESC, k";
        return http.select(sql, n -> new BreakdownRow(n.get("k").asText(), sums(n)));
    }

    List<MinuteCount> rows(long from, long to) throws StoreUnavailableException {
        List<ReadPlan.Segment> range = ReadPlan.of(from, to, CountTable.MINUTE);
        if (range.isEmpty()) return List.of();
        String sql = latestRows(CountTable.MINUTE, timeRange(CountTable.MINUTE.timeColumn(), range.get(0).from(), range.get(0).to()))
                + " ORDER BY ad_id, t, " + CountTable.dimensionColumns();
        return http.select(sql, n -> new MinuteCount(n.get("ad_id").asText(), n.get("t").asLong() * 1000,
                new Dimensions(n.get(Dimension.PLACEMENT.field()).asText(), n.get(Dimension.COUNTRY.field()).asText(),
                        n.get(Dimension.DEVICE.field()).asText()),
                Counts.of(c -> n.get(LATEST_PREFIX + c.column()).asLong()), n.get("ver").asLong()));
    }

    private static Counts sums(JsonNode n) {
        return Counts.of(c -> n.get(SUM_PREFIX + c.column()).asLong());
    }
}
