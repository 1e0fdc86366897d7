package dev.adclick.core.count;

import dev.adclick.core.dimension.Dimensions;

import java.time.Instant;
import java.util.Objects;

/**
 * What counts are kept per: one ad in one UTC minute, for all dimension values together
 * ({@link Dimensions#TOTAL}, the per-ad row) or for one combination of them (a breakdown row): the
 * key of {@code ad_clicks_minute}. The one key type of the aggregator, the stores, reconciliation
 * and the query API.
 *
 * @param adId   the ad, not null
 * @param minute start of the UTC minute, epoch millis (a whole minute)
 * @param dims   the dimension values, {@link Dimensions#TOTAL} for the ad's total row
 */
public record CountKey(String adId, long minute, Dimensions dims) {
    /** Key column and JSON field names. */
    public static final String AD_ID = "ad_id";
    public static final String MINUTE = "minute";
    public static final long MINUTE_MS = 60_000L;

    public CountKey {
        Objects.requireNonNull(adId, "adId");
        Objects.requireNonNull(dims, "dims");
        if (minute % MINUTE_MS != 0) throw new IllegalArgumentException("minute must be a whole UTC minute: " + minute);
    }

    /** The total row's key of one ad and minute. */
    public CountKey(String adId, long minute) {
        this(adId, minute, Dimensions.TOTAL);
    }

    /** The total row's key of an event at {@code ts} (epoch millis). */
    public static CountKey at(String adId, long ts) {
        return new CountKey(adId, minuteOf(ts));
    }

    /** The breakdown row's key of an event at {@code ts} with these dimensions. */
    public static CountKey at(String adId, long ts, Dimensions dims) {
        return new CountKey(adId, minuteOf(ts), dims);
    }

    /** The total row's key of the same ad and minute (itself if it is one). */
    public CountKey total() {
        return dims.isTotal() ? this : new CountKey(adId, minute);
    }

    public boolean isTotal() {
        return dims.isTotal();
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
        return adId + "@" + minuteStart() + (dims.isTotal() ? "" : "[" + dims + "]");
    }
}
