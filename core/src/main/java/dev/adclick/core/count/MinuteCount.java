package dev.adclick.core.count;

import dev.adclick.core.dimension.Dimensions;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code ad_clicks_minute} (docs/architecture.md, "Contracts"): the absolute counts of
 * one key and the version of the write. Writers upsert absolute values, so a replay rewrites the
 * same numbers.
 *
 * @param key     ad, minute and dimension values
 * @param counts  absolute counts (checked: none negative, verified part of clicks)
 * @param version the write's version, see {@link WriteVersions}
 */
public record MinuteCount(CountKey key, Counts counts, long version) {
    public MinuteCount {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(counts, "counts").checkAbsolute();
    }

    public MinuteCount(String adId, long minute, Counts counts, long version) {
        this(new CountKey(adId, minute), counts, version);
    }

    public MinuteCount(String adId, long minute, Dimensions dims, Counts counts, long version) {
        this(new CountKey(adId, minute, dims), counts, version);
    }

    public String adId() { return key.adId(); }
    /** The row's dimension values ({@link Dimensions#TOTAL} for the ad's total row). */
    public Dimensions dims() { return key.dims(); }
    /** Start of the minute, epoch millis UTC. */
    public long minute() { return key.minute(); }
    public Instant minuteStart() { return key.minuteStart(); }
    public long clicks() { return counts.clicks(); }
    public long verifiedClicks() { return counts.verifiedClicks(); }
    public long suspiciousClicks() { return counts.suspiciousClicks(); }

    /** Same counts, another version. */
    public MinuteCount withVersion(long newVersion) {
        return new MinuteCount(key, counts, newVersion);
    }

    /** True when both rows hold the same numbers for the same key, whatever their versions. */
    public boolean sameCounts(MinuteCount o) {
        return key.equals(o.key) && counts.equals(o.counts);
    }

    @Override
    public String toString() {
        return key + " " + counts + " v=" + version;
    }
}
