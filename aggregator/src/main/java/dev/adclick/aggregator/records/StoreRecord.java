package dev.adclick.aggregator.records;

import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;

/**
 * What the store sink receives: either the absolute counts of one key (ad, minute) or an increment
 * of one of the pipeline counters (duplicates, invalid, too-late).
 *
 * <p>Counters travel in-band with the data, so the sink keeps them in its checkpointed state and
 * they are exact across restarts (a replay after a restore re-sends exactly the increments that
 * the restored state has not seen).
 */
public class StoreRecord {
    /** What a record carries. */
    public enum Kind { COUNT, DUPLICATES, INVALID, TOO_LATE }

    private Kind kind;
    private CountKey key;
    private Counts counts;
    private long amount;

    public StoreRecord() {}

    public static StoreRecord count(CountKey key, Counts counts) {
        StoreRecord r = new StoreRecord();
        r.kind = Kind.COUNT;
        r.key = key;
        r.counts = counts;
        return r;
    }

    /** An increment of a counter. */
    public static StoreRecord counter(Kind kind, long amount) {
        if (kind == Kind.COUNT) throw new IllegalArgumentException("COUNT is not a counter");
        StoreRecord r = new StoreRecord();
        r.kind = kind;
        r.amount = amount;
        return r;
    }

    public MinuteCount toMinuteCount(long version) {
        return new MinuteCount(key, counts, version);
    }

    public boolean isCount() { return kind == Kind.COUNT; }

    public Kind getKind() { return kind; }
    public void setKind(Kind kind) { this.kind = kind; }
    public CountKey getKey() { return key; }
    public void setKey(CountKey key) { this.key = key; }
    public Counts getCounts() { return counts; }
    public void setCounts(Counts counts) { this.counts = counts; }
    /** The increment of a counter record. */
    public long getAmount() { return amount; }
    public void setAmount(long amount) { this.amount = amount; }

    @Override
    public String toString() {
        return kind == Kind.COUNT ? "StoreRecord{" + key + " " + counts + "}" : "StoreRecord{" + kind + " +" + amount + "}";
    }
}
