package dev.adclick.aggregator.records;

import dev.adclick.core.count.MinuteCount;

/**
 * What the store sink receives: either the absolute counts of one (ad, minute) or an increment
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
    private String adId;
    private long minute;
    private long clicks;
    private long verified;
    private long suspicious;

    public StoreRecord() {}

    public static StoreRecord count(String adId, long minute, long clicks, long verified, long suspicious) {
        StoreRecord r = new StoreRecord();
        r.kind = Kind.COUNT;
        r.adId = adId;
        r.minute = minute;
        r.clicks = clicks;
        r.verified = verified;
        r.suspicious = suspicious;
        return r;
    }

    /** An increment of a counter; the amount is carried in {@code clicks}. */
    public static StoreRecord counter(Kind kind, long amount) {
        if (kind == Kind.COUNT) throw new IllegalArgumentException("COUNT is not a counter");
        StoreRecord r = new StoreRecord();
        r.kind = kind;
        r.clicks = amount;
        return r;
    }

    public MinuteCount toMinuteCount(long version) {
        return new MinuteCount(adId, minute, clicks, verified, suspicious, version);
    }

    public boolean isCount() { return kind == Kind.COUNT; }

    public Kind getKind() { return kind; }
    public void setKind(Kind kind) { this.kind = kind; }
    public String getAdId() { return adId; }
    public void setAdId(String adId) { this.adId = adId; }
    public long getMinute() { return minute; }
    public void setMinute(long minute) { this.minute = minute; }
    public long getClicks() { return clicks; }
    public void setClicks(long clicks) { this.clicks = clicks; }
    public long getVerified() { return verified; }
    public void setVerified(long verified) { this.verified = verified; }
    public long getSuspicious() { return suspicious; }
    public void setSuspicious(long suspicious) { this.suspicious = suspicious; }

    @Override
    public String toString() {
        return kind == Kind.COUNT
                ? "StoreRecord{" + adId + "@" + minute + " " + clicks + "/" + verified + "/" + suspicious + "}"
                : "StoreRecord{" + kind + " +" + clicks + "}";
    }
}
