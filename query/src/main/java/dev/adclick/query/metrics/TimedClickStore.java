package dev.adclick.query.metrics;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.store.AdCounts;
import dev.adclick.store.Bucket;
import dev.adclick.store.BreakdownRow;
import dev.adclick.store.ClickStore;
import dev.adclick.store.Granularity;
import dev.adclick.store.PeriodSeal;
import dev.adclick.store.PipelineStatus;
import dev.adclick.store.StoreUnavailableException;
import dev.adclick.store.TopOrder;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A click store that times every call into {@code adclick_query_store_calls_seconds{operation,outcome}}: each method is
 * one operation (the names are the ones below), so one API request that makes several calls (stats: totals of every ad,
 * reach, status) shows each of them. Closing it closes nothing: the server does not own the store.
 */
final class TimedClickStore implements ClickStore {
    private final ClickStore store;
    private final QueryMetrics metrics;

    TimedClickStore(ClickStore store, QueryMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws StoreUnavailableException;
    }

    @FunctionalInterface
    private interface Write {
        void run() throws StoreUnavailableException;
    }

    private void timedWrite(String operation, Write write) throws StoreUnavailableException {
        timed(operation, () -> {
            write.run();
            return null;
        });
    }

    private <T> T timed(String operation, Call<T> call) throws StoreUnavailableException {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            T result = call.run();
            ok = true;
            return result;
        } finally {
            metrics.storeCall(operation, ok, System.nanoTime() - start);
        }
    }

    // the unfiltered reads are the interface's defaults, which come through these: timed once, under the same names
    @Override
    public List<Bucket> series(String adId, long from, long to, Granularity granularity, DimensionFilter filter)
            throws StoreUnavailableException {
        return timed("series", () -> store.series(adId, from, to, granularity, filter));
    }

    @Override
    public Counts totalsOf(Collection<String> onlyAds, long from, long to, DimensionFilter filter) throws StoreUnavailableException {
        return timed("totals", () -> store.totalsOf(onlyAds, from, to, filter));
    }

    @Override
    public List<AdCounts> top(long from, long to, int limit, Collection<String> onlyAds, TopOrder by, long minImpressions,
                              DimensionFilter filter) throws StoreUnavailableException {
        return timed("top", () -> store.top(from, to, limit, onlyAds, by, minImpressions, filter));
    }

    @Override
    public List<BreakdownRow> breakdown(String adId, long from, long to, Dimension by, DimensionFilter filter)
            throws StoreUnavailableException {
        return timed("breakdown", () -> store.breakdown(adId, from, to, by, filter));
    }

    @Override
    public UniqueUsers reach(Collection<String> adIds, long from, long to) throws StoreUnavailableException {
        return timed("reach", () -> store.reach(adIds, from, to));
    }

    @Override
    public void recordStatus(String writerId, PipelineStatus status) throws StoreUnavailableException {
        timedWrite("record_status", () -> store.recordStatus(writerId, status));
    }

    @Override
    public void upsert(Collection<MinuteCount> rows) throws StoreUnavailableException {
        timedWrite("upsert", () -> store.upsert(rows));
    }

    @Override
    public List<MinuteCount> rows(long from, long to) throws StoreUnavailableException {
        return timed("rows", () -> store.rows(from, to));
    }

    @Override
    public void upsertReach(Collection<HourReach> rows) throws StoreUnavailableException {
        timedWrite("upsert_reach", () -> store.upsertReach(rows));
    }

    @Override
    public List<HourReach> reachRows(long from, long to) throws StoreUnavailableException {
        return timed("reach_rows", () -> store.reachRows(from, to));
    }

    @Override
    public void seal(PeriodSeal seal, Collection<MinuteCount> rows, Collection<HourReach> reach) throws StoreUnavailableException {
        timedWrite("seal", () -> store.seal(seal, rows, reach));
    }

    @Override
    public List<PeriodSeal> seals(long from, long to) throws StoreUnavailableException {
        return timed("seals", () -> store.seals(from, to));
    }

    @Override
    public Optional<PipelineStatus> status(long maxAgeMs) throws StoreUnavailableException {
        return timed("status", () -> store.status(maxAgeMs));
    }

    @Override
    public void close() {
        // not ours to close
    }
}
