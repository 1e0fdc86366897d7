package dev.adclick.store.duckdb;

import dev.adclick.core.count.CountColumn;
import dev.adclick.store.CountTable;
import dev.adclick.store.Granularity;
import dev.adclick.store.ReadPlan;

/**
 * The closing minute edge of a read, {@code [H, to)} with {@code H} a whole hour and {@code to}
 * inside that hour (the "until now" of a 30-day breakdown, of totals, of a top), answered from the
 * hour rollup row of {@code H} when no minute row of any ad lies in {@code [to, H + 1 h)}: that row
 * is then the sum of exactly the range's minutes. Otherwise from the minute rows, as before. One
 * {@code FROM} item with both branches, each guarded by the same {@code EXISTS}, so both answers
 * come from one snapshot (no write can slip in between the check and the read). Why: the minute
 * edge scans every ad's rows of those minutes (the minute table is in stream order; a deep ad is past
 * DuckDB's index limit), ~20 ms at 20k ads; the guard reads the row groups at {@code to} by their
 * zone maps, and DuckDB stops the minute branch at once when its guard is empty (cross product with
 * an empty side). Measured in docs/benchmarks.md, Query API. Times are longs of the read plan,
 * inlined; the ad and the bounds stay the read's {@code ?} parameters outside this item.
 */
final class DuckDbHourEdge {
    private static final long HOUR = Granularity.HOUR.millis();

    private DuckDbHourEdge() {}

    /** Whether {@code seg} is such an edge (a series of minute buckets never takes an hour row). */
    static boolean applies(ReadPlan.Segment seg, boolean hourRowsAllowed) {
        return hourRowsAllowed && seg.table() == CountTable.MINUTE && Math.floorMod(seg.from(), HOUR) == 0 && seg.to() - seg.from() < HOUR;
    }

    /** The edge's rows of {@code minuteTable} (total or breakdown rows), with the minute table's column names. */
    static String rows(String minuteTable, ReadPlan.Segment seg) {
        long h = seg.from(), to = seg.to();
        String later = "(SELECT 1 FROM " + DuckDbSchema.TABLE + " WHERE " + within(to, h + HOUR)
                + " UNION ALL SELECT 1 FROM " + DuckDbSchema.TOTALS + " WHERE " + within(to, h + HOUR) + ")";
        String values = CountTable.dimensionColumns() + ", " + CountColumn.join("", "");
        return "(SELECT ad_id, minute, " + values + " FROM " + minuteTable + " WHERE " + within(h, to) + " AND EXISTS " + later
                + " UNION ALL SELECT ad_id, hour AS minute, " + values + " FROM " + CountTable.HOUR.table()
                + " WHERE hour = epoch_ms(" + h + ") AND NOT EXISTS " + later + ")";
    }

    private static String within(long from, long to) {
        return "minute >= epoch_ms(" + from + ") AND minute < epoch_ms(" + to + ")";
    }
}
