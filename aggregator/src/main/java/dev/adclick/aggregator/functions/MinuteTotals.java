package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.CountDelta;
import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.Counts;

/**
 * Counting-stage state of one (ad, minute): absolute counts and whether they changed since last
 * emitted. A mutable Flink POJO (state is read and written per delta), its counts a
 * {@code long[]} in {@link CountColumn} order so that it names no count column.
 */
public class MinuteTotals {
    private long[] counts = new long[CountColumn.ALL.size()];
    private boolean dirty;

    public MinuteTotals() {}

    void add(CountDelta d) {
        // state restored from a version that kept the counts in named fields has none: start from zero
        if (counts == null) counts = new long[CountColumn.ALL.size()];
        d.addTo(counts);
        dirty = true;
    }

    Counts counts() {
        return Counts.of(counts);
    }

    public long[] getCounts() { return counts; }
    public void setCounts(long[] counts) { this.counts = counts; }
    public boolean isDirty() { return dirty; }
    public void setDirty(boolean dirty) { this.dirty = dirty; }
}
