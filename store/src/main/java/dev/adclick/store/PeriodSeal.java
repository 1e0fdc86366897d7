package dev.adclick.store;

import dev.adclick.core.count.WriteVersions;

import java.time.Instant;

/**
 * A reconciled period's seal (docs/architecture.md, store tables, Write versions): once a store
 * holds it, no write with a lower version changes a minute row or reach row whose minute (hour)
 * lies in {@code [from, to)}. Reconciliation writes one per period, beside its corrections, instead
 * of rewriting every row of the period with its version; the stream's versions are all below it.
 *
 * @param from    start of the period, epoch ms, inclusive
 * @param to      end of the period, epoch ms, exclusive
 * @param version the reconciliation's version ({@link WriteVersions#reconciled})
 */
public record PeriodSeal(long from, long to, long version) {
    public PeriodSeal {
        if (to <= from) throw new IllegalArgumentException("empty seal period: " + from + " .. " + to);
        if (!WriteVersions.isReconciled(version)) throw new IllegalArgumentException("a seal carries a reconciled version, not " + version);
    }

    /** Whether this seal refuses a write of a row at {@code time} (a minute or an hour start) with {@code rowVersion}. */
    public boolean refuses(long time, long rowVersion) {
        return time >= from && time < to && rowVersion < version;
    }

    @Override
    public String toString() {
        return "seal[" + Instant.ofEpochMilli(from) + ", " + Instant.ofEpochMilli(to) + ") v" + version;
    }
}
