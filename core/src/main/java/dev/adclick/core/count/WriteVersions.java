package dev.adclick.core.count;

/**
 * Versions of {@code ad_clicks_minute} writes (docs/architecture.md, Contracts, store table).
 *
 * <p>The stream writes versions from the low band (wall-clock millis, so they grow with each
 * write); reconciliation writes from the high band, which no stream write can reach. A store keeps
 * the row with the highest version, so a late stream write can never overwrite a reconciled row.
 */
public final class WriteVersions {
    /** First version of the reconciliation band: 2^62, far above any epoch-millis value. */
    public static final long RECONCILED_BASE = 1L << 62;

    private WriteVersions() {}

    public static long stream(long wallClockMillis) {
        if (wallClockMillis < 0 || wallClockMillis >= RECONCILED_BASE) {
            throw new IllegalArgumentException("stream version out of range: " + wallClockMillis);
        }
        return wallClockMillis;
    }

    public static long reconciled(long wallClockMillis) {
        return RECONCILED_BASE + stream(wallClockMillis);
    }

    public static boolean isReconciled(long version) {
        return version >= RECONCILED_BASE;
    }
}
