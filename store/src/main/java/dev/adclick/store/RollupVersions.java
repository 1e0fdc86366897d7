package dev.adclick.store;

import dev.adclick.core.count.WriteVersions;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The version of a recomputed rollup row ({@code ad_clicks_hour}, {@code ad_clicks_day}).
 *
 * <p>Why not the highest version of the minute rows summed: a minute rewritten with a higher
 * version than before but still below another minute of the same hour leaves that maximum as it
 * was, so the new sum would carry the old sum's version, and ClickHouse's {@code argMax(…, version)}
 * would be free to pick either. A rollup is a function of the stored minute rows at the moment of
 * the recompute, so the recompute that ran last must win: the version is a write clock (wall-clock
 * millis, strictly increasing within this JVM). The clock is put in the band of its sources
 * ({@link WriteVersions#RECONCILED_BASE} added when any source row is reconciled) so rollup versions
 * read like minute versions; a later recompute is never in a lower band, as minute versions only grow.
 * Across processes the clocks must agree to within the time between two writes of one (ad, hour),
 * which holds for NTP-synchronised hosts (docs/architecture.md, store tables).
 */
public final class RollupVersions {
    private static final AtomicLong LAST = new AtomicLong();

    private RollupVersions() {}

    /** The write clock of the next recompute: now, or one more than the last one if the clock stood still. */
    public static long clock() {
        long now = System.currentTimeMillis();
        return LAST.updateAndGet(last -> Math.max(now, last + 1));
    }

    /**
     * The SQL of a rollup row's version (the same in DuckDB and ClickHouse): {@code clock} in the
     * band of the highest {@code version} aggregated.
     */
    public static String sql(long clock) {
        return sql(clock, "version");
    }

    /** {@link #sql(long)} over a source column of another name. */
    public static String sql(long clock, String versionColumn) {
        return inBand(clock, "max(" + versionColumn + ") >= " + WriteVersions.RECONCILED_BASE);
    }

    /**
     * The SQL of a rollup row's version when an increment is added to a stored row (DuckDB,
     * {@code DuckDbRollupDeltas}): {@code clock} in the reconciled band if either the increment's
     * version or the stored one is, the same band a recompute over all its sources would give, as
     * a reconciled minute stays reconciled (minute versions only grow).
     */
    public static String keepBand(long clock, String addedVersion, String storedVersion) {
        return inBand(clock, addedVersion + " >= " + WriteVersions.RECONCILED_BASE + " OR " + storedVersion + " >= "
                + WriteVersions.RECONCILED_BASE);
    }

    /** {@code clock}, plus {@link WriteVersions#RECONCILED_BASE} where the SQL condition {@code reconciled} holds. */
    private static String inBand(long clock, String reconciled) {
        return "(CASE WHEN " + reconciled + " THEN " + WriteVersions.RECONCILED_BASE + " ELSE 0 END + " + clock + ")";
    }
}
