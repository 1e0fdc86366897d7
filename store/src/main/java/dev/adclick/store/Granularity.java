package dev.adclick.store;

import java.util.Locale;
import java.util.Optional;

/** Bucket sizes of a series. */
public enum Granularity {
    MINUTE(60_000L), HOUR(3_600_000L), DAY(86_400_000L);

    private final long millis;

    Granularity(long millis) {
        this.millis = millis;
    }

    public long millis() {
        return millis;
    }

    /** Start of the bucket that holds this instant (UTC). */
    public long bucketStart(long epochMillis) {
        return Math.floorDiv(epochMillis, millis) * millis;
    }

    /** Parses {@code minute|hour|day}, case-insensitive. */
    public static Optional<Granularity> parse(String s) {
        if (s == null) return Optional.empty();
        try {
            return Optional.of(valueOf(s.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
