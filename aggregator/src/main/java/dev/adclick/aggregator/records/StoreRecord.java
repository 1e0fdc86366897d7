package dev.adclick.aggregator.records;

import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.core.reach.HourReach;

import java.util.ArrayList;
import java.util.List;

/**
 * What the store sink receives: the absolute counts of one (ad, minute), the absolute reach
 * sketch of one (ad, hour), or an increment of one of the pipeline counters (duplicates, invalid,
 * too-late; clicks and impressions alike).
 *
 * <p>A count record is a <em>unit</em>: the minute's total row and all its breakdown rows, the
 * total being the sum of the breakdown rows by construction ({@link #count}). The sink writes a
 * unit within one store call, which the store applies atomically, so a reader never sees a total
 * that differs from the sum of its breakdown rows (docs/architecture.md, store tables).
 *
 * <p>Counters travel in-band with the data, so the sink keeps them in its checkpointed state and
 * they are exact across restarts (a replay after a restore re-sends exactly the increments that
 * the restored state has not seen).
 */
public class StoreRecord {
    /** What a record carries. */
    public enum Kind { COUNT, DUPLICATES, INVALID, TOO_LATE, REACH }

    private Kind kind;
    /** Of a COUNT record: the total row's key and counts. */
    private CountKey key;
    private Counts counts;
    /** Of a COUNT record: the breakdown rows' dimension values and counts (same order). */
    private Dimensions[] breakdownDims;
    private Counts[] breakdownCounts;
    /** The sketch of a REACH record; its version is set by the sink when it writes. */
    private HourReach reach;
    private long amount;
    /** Of a COUNT record: the newest event time in its counts, epoch ms (0: unknown); the sink's event → visible figure. */
    private long eventTime;

    public StoreRecord() {}

    /**
     * The unit of one (ad, minute): its breakdown rows and, as their sum, its total row.
     *
     * @param total     the total row's key ({@link Dimensions#TOTAL})
     * @param dims      each breakdown row's dimension values (none the total's, no two equal)
     * @param counts    each breakdown row's absolute counts, in the order of {@code dims}
     * @param eventTime the newest event time in the counts, epoch ms (0 if unknown)
     */
    public static StoreRecord count(CountKey total, Dimensions[] dims, Counts[] counts, long eventTime) {
        if (!total.isTotal()) throw new IllegalArgumentException("a unit is keyed by its total row, not " + total);
        if (dims.length != counts.length) throw new IllegalArgumentException(dims.length + " dimension values for " + counts.length + " rows");
        Counts sum = Counts.ZERO;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i].isTotal()) throw new IllegalArgumentException("a breakdown row of " + total + " has the total's dimensions");
            sum = sum.plus(counts[i]);
        }
        StoreRecord r = new StoreRecord();
        r.kind = Kind.COUNT;
        r.key = total;
        r.counts = sum;
        r.breakdownDims = dims.clone();
        r.breakdownCounts = counts.clone();
        r.eventTime = eventTime;
        return r;
    }

    /** The users of one ad's rendered impressions in one UTC hour so far, as {@code UniqueUsers.toBytes()}. */
    public static StoreRecord reach(String adId, long hour, byte[] sketch) {
        StoreRecord r = new StoreRecord();
        r.kind = Kind.REACH;
        r.reach = new HourReach(adId, hour, sketch, 0);
        return r;
    }

    /** An increment of a counter. */
    public static StoreRecord counter(Kind kind, long amount) {
        if (kind == Kind.COUNT || kind == Kind.REACH) throw new IllegalArgumentException(kind + " is not a counter");
        StoreRecord r = new StoreRecord();
        r.kind = kind;
        r.amount = amount;
        return r;
    }

    /** The unit's rows, the total row first, all with this version. */
    public List<MinuteCount> toMinuteCounts(long version) {
        List<MinuteCount> rows = new ArrayList<>(rowCount());
        rows.add(new MinuteCount(key, counts, version));
        for (int i = 0; i < breakdownDims.length; i++) {
            rows.add(new MinuteCount(new CountKey(key.adId(), key.minute(), breakdownDims[i]), breakdownCounts[i], version));
        }
        return rows;
    }

    /** How many store rows a COUNT record makes: the total and its breakdown rows. */
    public int rowCount() {
        return 1 + (breakdownDims == null ? 0 : breakdownDims.length);
    }

    public HourReach toHourReach(long version) {
        return new HourReach(reach.adId(), reach.hour(), reach.sketch(), version);
    }

    public boolean isCount() { return kind == Kind.COUNT; }

    public Kind getKind() { return kind; }
    public void setKind(Kind kind) { this.kind = kind; }
    public CountKey getKey() { return key; }
    public void setKey(CountKey key) { this.key = key; }
    /** Of a COUNT record: the total row's counts. */
    public Counts getCounts() { return counts; }
    public void setCounts(Counts counts) { this.counts = counts; }
    public Dimensions[] getBreakdownDims() { return breakdownDims; }
    public void setBreakdownDims(Dimensions[] breakdownDims) { this.breakdownDims = breakdownDims; }
    public Counts[] getBreakdownCounts() { return breakdownCounts; }
    public void setBreakdownCounts(Counts[] breakdownCounts) { this.breakdownCounts = breakdownCounts; }
    public HourReach getReach() { return reach; }
    public void setReach(HourReach reach) { this.reach = reach; }
    /** The increment of a counter record. */
    public long getAmount() { return amount; }
    public void setAmount(long amount) { this.amount = amount; }
    /** Of a COUNT record: the newest event time in its counts, epoch ms; 0 if unknown. */
    public long getEventTime() { return eventTime; }
    public void setEventTime(long eventTime) { this.eventTime = eventTime; }

    @Override
    public String toString() {
        return switch (kind) {
            case COUNT -> "StoreRecord{" + key + " " + counts + breakdownText() + "}";
            case REACH -> "StoreRecord{" + reach + "}";
            default -> "StoreRecord{" + kind + " +" + amount + "}";
        };
    }

    private String breakdownText() {
        StringBuilder b = new StringBuilder(" [");
        for (int i = 0; breakdownDims != null && i < breakdownDims.length; i++) {
            b.append(i == 0 ? "" : ", ").append(breakdownDims[i]).append(' ').append(breakdownCounts[i]);
        }
        return b.append(']').toString();
    }
}
