package dev.adclick.aggregator;

import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.store.BreakdownRow;
import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.store.AdCounts;
import dev.adclick.store.TopOrder;
import dev.adclick.store.Bucket;
import dev.adclick.store.ClickStore;
import dev.adclick.store.StoreBackend;
import dev.adclick.store.StoreLocations;
import dev.adclick.store.Granularity;
import dev.adclick.store.PipelineStatus;
import dev.adclick.store.StoreUnavailableException;
import dev.adclick.core.count.Counts;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A test store ({@code flaky:duckdb:/path}) around DuckDB whose writes fail while {@link #DOWN} is set. */
final class FlakyClickStore implements ClickStore {
    static final String SCHEME = "flaky";
    static final AtomicBoolean DOWN = new AtomicBoolean();
    static final AtomicLong FAILED_WRITES = new AtomicLong();

    private final ClickStore delegate;

    private FlakyClickStore(ClickStore delegate) {
        this.delegate = delegate;
    }

    static void register() {
        StoreLocations.register(new StoreBackend() {
            @Override public String scheme() { return SCHEME; }
            @Override public String example() { return SCHEME + ":duckdb:/path/file.duckdb"; }
            @Override public boolean ownedByOneProcess() { return true; }

            @Override
            public ClickStore open(String location) throws StoreUnavailableException {
                if (DOWN.get()) throw unavailable();
                return new FlakyClickStore(StoreLocations.open(location.substring(SCHEME.length() + 1)));
            }
        });
    }

    private static StoreUnavailableException unavailable() {
        FAILED_WRITES.incrementAndGet();
        return new StoreUnavailableException("test store is down", null);
    }

    @Override
    public void upsert(Collection<MinuteCount> rows) throws StoreUnavailableException {
        if (DOWN.get()) throw unavailable();
        delegate.upsert(rows);
    }

    @Override
    public void upsertReach(Collection<HourReach> rows) throws StoreUnavailableException {
        if (DOWN.get()) throw unavailable();
        delegate.upsertReach(rows);
    }

    @Override
    public void recordStatus(String writerId, PipelineStatus status) throws StoreUnavailableException {
        if (DOWN.get()) throw unavailable();
        delegate.recordStatus(writerId, status);
    }

    @Override
    public List<Bucket> series(String adId, long from, long to, Granularity g, DimensionFilter filter) throws StoreUnavailableException {
        return delegate.series(adId, from, to, g, filter);
    }

    @Override
    public Counts totalsOf(Collection<String> onlyAds, long from, long to, DimensionFilter filter) throws StoreUnavailableException {
        return delegate.totalsOf(onlyAds, from, to, filter);
    }

    @Override
    public List<BreakdownRow> breakdown(String adId, long from, long to, Dimension by, DimensionFilter filter) throws StoreUnavailableException {
        return delegate.breakdown(adId, from, to, by, filter);
    }

    @Override
    public List<AdCounts> top(long from, long to, int limit, Collection<String> onlyAds, TopOrder by, long minImpressions,
                              DimensionFilter filter) throws StoreUnavailableException {
        return delegate.top(from, to, limit, onlyAds, by, minImpressions, filter);
    }

    @Override
    public UniqueUsers reach(Collection<String> adIds, long from, long to) throws StoreUnavailableException {
        return delegate.reach(adIds, from, to);
    }

    @Override
    public List<HourReach> reachRows(long from, long to) throws StoreUnavailableException {
        return delegate.reachRows(from, to);
    }

    @Override
    public List<MinuteCount> rows(long from, long to) throws StoreUnavailableException {
        return delegate.rows(from, to);
    }

    @Override
    public Optional<PipelineStatus> status(long maxAgeMs) throws StoreUnavailableException {
        return delegate.status(maxAgeMs);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
