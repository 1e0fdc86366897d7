package dev.adclick.aggregator.records;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;

import java.util.Arrays;

/**
 * A change to the counts of one key (ad, minute), emitted by the fraud stage and summed by the
 * combiner and the per-minute stage.
 *
 * <p>Usually {@code +1} click (and {@code +1} verified if it was verified) or {@code +1}
 * suspicious; when a group of clicks turns suspicious it retracts what it had counted:
 * {@code -n} clicks, {@code -v} verified, {@code +n} suspicious.
 *
 * <p>A mutable Flink POJO rather than {@link Counts} on purpose: one is emitted per click (118k/s
 * in the benchmark) and the combiner sums into it in place. The counts are a {@code long[]} in
 * {@link CountColumn} order, so this class names no count column; convert with {@link #counts()}.
 */
public class CountDelta {
    private CountKey key;
    private long[] counts;

    public CountDelta() {}

    public static CountDelta of(CountKey key, Counts counts) {
        CountDelta d = new CountDelta();
        d.key = key;
        d.counts = new long[CountColumn.ALL.size()];
        counts.addTo(d.counts);
        return d;
    }

    /** Adds another delta of the same key into this one. */
    public void add(CountDelta other) {
        other.addTo(counts);
    }

    /** Adds this delta into accumulated counts in {@link CountColumn} order, without allocating. */
    public void addTo(long[] target) {
        for (int i = 0; i < target.length; i++) target[i] += counts[i];
    }

    public Counts counts() {
        return Counts.of(counts);
    }

    public CountKey getKey() { return key; }
    public void setKey(CountKey key) { this.key = key; }
    public long[] getCounts() { return counts; }
    public void setCounts(long[] counts) { this.counts = counts; }

    @Override
    public boolean equals(Object o) {
        return o instanceof CountDelta d && key.equals(d.key) && Arrays.equals(counts, d.counts);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return "CountDelta{" + key + " " + counts() + "}";
    }
}
