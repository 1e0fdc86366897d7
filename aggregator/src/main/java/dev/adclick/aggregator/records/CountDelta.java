package dev.adclick.aggregator.records;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.dimension.Dimensions;

import java.util.Arrays;

/**
 * A change to the counts of one breakdown row (ad, minute, dimension values), emitted by the fraud
 * stage (clicks) and the impressions' lateness stage, and summed by the combiner and the per-minute
 * stage. A delta is never of the total row: the per-minute stage makes the total as the sum of its
 * breakdown rows.
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
 * and boxed values) on every chained hand-over; convert with {@link #key()}. The dimension values
 * are kept as {@link Dimensions#of} normalised them (never {@link Dimensions#ALL}); a delta of a
 * job before dimensions (null fields) reads as the all-{@code unknown} row.
 */
public class CountDelta {
    private String adId;
    private long minute;
    private String placement;
    private String country;
    private String device;
    private long[] counts;
    /**
     * The newest event time (epoch ms) among the events summed in, 0 if unknown: carried to the sink
     * so it can measure event → visible freshness. Not part of equality: it is a measurement, not a count.
     */
    private long eventTime;

    public CountDelta() {}

    /** A delta of a breakdown row's key. */
    public static CountDelta of(CountKey key, Counts counts) {
        return of(key.adId(), key.minute(), key.dims(), counts);
    }

    /**
     * The hot path's form: no key object per event.
     *
     * @param dims an event's dimensions ({@link Dimensions#of}), not the total row
     */
    public static CountDelta of(String adId, long minute, Dimensions dims, Counts counts) {
        if (dims.isTotal()) throw new IllegalArgumentException("a delta is of one breakdown row, never of the total row: " + adId);
        CountDelta d = new CountDelta();
        d.adId = adId;
        d.minute = minute;
        d.placement = dims.placement();
        d.country = dims.country();
        d.device = dims.device();
        d.counts = new long[CountColumn.ALL.size()];
        counts.addTo(d.counts);
        return d;
    }

    /** The breakdown row's key: ad, minute and dimensions. */
    public CountKey key() {
        return new CountKey(adId, minute, dims());
    }

    /** The dimension values of the row (all {@code unknown} for a delta without them). */
    public Dimensions dims() {
        return Dimensions.of(placement, country, device);
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
    public String getPlacement() { return placement; }
    public void setPlacement(String placement) { this.placement = placement; }
    public String getCountry() { return country; }
    public void setCountry(String country) { this.country = country; }
    public String getDevice() { return device; }
    public void setDevice(String device) { this.device = device; }
    public long[] getCounts() { return counts; }
    public void setCounts(long[] counts) { this.counts = counts; }
    /** The newest event time of the events summed in, epoch ms; 0 if unknown. */
    public long getEventTime() { return eventTime; }
    public void setEventTime(long eventTime) { this.eventTime = eventTime; }

    @Override
    public boolean equals(Object o) {
        return o instanceof CountDelta d && adId.equals(d.adId) && minute == d.minute && dims().equals(d.dims())
                && Arrays.equals(counts, d.counts);
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
