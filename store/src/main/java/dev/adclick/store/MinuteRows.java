package dev.adclick.store;

import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.reach.HourReach;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The raw rows of {@code ad_clicks_minute} and {@code ad_reach_hour}: what reconciliation needs to compare and correct a
 * store. Every {@link ClickStore} is one; so is a client of a running stack's admin API, which
 * reconciliation uses when another process owns the store.
 */
public interface MinuteRows extends AutoCloseable {

    /**
     * Upserts rows. Several rows for one key in one call are allowed: the highest version wins.
     * A row replaces the stored one (same ad, minute and dimension values) only if its version is
     * higher. Writers pass a key's total row and all its breakdown rows in one call, which the store
     * writes atomically (docs/architecture.md, store tables), so readers never see them torn apart.
     *
     * @param rows rows to write, not null, may be empty
     * @throws StoreUnavailableException if the backend cannot be reached; a retry of the same rows
     *         gives the same result as one whole write
     */
    void upsert(Collection<MinuteCount> rows) throws StoreUnavailableException;

    /** Every stored minute row (total and breakdown rows) with minute in {@code [from, to)}, epoch ms. */
    List<MinuteCount> rows(long from, long to) throws StoreUnavailableException;

    /**
     * Upserts reach rows of {@code ad_reach_hour}, with the same rules as {@link #upsert}: absolute
     * sketches, the highest version per {@code (ad_id, hour)} wins.
     */
    void upsertReach(Collection<HourReach> rows) throws StoreUnavailableException;

    /** Every stored reach row with hour in {@code [from, to)}, epoch ms. */
    List<HourReach> reachRows(long from, long to) throws StoreUnavailableException;

    /**
     * Reconciliation's write of a period: {@code rows} and {@code reach} (as {@link #upsert} and
     * {@link #upsertReach} write them), then the {@link PeriodSeal}, after which no write with a
     * lower version changes a row of the period (the stream's upserts leave those rows out).
     * DuckDB does it in one transaction; ClickHouse and a running stack write the rows first and
     * the seal last, so a write cut short leaves an unsealed period whose written rows are
     * protected by their own version, and a rerun converges (docs/architecture.md, Write versions).
     * A seal of the same period with a higher version replaces a lower one.
     */
    default void seal(PeriodSeal seal, Collection<MinuteCount> rows, Collection<HourReach> reach) throws StoreUnavailableException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot seal reconciled periods");
    }

    /** The seals (highest version per period) of periods that overlap {@code [from, to)}, ordered by start. */
    default List<PeriodSeal> seals(long from, long to) throws StoreUnavailableException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no sealed periods");
    }

    /**
     * The combined status of all writers reported within {@code maxAgeMs} of the newest report:
     * the smallest watermark, the newest update time and summed counters; empty if none reported.
     */
    Optional<PipelineStatus> status(long maxAgeMs) throws StoreUnavailableException;

    /** Releases connections. Idempotent. */
    @Override
    void close();
}
