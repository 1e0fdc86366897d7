package dev.adclick.aggregator.records;

import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.reach.HourReach;

/**
 * What the store sink receives: the absolute counts of one key (ad, minute), the absolute reach
 * sketch of one (ad, hour), or an increment of one of the pipeline counters (duplicates, invalid,
 * too-late; clicks and impressions alike).
 *
 * <p>Counters travel in-band with the data, so the sink keeps them in its checkpointed state and
 * they are exact across restarts (a replay after a restore re-sends exactly the increments that
 * the restored state has not seen).
 */
public class StoreRecord {
    /** What a record carries. */
    public enum Kind { COUNT, DUPLICATES, INVALID, TOO_LATE, REACH }

    private Kind kind;
    private CountKey key;
    private Counts counts;
    /** The sketch of a REACH record; its version is set by the sink when it writes. */
    private HourReach reach;
    private long amount;
    /** Of a COUNT record: the newest event time in its counts, epoch ms (0: unknown); the sink's event → visible figure. */
    private long eventTime;

    public StoreRecord() {}

    public static StoreRecord count(CountKey key, Counts counts) {
        StoreRecord r = new StoreRecord();
        r.kind = Kind.COUNT;
        r.key = key;
        r.counts = counts;
        return r;
    }

    /** {@link #count(CountKey, Counts)} whose newest event happened at {@code eventTime} (epoch ms, 0 if unknown). */
    public static StoreRecord count(CountKey key, Counts counts, long eventTime) {
        StoreRecord r = count(key, counts);
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

    public MinuteCount toMinuteCount(long version) {
        return new MinuteCount(key, counts, version);
    }

    public HourReach toHourReach(long version) {
        return new HourReach(reach.adId(), reach.hour(), reach.sketch(), version);
    }

    public boolean isCount() { return kind == Kind.COUNT; }

    public Kind getKind() { return kind; }
    public void setKind(Kind kind) { this.kind = kind; }
    public CountKey getKey() { return key; }
    public void setKey(CountKey key) { this.key = key; }
    public Counts getCounts() { return counts; }
    public void setCounts(Counts counts) { this.counts = counts; }
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
            case COUNT -> "StoreRecord{" + key + " " + counts + "}";
            case REACH -> "StoreRecord{" + reach + "}";
            default -> "StoreRecord{" + kind + " +" + amount + "}";
        };
    }
}
