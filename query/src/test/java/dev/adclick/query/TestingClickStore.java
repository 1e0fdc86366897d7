package dev.adclick.query;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.store.AdCounts;
import dev.adclick.store.TopOrder;
import dev.adclick.store.BreakdownRow;
import dev.adclick.store.Bucket;
import dev.adclick.store.ClickStore;
import dev.adclick.store.Granularity;
import dev.adclick.store.PipelineStatus;
import dev.adclick.store.StoreUnavailableException;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** A {@link ClickStore} whose every read fails, either as unavailable or with an unexpected bug; {@link Empty} holds nothing. */
final class TestingClickStore implements ClickStore {
    private final boolean unavailable;

    private TestingClickStore(boolean unavailable) {
        this.unavailable = unavailable;
    }

    /** Every call throws {@link StoreUnavailableException}. */
    static TestingClickStore unavailable() {
        return new TestingClickStore(true);
    }

    /** Every call throws an unexpected runtime exception whose message holds internals. */
    static TestingClickStore broken() {
        return new TestingClickStore(false);
    }

    private <T> T fail() throws StoreUnavailableException {
        if (unavailable) throw new StoreUnavailableException("java.sql.SQLException: connection to /tmp/x.duckdb lost", null);
        throw new IllegalStateException("java.lang.NullPointerException at dev.adclick.store.Secret.method(Secret.java:42)");
    }

    @Override public void upsert(Collection<MinuteCount> rows) throws StoreUnavailableException { fail(); }
    @Override public List<Bucket> series(String adId, long from, long to, Granularity g, DimensionFilter f) throws StoreUnavailableException { return fail(); }
    @Override public Counts totalsOf(Collection<String> ads, long from, long to, DimensionFilter f) throws StoreUnavailableException { return fail(); }
    @Override public List<AdCounts> top(long from, long to, int limit, Collection<String> onlyAds, TopOrder by, long min, DimensionFilter f) throws StoreUnavailableException { return fail(); }
    @Override public List<BreakdownRow> breakdown(String adId, long from, long to, Dimension by, DimensionFilter f) throws StoreUnavailableException { return fail(); }
    @Override public UniqueUsers reach(Collection<String> adIds, long from, long to) throws StoreUnavailableException { return fail(); }
    @Override public void upsertReach(Collection<HourReach> rows) throws StoreUnavailableException { fail(); }
    @Override public List<HourReach> reachRows(long from, long to) throws StoreUnavailableException { return fail(); }
    @Override public List<MinuteCount> rows(long from, long to) throws StoreUnavailableException { return fail(); }
    @Override public void recordStatus(String writerId, PipelineStatus status) throws StoreUnavailableException { fail(); }
    @Override public Optional<PipelineStatus> status(long maxAgeMs) throws StoreUnavailableException { return fail(); }
    @Override public void close() {}

    /** A store that holds nothing and accepts every write. */
    static final class Empty implements ClickStore {
        @Override public void upsert(Collection<MinuteCount> rows) {}
        @Override public List<Bucket> series(String adId, long from, long to, Granularity g, DimensionFilter f) { return List.of(); }
        @Override public Counts totalsOf(Collection<String> ads, long from, long to, DimensionFilter f) { return Counts.ZERO; }
        @Override public List<AdCounts> top(long from, long to, int limit, Collection<String> onlyAds, TopOrder by, long min, DimensionFilter f) { return List.of(); }
        @Override public List<BreakdownRow> breakdown(String adId, long from, long to, Dimension by, DimensionFilter f) { return List.of(); }
        @Override public UniqueUsers reach(Collection<String> adIds, long from, long to) { return UniqueUsers.empty(); }
        @Override public void upsertReach(Collection<HourReach> rows) {}
        @Override public List<HourReach> reachRows(long from, long to) { return List.of(); }
        @Override public List<MinuteCount> rows(long from, long to) { return List.of(); }
        @Override public void recordStatus(String writerId, PipelineStatus status) {}
        @Override public Optional<PipelineStatus> status(long maxAgeMs) { return Optional.empty(); }
        @Override public void close() {}
    }
}
