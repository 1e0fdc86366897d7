package dev.adclick.core.reach;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One row of {@code ad_reach_hour} (docs/architecture.md, Contracts, store table): the users of one
 * ad's rendered impressions in one UTC hour, as a serialized {@link UniqueUsers} sketch, absolute
 * and versioned like {@code MinuteCount} (the highest version wins, so a replay rewrites the same
 * sketch and a reconciled one cannot be overwritten by the stream).
 *
 * @param adId    the ad
 * @param hour    start of the UTC hour, epoch ms (a whole hour)
 * @param sketch  {@link UniqueUsers#toBytes()}
 * @param version see {@code core/…/count/WriteVersions}
 */
public record HourReach(String adId, long hour, byte[] sketch, long version) {
    public static final long HOUR_MS = 3_600_000L;
    /** JSON field names (admin rows API and its reconcile client). */
    public static final String AD_ID = "ad_id", HOUR = "hour", SKETCH = "sketch", VERSION = "version";

    public HourReach {
        Objects.requireNonNull(adId, "adId");
        Objects.requireNonNull(sketch, "sketch");
        if (Math.floorMod(hour, HOUR_MS) != 0) throw new IllegalArgumentException("hour must be a whole UTC hour: " + Instant.ofEpochMilli(hour));
    }

    public static HourReach of(String adId, long hour, UniqueUsers users, long version) {
        return new HourReach(adId, hour, users.toBytes(), version);
    }

    /** Start of the UTC hour {@code ts} falls in. */
    public static long hourOf(long ts) {
        return Math.floorDiv(ts, HOUR_MS) * HOUR_MS;
    }

    public UniqueUsers users() {
        return UniqueUsers.fromBytes(sketch);
    }

    /** The estimated distinct users of this hour. */
    public long estimate() {
        return users().estimate();
    }

    /** Same users for the same key, whatever the versions or the sketches' byte layout ({@link UniqueUsers#sameUsers}). */
    public boolean sameUsers(HourReach o) {
        return adId.equals(o.adId) && hour == o.hour && UniqueUsers.sameUsers(sketch, o.sketch);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HourReach r && adId.equals(r.adId) && hour == r.hour && version == r.version && Arrays.equals(sketch, r.sketch);
    }

    @Override
    public int hashCode() {
        return Objects.hash(adId, hour, version, Arrays.hashCode(sketch));
    }

    @Override
    public String toString() {
        return adId + " " + Instant.ofEpochMilli(hour) + " users≈" + estimate() + " v=" + version;
    }
}
