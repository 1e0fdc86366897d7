package dev.adclick.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Which table answers which part of a read's range (docs/architecture.md, store tables, read plan):
 * {@code [from, to)} splits into whole UTC days (day rollup), whole hours at the day edges (hour
 * rollup) and minutes at the hour edges (minute table). Each part is exact, as every rollup row
 * is the sum of the minute rows of its period. A series of granularity {@code g} reads no table
 * coarser than {@code g}, so each bucket is built from rows that lie inside it.
 */
public final class ReadPlan {
    /**
     * Ranges are clamped here first, to whole days: ±50M days (±137,000 years) holds every storable
     * minute, keeps the arithmetic below from overflowing on {@code Long.MIN_VALUE}/{@code MAX_VALUE}
     * ranges and stays inside DuckDB's timestamp range (±292,000 years).
     */
    static final long LATEST = 50_000_000L * Granularity.DAY.millis();
    static final long EARLIEST = -LATEST;

    /** One part of a range, {@code [from, to)} epoch ms, read from {@code table}. */
    public record Segment(CountTable table, long from, long to) {}

    private ReadPlan() {}

    /** The parts of {@code [from, to)} using tables up to {@code coarsest}; empty for an empty range. */
    public static List<Segment> of(long from, long to, CountTable coarsest) {
        long lo = Math.max(from, EARLIEST);
        long hi = Math.min(to, LATEST);
        List<Segment> out = new ArrayList<>();
        if (lo < hi) split(lo, hi, coarsest, out);
        return out;
    }

    /** The parts of a series' range: rollups only up to the bucket size. */
    public static List<Segment> of(long from, long to, Granularity g) {
        return of(from, to, CountTable.of(g));
    }

    private static void split(long lo, long hi, CountTable table, List<Segment> out) {
        if (table == CountTable.MINUTE) {
            out.add(new Segment(table, lo, hi));
            return;
        }
        long p = table.period().millis();
        long first = -Math.floorDiv(-lo, p) * p; // first whole period at or after lo
        long last = Math.floorDiv(hi, p) * p;     // end of the last whole period at or before hi
        CountTable finer = table.source().orElseThrow();
        if (first >= last) {
            split(lo, hi, finer, out);
            return;
        }
        if (lo < first) split(lo, first, finer, out);
        out.add(new Segment(table, first, last));
        if (last < hi) split(last, hi, finer, out);
    }
}
