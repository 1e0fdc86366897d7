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
 * <p>A mutable Flink POJO rather than a {@link CountKey} with {@link Counts} on purpose: one is
 * emitted and copied per click (118k/s in the benchmark) and the combiner sums into it in place.
 * The counts are a {@code long[]} in {@link CountColumn} order, so this class names no count
 * column; convert with {@link #counts()}. The key's components are plain fields, not a
 * {@code CountKey}, because Flink copies a record-typed field through a builder (an argument array
 * and boxed values) on every chained hand-over; convert with {@link #key()}.
 */
public class CountDelta {
    private String adId;
    private long minute;
    private long[] counts;
    /**
     * The newest event time (epoch ms) among the events summed in, 0 if unknown: carried to the sink
     * so it can measure event → visible freshness. Not part of equality: it is a measurement, not a count.
     */
    private long eventTime;

    public CountDelta() {}

    public static CountDelta of(CountKey key, Counts counts) {
        return of(key.adId(), key.minute(), counts);
    }

    /** The hot path's form: no key object per click. */
    public static CountDelta of(String adId, long minute, Counts counts) {
        CountDelta d = new CountDelta();
        d.adId = adId;
        d.minute = minute;
        d.counts = new long[CountColumn.ALL.size()];
        counts.addTo(d.counts);
        return d;
    }

    public CountKey key() {
        return new CountKey(adId, minute);
    }

    /** Sets the newest event time of this delta's events (see {@link #getEventTime()}); returns this. */
    public CountDelta at(long eventTime) {
        this.eventTime = eventTime;
        return this;
    }

    /** Adds another delta of the same key into this one. */
    public void add(CountDelta other) {
        other.addTo(counts);
        eventTime = Math.max(eventTime, other.eventTime);
    }

    /** Adds this delta into accumulated counts in {@link CountColumn} order, without allocating. */
    public void addTo(long[] target) {
        for (int i = 0; i < target.length; i++) target[i] += counts[i];
    }

    public Counts counts() {
        return Counts.of(counts);
    }

    public String getAdId() { return adId; }
    public void setAdId(String adId) { this.adId = adId; }
    public long getMinute() { return minute; }
    public void setMinute(long minute) { this.minute = minute; }
    public long[] getCounts() { return counts; }
    public void setCounts(long[] counts) { this.counts = counts; }
    /** The newest event time of the events summed in, epoch ms; 0 if unknown. */
    public long getEventTime() { return eventTime; }
    public void setEventTime(long eventTime) { this.eventTime = eventTime; }

    @Override
    public boolean equals(Object o) {
        return o instanceof CountDelta d && adId.equals(d.adId) && minute == d.minute && Arrays.equals(counts, d.counts);
    }

    @Override
    public int hashCode() {
        return adId.hashCode() * 31 + Long.hashCode(minute);
    }

    @Override
    public String toString() {
        return "CountDelta{" + key() + " " + counts() + "}";
    }
}
