package dev.adclick.core.count;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code ad_clicks_minute} (DESIGN §3.3): absolute counts of one ad in one UTC minute.
 *
 * <p>{@code clicks} counts every click not flagged suspicious (verified or not);
 * {@code verifiedClicks} is the verified part of it; {@code suspiciousClicks} is counted apart.
 * Writers upsert these absolute values, so a replay rewrites the same numbers.
 */
public final class MinuteCount {
    private final String adId;
    private final long minute;
    private final long clicks;
    private final long verifiedClicks;
    private final long suspiciousClicks;
    private final long version;

    public MinuteCount(String adId, long minute, long clicks, long verifiedClicks,
                       long suspiciousClicks, long version) {
        this.adId = Objects.requireNonNull(adId, "adId");
        if (minute % 60_000L != 0) throw new IllegalArgumentException("minute must be a whole UTC minute: " + minute);
        if (clicks < 0 || verifiedClicks < 0 || suspiciousClicks < 0) {
            throw new IllegalArgumentException("counts must be >= 0: " + clicks + "/" + verifiedClicks + "/" + suspiciousClicks);
        }
        if (verifiedClicks > clicks) throw new IllegalArgumentException("verifiedClicks > clicks: " + verifiedClicks + " > " + clicks);
        this.minute = minute;
        this.clicks = clicks;
        this.verifiedClicks = verifiedClicks;
        this.suspiciousClicks = suspiciousClicks;
        this.version = version;
    }

    public String adId() { return adId; }
    /** Start of the minute, epoch millis UTC. */
    public long minute() { return minute; }
    public Instant minuteStart() { return Instant.ofEpochMilli(minute); }
    public long clicks() { return clicks; }
    public long verifiedClicks() { return verifiedClicks; }
    public long suspiciousClicks() { return suspiciousClicks; }
    public long version() { return version; }

    /** Same counts, another version. */
    public MinuteCount withVersion(long newVersion) {
        return new MinuteCount(adId, minute, clicks, verifiedClicks, suspiciousClicks, newVersion);
    }

    /** True when both rows hold the same numbers for the same key, whatever their versions. */
    public boolean sameCounts(MinuteCount o) {
        return adId.equals(o.adId) && minute == o.minute && clicks == o.clicks
                && verifiedClicks == o.verifiedClicks && suspiciousClicks == o.suspiciousClicks;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof MinuteCount)) return false;
        MinuteCount m = (MinuteCount) o;
        return sameCounts(m) && version == m.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(adId, minute, clicks, verifiedClicks, suspiciousClicks, version);
    }

    @Override
    public String toString() {
        return adId + "@" + minuteStart() + " clicks=" + clicks + " verified=" + verifiedClicks
                + " suspicious=" + suspiciousClicks + " v=" + version;
    }
}
