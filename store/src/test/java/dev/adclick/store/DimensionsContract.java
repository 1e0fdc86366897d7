package dev.adclick.store;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.core.dimension.Dimensions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of total and breakdown rows, filters, breakdowns and rollups (docs/architecture.md,
 * store tables), for every backend through {@link ClickStoreContractTest}. Expected values are sums
 * over the rows written ({@link StoreReference}), so each read is checked against its minutes.
 */
public abstract class DimensionsContract extends SealContract {
    protected static final long DAY = 24 * HOUR;
    private static final Dimensions TOP_US_MOBILE = Dimensions.of("top", "US", "mobile");
    private static final List<Dimensions> COMBOS = List.of(TOP_US_MOBILE, Dimensions.of("top", "DE", "desktop"),
            Dimensions.of("side", "US", "mobile"), Dimensions.of("side", null, "desktop"), Dimensions.UNKNOWN);
    private static final List<DimensionFilter> FILTERS = List.of(DimensionFilter.NONE,
            DimensionFilter.of(Map.of(Dimension.PLACEMENT, "top")), DimensionFilter.of(Map.of(Dimension.COUNTRY, "US")),
            DimensionFilter.of(Map.of(Dimension.DEVICE, "desktop")),
            DimensionFilter.of(Map.of(Dimension.PLACEMENT, "side", Dimension.DEVICE, "mobile")),
            DimensionFilter.of(Map.of(Dimension.PLACEMENT, "top", Dimension.COUNTRY, "US", Dimension.DEVICE, "mobile")),
            DimensionFilter.of(Map.of(Dimension.COUNTRY, Dimension.UNKNOWN)));
    private static final DimensionFilter NOBODY = DimensionFilter.of(Map.of(Dimension.COUNTRY, "ZZ"));

    /** Some breakdown rows of one ad and minute (which combinations and counts depend on {@code seed}), version {@code version}. */
    protected static List<MinuteCount> breakdownRows(String ad, long minute, int seed, long version) {
        List<MinuteCount> out = new ArrayList<>();
        for (int i = 0; i < COMBOS.size(); i++) {
            if ((seed + i) % 4 == 0) continue;
            long clicks = (seed * 7L + i * 3L) % 11 + 1;
            out.add(new MinuteCount(ad, minute, COMBOS.get(i), new Counts(clicks, clicks / 2, i % 2, clicks * 10, clicks * 8), version));
        }
        return out;
    }

    /** Breakdown rows of {@code ads} at each minute, version {@code version}. */
    protected static List<MinuteCount> breakdownRows(List<String> ads, List<Long> minutes, long version) {
        List<MinuteCount> out = new ArrayList<>();
        for (int a = 0; a < ads.size(); a++) {
            for (int m = 0; m < minutes.size(); m++) out.addAll(breakdownRows(ads.get(a), minutes.get(m), a * 13 + m, version));
        }
        return out;
    }

    @Test
    void noFilterReadsTheTotalRowsAndAFilterSumsTheBreakdownRowsItMatches() throws Exception {
        List<MinuteCount> rows = breakdownRows(List.of("ad-1", "ad-2"), List.of(T0, T0 + MINUTE, T0 + 7 * MINUTE), 5);
        store.upsert(StoreReference.withTotals(rows));
        // an ad whose writer wrote only a total row: no filter sees it, every filter does not
        store.upsert(List.of(row("ad-t", T0, 9, 9, 0, 5)));
        for (DimensionFilter f : FILTERS) {
            for (String ad : List.of("ad-1", "ad-2")) {
                assertThat(store.totals(ad, T0, T0 + HOUR, f)).as("%s %s", ad, f).isEqualTo(StoreReference.sum(rows, ad, T0, T0 + HOUR, f));
                assertThat(store.series(ad, T0, T0 + HOUR, Granularity.MINUTE, f)).as("%s %s", ad, f)
                        .isEqualTo(StoreReference.series(rows, ad, T0, T0 + HOUR, Granularity.MINUTE, f));
            }
        }
        assertThat(store.totals("ad-t", T0, T0 + HOUR)).isEqualTo(new Counts(9, 9, 0));
        assertThat(store.totals("ad-t", T0, T0 + HOUR, FILTERS.get(1))).isEqualTo(Counts.ZERO);
        assertThat(store.totals("ad-1", T0, T0 + HOUR, DimensionFilter.NONE)).isNotEqualTo(Counts.ZERO);
        // a value nobody has: nothing, not an error
        assertThat(store.totals("ad-1", T0, T0 + HOUR, NOBODY)).isEqualTo(Counts.ZERO);
        assertThat(store.series("ad-1", T0, T0 + HOUR, Granularity.HOUR, NOBODY)).isEmpty();
        assertThat(store.top(T0, T0 + HOUR, 10, null, TopOrder.CLICKS, 0, NOBODY)).isEmpty();
        assertThat(store.breakdown("ad-1", T0, T0 + HOUR, Dimension.DEVICE, NOBODY)).isEmpty();
    }

    @Test
    void rowsReturnsTotalAndBreakdownRowsAndTheTotalIsTheirSum() throws Exception {
        List<MinuteCount> rows = breakdownRows(List.of("ad-1"), List.of(T0, T0 + MINUTE), 3);
        List<MinuteCount> written = StoreReference.withTotals(rows);
        store.upsert(written);
        assertThat(store.rows(T0, T0 + HOUR)).containsExactlyInAnyOrderElementsOf(written)
                .filteredOn(r -> r.dims().isTotal()).hasSize(2);
    }

    @Test
    void breakdownByEachDimensionSumsToTheTotalsMostClicksFirstTiesByKey() throws Exception {
        List<MinuteCount> rows = breakdownRows(List.of("ad-1"), List.of(T0, T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE), 5);
        // two devices with equal clicks in ad-2: the tie is broken by key
        rows.add(new MinuteCount("ad-2", T0, Dimensions.of("top", "US", "tablet"), new Counts(4, 4, 0), 5));
        rows.add(new MinuteCount("ad-2", T0, Dimensions.of("top", "US", "bot"), new Counts(4, 0, 0), 5));
        rows.add(new MinuteCount("ad-2", T0, Dimensions.of("top", "US", "mobile"), new Counts(6, 0, 0), 5));
        store.upsert(StoreReference.withTotals(rows));
        for (Dimension by : Dimension.values()) {
            for (DimensionFilter f : FILTERS) {
                List<BreakdownRow> got = store.breakdown("ad-1", T0, T0 + HOUR, by, f);
                assertThat(got).as("%s %s", by, f).isEqualTo(StoreReference.breakdown(rows, "ad-1", T0, T0 + HOUR, by, f));
                assertThat(got.stream().map(BreakdownRow::counts).reduce(Counts.ZERO, Counts::plus))
                        .isEqualTo(store.totals("ad-1", T0, T0 + HOUR, f));
            }
        }
        assertThat(store.breakdown("ad-2", T0, T0 + HOUR, Dimension.DEVICE, DimensionFilter.NONE)).extracting(BreakdownRow::key)
                .containsExactly("mobile", "bot", "tablet");
        assertThat(store.breakdown("ad-1", T0, T0 + HOUR, Dimension.COUNTRY, DimensionFilter.NONE)).extracting(BreakdownRow::key)
                .contains(Dimension.UNKNOWN);
    }

    @Test
    void topWithAFilterRanksTheAdsByTheMatchingRows() throws Exception {
        List<MinuteCount> rows = breakdownRows(List.of("ad-1", "ad-2", "ad-3"), List.of(T0, T0 + MINUTE), 5);
        store.upsert(StoreReference.withTotals(rows));
        for (DimensionFilter f : FILTERS) {
            assertThat(store.top(T0, T0 + HOUR, 10, null, TopOrder.CLICKS, 0, f)).as("%s", f)
                    .isEqualTo(StoreReference.top(rows, Set.of("ad-1", "ad-2", "ad-3"), T0, T0 + HOUR, f));
        }
        assertThat(store.top(T0, T0 + HOUR, 10, Set.of("ad-2"), TopOrder.CLICKS, 0, FILTERS.get(2))).extracting(AdCounts::adId)
                .containsExactly("ad-2");
    }

    @Test
    void hourAndDayReadsEqualTheSumOfTheirMinutesAlsoAfterAReconciledOverwrite() throws Exception {
        List<Long> minutes = List.of(T0 - 10 * HOUR, T0, T0 + MINUTE, T0 + 59 * MINUTE, T0 + HOUR, T0 + 3 * HOUR + 5 * MINUTE,
                T0 + DAY, T0 + DAY + 2 * HOUR);
        List<MinuteCount> stream = breakdownRows(List.of("ad-1", "ad-2"), minutes, WriteVersions.stream(1_000));
        store.upsert(StoreReference.withTotals(stream));
        assertRollupsMatchMinutes(stream, T0 - DAY, T0 + 2 * DAY);
        // reconciliation rewrites some minutes with other counts (and a combination the stream did not have)
        // (seed + 4: the same combinations as the stream's rows of those minutes, other counts)
        List<MinuteCount> fixed = new ArrayList<>(breakdownRows("ad-1", T0 + MINUTE, 2 + 4, WriteVersions.reconciled(2_000)));
        fixed.addAll(breakdownRows("ad-1", T0 + DAY, 6 + 4, WriteVersions.reconciled(2_000)));
        fixed.add(new MinuteCount("ad-1", T0 + MINUTE, Dimensions.of("new", "FR", "tablet"), new Counts(3, 3, 0), WriteVersions.reconciled(2_000)));
        store.upsert(StoreReference.withTotals(fixed));
        List<MinuteCount> now = StoreReference.latest(stream, fixed);
        assertThat(now).isNotEqualTo(stream);
        assertRollupsMatchMinutes(now, T0 - DAY, T0 + 2 * DAY);
        // a later stream write cannot undo it, in the minutes or in the rollups
        store.upsert(StoreReference.withTotals(breakdownRows("ad-1", T0 + MINUTE, 2, WriteVersions.stream(3_000))));
        assertRollupsMatchMinutes(now, T0 - DAY, T0 + 2 * DAY);
    }

    private void assertRollupsMatchMinutes(List<MinuteCount> rows, long from, long to) throws Exception {
        for (String ad : List.of("ad-1", "ad-2")) {
            for (DimensionFilter f : List.of(DimensionFilter.NONE, FILTERS.get(2), FILTERS.get(5))) {
                List<Bucket> minutes = store.series(ad, from, to, Granularity.MINUTE, f);
                assertThat(minutes).isEqualTo(StoreReference.series(rows, ad, from, to, Granularity.MINUTE, f));
                for (Granularity g : List.of(Granularity.HOUR, Granularity.DAY)) {
                    assertThat(store.series(ad, from, to, g, f)).as("%s %s %s", ad, g, f).isEqualTo(StoreReference.rebucket(minutes, g));
                }
                // whole days and hours, and breakdowns of them, are read from the rollups
                assertThat(store.totals(ad, T0, T0 + DAY, f)).isEqualTo(StoreReference.sum(rows, ad, T0, T0 + DAY, f));
                assertThat(store.totals(ad, T0, T0 + HOUR, f)).isEqualTo(StoreReference.sum(rows, ad, T0, T0 + HOUR, f));
                assertThat(store.breakdown(ad, T0 - 10 * HOUR, T0 + 14 * HOUR, Dimension.PLACEMENT, f))
                        .isEqualTo(StoreReference.breakdown(rows, ad, T0 - 10 * HOUR, T0 + 14 * HOUR, Dimension.PLACEMENT, f));
            }
        }
    }

    @Test
    void longRangesOfDaysHoursAndMinuteEdgesEqualTheMinuteSum() throws Exception {
        long start = T0 - 2 * DAY - 10 * HOUR + 17 * MINUTE; // not on an hour
        long end = T0 + DAY + 5 * HOUR + 3 * MINUTE;
        List<Long> minutes = new ArrayList<>();
        // minutes just outside, at and inside every edge of the plan: minute, hour and day boundaries
        for (long m : List.of(start - MINUTE, start, start + MINUTE, start + 43 * MINUTE, start + 44 * MINUTE, T0 - 2 * DAY - 1 * MINUTE,
                T0 - 2 * DAY, T0 - DAY - 10 * HOUR, T0 - 10 * HOUR - MINUTE, T0 - 10 * HOUR, T0, T0 + 14 * HOUR - MINUTE, T0 + 14 * HOUR,
                end - 4 * MINUTE, end - MINUTE, end, end + MINUTE)) {
            minutes.add(m);
        }
        List<MinuteCount> rows = breakdownRows(List.of("ad-1", "ad-2"), minutes, 5);
        store.upsert(StoreReference.withTotals(rows));
        assertThat(ReadPlan.of(start, end, CountTable.DAY)).extracting(ReadPlan.Segment::table)
                .contains(CountTable.MINUTE, CountTable.HOUR, CountTable.DAY);
        for (DimensionFilter f : FILTERS) {
            assertThat(store.totals("ad-1", start, end, f)).as("%s", f).isEqualTo(StoreReference.sum(rows, "ad-1", start, end, f));
            assertThat(store.top(start, end, 5, null, TopOrder.CLICKS, 0, f)).as("%s", f)
                    .isEqualTo(StoreReference.top(rows, Set.of("ad-1", "ad-2"), start, end, f));
        }
        assertThat(store.breakdown("ad-2", start, end, Dimension.COUNTRY, FILTERS.get(3)))
                .isEqualTo(StoreReference.breakdown(rows, "ad-2", start, end, Dimension.COUNTRY, FILTERS.get(3)));
        assertThat(store.series("ad-1", start, end, Granularity.DAY, FILTERS.get(1)))
                .isEqualTo(StoreReference.rebucket(store.series("ad-1", start, end, Granularity.MINUTE, FILTERS.get(1)), Granularity.DAY));
    }

    @Test
    void aTotalAndItsBreakdownRowsWrittenInOneCallAreNeverReadApart() throws Exception {
        int writes = 15;
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        List<String> torn = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try {
                while (!done.get() || reads.get() == 0) {
                    Map<Long, Counts> totals = new TreeMap<>();
                    Map<Long, Counts> sums = new TreeMap<>();
                    for (MinuteCount r : store.rows(T0, T0 + HOUR)) {
                        (r.dims().isTotal() ? totals : sums).merge(r.minute(), r.counts(), Counts::plus);
                    }
                    if (!totals.equals(sums)) torn.add(totals + " vs " + sums);
                    reads.incrementAndGet();
                }
            } catch (Exception e) {
                torn.add(e.toString());
            }
        });
        reader.start();
        try {
            for (int i = 1; i <= writes; i++) {
                // seeds 4i+1, 4i+2: the same combinations every time (a writer writes all of a key's rows), new counts
                List<MinuteCount> v = new ArrayList<>(breakdownRows("ad-1", T0, 4 * i + 1, i));
                v.addAll(breakdownRows("ad-1", T0 + MINUTE, 4 * i + 2, i));
                store.upsert(StoreReference.withTotals(v));
                assertThat(store.breakdown("ad-1", T0, T0 + HOUR, Dimension.DEVICE, DimensionFilter.NONE).stream()
                        .map(BreakdownRow::counts).reduce(Counts.ZERO, Counts::plus))
                        .isEqualTo(StoreReference.sum(v, "ad-1", T0, T0 + HOUR, DimensionFilter.NONE));
            }
        } finally {
            done.set(true);
            reader.join(60_000);
        }
        assertThat(torn).isEmpty();
        assertThat(reads.get()).isPositive();
    }

    /** The breakdown reference's order, as {@link ClickStore#breakdown} promises it. */
    static final Comparator<BreakdownRow> MOST_CLICKS_FIRST =
            Comparator.comparingLong((BreakdownRow r) -> -r.counts().clicks()).thenComparing(BreakdownRow::key);
}
