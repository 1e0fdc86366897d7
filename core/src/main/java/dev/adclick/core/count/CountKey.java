package dev.adclick.core.count;

import java.time.Instant;
import java.util.Objects;

/**
 * What counts are kept per: one ad in one UTC minute (the key of {@code ad_clicks_minute}). The one
 * key type of the aggregator, the stores, reconciliation and the query API; dimensions (placement,
 * country, device) become components here.
 *
 * @param adId   the ad, not null
 * @param minute start of the UTC minute, epoch millis (a whole minute)
 */
public record CountKey(String adId, long minute) {
    /** Key column and JSON field names. */
    public static final String AD_ID = "ad_id";
    public static final String MINUTE = "minute";
    public static final long MINUTE_MS = 60_000L;

    public CountKey {
        Objects.requireNonNull(adId, "adId");
        if (minute % MINUTE_MS != 0) throw new IllegalArgumentException("minute must be a whole UTC minute: " + minute);
    }

    /** The key of an event at {@code ts} (epoch millis). */
    public static CountKey at(String adId, long ts) {
        return new CountKey(adId, minuteOf(ts));
    }

    /** Start of the UTC minute that holds {@code ts}. */
    public static long minuteOf(long ts) {
        return Math.floorDiv(ts, MINUTE_MS) * MINUTE_MS;
    }

    public Instant minuteStart() {
        return Instant.ofEpochMilli(minute);
    }

    @Override
    public String toString() {
        return adId + "@" + minuteStart();
    }
}
