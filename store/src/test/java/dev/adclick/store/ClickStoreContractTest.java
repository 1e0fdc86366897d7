package dev.adclick.store;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.core.reach.HourReach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behaviour every {@link ClickStore} backend must have. Backend tests extend it and only say how
 * to open a fresh, empty store ({@link StoreContractBase}); the dimension, filter and rollup cases
 * are in {@link DimensionsContract}, which this class extends so every backend runs them too.
 */
public abstract class ClickStoreContractTest extends DimensionsContract {

    @Test
    void upsertThenReadBackExactRows() throws Exception {
        store.upsert(List.of(row("ad-1", T0, 5, 3, 1, 10), row("ad-1", T0 + MINUTE, 7, 7, 0, 10), row("ad-2", T0, 2, 0, 0, 10)));
        assertThat(store.rows(T0, T0 + HOUR)).containsExactly(
                row("ad-1", T0, 5, 3, 1, 10), row("ad-1", T0 + MINUTE, 7, 7, 0, 10), row("ad-2", T0, 2, 0, 0, 10));
    }

    @Test
    void higherVersionReplacesLowerNeverTheReverse() throws Exception {
        store.upsert(List.of(row("ad-1", T0, 5, 5, 0, 10)));
        store.upsert(List.of(row("ad-1", T0, 8, 8, 0, 20)));
        store.upsert(List.of(row("ad-1", T0, 3, 3, 0, 15)));
        assertThat(store.rows(T0, T0 + MINUTE)).containsExactly(row("ad-1", T0, 8, 8, 0, 20));
    }

    @Test
    void replayingTheSameRowsChangesNothing() throws Exception {
        List<MinuteCount> batch = List.of(row("ad-1", T0, 5, 5, 0, 10), row("ad-2", T0, 1, 1, 0, 10));
        store.upsert(batch);
        store.upsert(batch);
        assertThat(store.rows(T0, T0 + MINUTE)).containsExactlyInAnyOrderElementsOf(batch);
    }

    @Test
    void oneBatchHoldingAKeyTwiceKeepsTheHighestVersion() throws Exception {
        store.upsert(List.of(row("ad-1", T0, 5, 5, 0, 10), row("ad-1", T0, 9, 9, 0, 12), row("ad-1", T0, 7, 7, 0, 11)));
        assertThat(store.rows(T0, T0 + MINUTE)).containsExactly(row("ad-1", T0, 9, 9, 0, 12));
    }

    @Test
    void streamWritesCannotBeatAReconciledRow() throws Exception {
        long now = System.currentTimeMillis();
        store.upsert(List.of(row("ad-1", T0, 4, 4, 0, WriteVersions.reconciled(now))));
        store.upsert(List.of(row("ad-1", T0, 99, 99, 0, WriteVersions.stream(now + 1_000_000))));
        assertThat(store.rows(T0, T0 + MINUTE)).extracting(MinuteCount::clicks).containsExactly(4L);
    }

    @Test
    void seriesBucketsByGranularityAndOmitsEmptyBuckets() throws Exception {
        store.upsert(List.of(
                row("ad-1", T0, 1, 1, 0, 1), row("ad-1", T0 + MINUTE, 2, 1, 1, 1),
                row("ad-1", T0 + 2 * HOUR, 4, 0, 0, 1), row("ad-2", T0, 100, 100, 0, 1)));
        assertThat(store.series("ad-1", T0, T0 + 3 * HOUR, Granularity.MINUTE)).containsExactly(
                new Bucket(T0, new Counts(1, 1, 0)), new Bucket(T0 + MINUTE, new Counts(2, 1, 1)), new Bucket(T0 + 2 * HOUR, new Counts(4, 0, 0)));
        assertThat(store.series("ad-1", T0, T0 + 3 * HOUR, Granularity.HOUR)).containsExactly(
                new Bucket(T0, new Counts(3, 2, 1)), new Bucket(T0 + 2 * HOUR, new Counts(4, 0, 0)));
        assertThat(store.series("ad-1", T0 - 10 * HOUR, T0 + 14 * HOUR, Granularity.DAY)).containsExactly(
                new Bucket(T0 - 10 * HOUR, new Counts(7, 2, 1)));
    }

    @Test
    void rangesAreFromInclusiveToExclusive() throws Exception {
        store.upsert(List.of(row("ad-1", T0, 1, 1, 0, 1), row("ad-1", T0 + MINUTE, 2, 2, 0, 1)));
        assertThat(store.totals("ad-1", T0, T0 + MINUTE)).isEqualTo(new Counts(1, 1, 0));
        assertThat(store.totals("ad-1", T0 + MINUTE, T0 + 2 * MINUTE)).isEqualTo(new Counts(2, 2, 0));
        assertThat(store.totals("ad-9", T0, T0 + HOUR)).isEqualTo(Counts.ZERO);
        assertThat(store.series("ad-9", T0, T0 + HOUR, Granularity.MINUTE)).isEmpty();
    }

    @Test
    void topOrdersByClicksThenAdIdAndHonoursFilterAndLimit() throws Exception {
        store.upsert(List.of(row("ad-a", T0, 5, 5, 0, 1), row("ad-b", T0, 9, 9, 0, 1), row("ad-c", T0, 5, 5, 0, 1),
                row("ad-d", T0 + HOUR, 50, 50, 0, 1)));
        assertThat(store.top(T0, T0 + HOUR, 10, null)).containsExactly(
                new AdCounts("ad-b", new Counts(9, 9, 0)), new AdCounts("ad-a", new Counts(5, 5, 0)), new AdCounts("ad-c", new Counts(5, 5, 0)));
        assertThat(store.top(T0, T0 + HOUR, 2, null)).hasSize(2);
        assertThat(store.top(T0, T0 + 2 * HOUR, 10, Set.of("ad-a", "ad-d"))).containsExactly(
                new AdCounts("ad-d", new Counts(50, 50, 0)), new AdCounts("ad-a", new Counts(5, 5, 0)));
        assertThat(store.top(T0, T0 + HOUR, 10, Set.of())).isEmpty();
    }

    @Test
    void impressionCountsAreStoredSummedAndVersionedWithTheClicks() throws Exception {
        store.upsert(List.of(impressionRow("ad-1", T0, 2, 120, 100, 10), impressionRow("ad-1", T0 + MINUTE, 0, 30, 0, 10)));
        store.upsert(List.of(impressionRow("ad-1", T0, 3, 125, 101, 11), impressionRow("ad-1", T0, 9, 999, 999, 9)));
        assertThat(store.rows(T0, T0 + HOUR)).containsExactly(
                impressionRow("ad-1", T0, 3, 125, 101, 11), impressionRow("ad-1", T0 + MINUTE, 0, 30, 0, 10));
        assertThat(store.totals("ad-1", T0, T0 + HOUR)).isEqualTo(new Counts(3, 0, 0, 155, 101));
        // a bucket with impressions but no clicks is not empty
        assertThat(store.series("ad-1", T0, T0 + HOUR, Granularity.MINUTE)).containsExactly(
                new Bucket(T0, new Counts(3, 0, 0, 125, 101)), new Bucket(T0 + MINUTE, new Counts(0, 0, 0, 30, 0)));
    }

    @Test
    void topRanksByImpressionsOrCtrWithAMinimumOfImpressions() throws Exception {
        store.upsert(List.of(
                impressionRow("ad-a", T0, 10, 0, 100, 1),   // ctr 0.10
                impressionRow("ad-b", T0, 3, 0, 10, 1),     // ctr 0.30, few impressions
                impressionRow("ad-c", T0, 20, 0, 400, 1),   // ctr 0.05, most impressions
                impressionRow("ad-d", T0, 50, 0, 0, 1)));   // clicks without rendered impressions: no ctr
        assertThat(store.top(T0, T0 + HOUR, 10, null, TopOrder.IMPRESSIONS, 0)).extracting(AdCounts::adId)
                .containsExactly("ad-c", "ad-a", "ad-b");
        assertThat(store.top(T0, T0 + HOUR, 10, null, TopOrder.CTR, 0)).extracting(AdCounts::adId)
                .containsExactly("ad-b", "ad-a", "ad-c");
        assertThat(store.top(T0, T0 + HOUR, 10, null, TopOrder.CTR, 50)).extracting(AdCounts::adId)
                .containsExactly("ad-a", "ad-c");
        assertThat(store.top(T0, T0 + HOUR, 1, Set.of("ad-a", "ad-b"), TopOrder.CTR, 0)).extracting(AdCounts::adId)
                .containsExactly("ad-b");
        assertThat(store.top(T0, T0 + HOUR, 10, null, TopOrder.CLICKS, 0)).extracting(AdCounts::adId)
                .containsExactly("ad-d", "ad-c", "ad-a", "ad-b");
    }

    @Test
    void reachRowsAreVersionedAndUnionOverTheHoursARangeTouches() throws Exception {
        store.upsertReach(List.of(HourReach.of("ad-1", T0, users(0, 100), 10), HourReach.of("ad-1", T0 + HOUR, users(50, 150), 10),
                HourReach.of("ad-2", T0, users(1000, 1040), 10), HourReach.of("ad-1", T0 + 5 * HOUR, users(0, 7), 10)));
        store.upsertReach(List.of(HourReach.of("ad-1", T0, users(0, 5), 9)));          // lower version: ignored
        store.upsertReach(List.of(HourReach.of("ad-1", T0 + HOUR, users(50, 160), 11))); // higher: wins
        assertThat(store.reachRows(T0, T0 + 2 * HOUR)).hasSize(3).allSatisfy(r -> assertThat(r.version()).isIn(10L, 11L));
        // users seen in both hours count once; sets this small are exact in a sketch (its list/set
        // mode); beyond a few hundred the estimate depends on the order of the union (±1 seen)
        assertThat(store.reach(List.of("ad-1"), T0, T0 + 2 * HOUR).estimate()).isEqualTo(160);
        // a range inside an hour reads the whole hour
        assertThat(store.reach(List.of("ad-1"), T0 + 10 * MINUTE, T0 + 20 * MINUTE).estimate()).isEqualTo(100);
        assertThat(store.reach(List.of("ad-1", "ad-2"), T0, T0 + HOUR).estimate()).isEqualTo(140);
        assertThat(store.reach(List.of("ad-9"), T0, T0 + HOUR).isEmpty()).isTrue();
        assertThat(store.reach(List.of(), T0, T0 + HOUR).isEmpty()).isTrue();
        assertThat(store.reach(null, T0, T0 + HOUR).estimate()).as("null: every ad").isEqualTo(140);
        HourReach stored = store.reachRows(T0 + HOUR, T0 + 2 * HOUR).get(0);
        assertThat(stored.estimate()).isEqualTo(110);
        assertThat(stored.version()).isEqualTo(11);
    }

    @Test
    void largeBatchIsWrittenWhole() throws Exception {
        List<MinuteCount> batch = new ArrayList<>();
        for (int ad = 0; ad < 200; ad++) {
            for (int m = 0; m < 50; m++) batch.add(row("ad-" + ad, T0 + m * MINUTE, ad + m, m, 0, 1));
        }
        store.upsert(batch);
        assertThat(store.rows(T0, T0 + HOUR)).hasSize(10_000);
        assertThat(store.totals("ad-7", T0, T0 + HOUR).clicks()).isEqualTo(50 * 7 + (49 * 50) / 2);
    }

    @Test
    void totalsOfSeveralAdsAreOneSumAndNullMeansEveryAd() throws Exception {
        store.upsert(List.of(row("ad-1", T0, 5, 3, 1, 10), row("ad-1", T0 + 2 * HOUR, 7, 7, 0, 10),
                row("ad-2", T0 + MINUTE, 2, 0, 0, 10), row("ad-3", T0, 11, 11, 0, 10)));
        Counts both = store.totalsOf(List.of("ad-1", "ad-2"), T0, T0 + 3 * HOUR, dev.adclick.core.dimension.DimensionFilter.NONE);
        assertThat(both).isEqualTo(store.totals("ad-1", T0, T0 + 3 * HOUR).plus(store.totals("ad-2", T0, T0 + 3 * HOUR)));
        assertThat(both.clicks()).isEqualTo(14);
        assertThat(store.totalsOf(null, T0, T0 + 3 * HOUR, dev.adclick.core.dimension.DimensionFilter.NONE).clicks()).isEqualTo(25);
        assertThat(store.totalsOf(null, T0, T0 + HOUR, dev.adclick.core.dimension.DimensionFilter.NONE).clicks()).as("range").isEqualTo(18);
        assertThat(store.totalsOf(List.of(), T0, T0 + 3 * HOUR, dev.adclick.core.dimension.DimensionFilter.NONE)).isEqualTo(Counts.ZERO);
        assertThat(store.totalsOf(List.of("ad-9"), T0, T0 + 3 * HOUR, dev.adclick.core.dimension.DimensionFilter.NONE)).isEqualTo(Counts.ZERO);
    }

    @Test
    void statusCombinesWritersMinWatermarkSummedCounters() throws Exception {
        assertThat(store.status(60_000)).isEmpty();
        store.recordStatus("aggregate/0", new PipelineStatus(T0 + 5000, 1000, 1, 2, 3));
        store.recordStatus("aggregate/1", new PipelineStatus(T0 + 3000, 1500, 10, 20, 30));
        store.recordStatus("aggregate/0", new PipelineStatus(T0 + 9000, 2000, 4, 2, 3));
        assertThat(store.status(60_000)).contains(new PipelineStatus(T0 + 3000, 2000, 14, 22, 33));
        // a writer that stopped reporting long ago no longer holds the watermark back
        assertThat(store.status(100)).contains(new PipelineStatus(T0 + 9000, 2000, 4, 2, 3));
    }

    @Test
    void statusKeepsTheWorstEventToVisibleLagOfTheLiveWritersThatMeasuredOne() throws Exception {
        store.recordStatus("aggregate/0", new PipelineStatus(T0, 1000, 0, 0, 0, 900));
        assertThat(store.status(60_000).orElseThrow().visibleLagMs()).isEqualTo(900);
        store.recordStatus("aggregate/1", new PipelineStatus(T0, 1500, 0, 0, 0, 1_300));
        store.recordStatus("aggregate/2", new PipelineStatus(T0, 1500, 0, 0, 0)); // made nothing visible yet
        assertThat(store.status(60_000).orElseThrow().visibleLagMs()).isEqualTo(1_300);
        store.recordStatus("aggregate/1", new PipelineStatus(T0, 5000, 0, 0, 0, 200)); // a later write replaces it
        assertThat(store.status(60_000).orElseThrow().visibleLagMs()).isEqualTo(900);
        // aggregate/0 reported long before the newest report: not live, not counted
        assertThat(store.status(100).orElseThrow().visibleLagMs()).isEqualTo(200);
    }

    @Test
    void statusWithoutAnyMeasurementSaysUnknown() throws Exception {
        store.recordStatus("aggregate/0", new PipelineStatus(T0, 1000, 1, 2, 3));
        assertThat(store.status(60_000)).contains(new PipelineStatus(T0, 1000, 1, 2, 3, PipelineStatus.UNKNOWN_LAG));
        assertThat(store.status(60_000).orElseThrow().visibleLagKnown()).isFalse();
    }
}
