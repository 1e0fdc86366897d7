package dev.adclick.store;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.core.reach.HourReach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sealed periods of every backend (docs/architecture.md, Write versions): reconciliation writes
 * only its corrections and one {@link PeriodSeal}; afterwards the stream's writes leave the
 * period's minute and reach rows as they are, while the next period takes them, and the rollups
 * stay the sums of the stored minutes.
 */
public abstract class SealContract extends StoreContractBase {
    private static final long PERIOD_END = T0 + HOUR;
    private static final long STREAM = WriteVersions.stream(T0 + 2 * HOUR);
    private static final long REPLAY = WriteVersions.stream(T0 + 30 * HOUR);
    private static final long V = WriteVersions.reconciled(T0 + 3 * HOUR);
    private static final List<DimensionFilter> FILTERS = List.of(DimensionFilter.NONE,
            DimensionFilter.of(Map.of(Dimension.PLACEMENT, "top")), DimensionFilter.of(Map.of(Dimension.COUNTRY, Dimension.UNKNOWN)));

    /** What the stream writes: breakdown rows and their totals of two ads, two minutes of the period and one after it. */
    private static List<MinuteCount> streamRows(long version, int seed) {
        List<MinuteCount> out = new ArrayList<>();
        for (long minute : List.of(T0, T0 + MINUTE, PERIOD_END)) {
            out.addAll(DimensionsContract.breakdownRows("ad-1", minute, seed + (int) (minute / MINUTE % 7), version));
            out.addAll(DimensionsContract.breakdownRows("ad-2", minute, seed + 3, version));
        }
        return StoreReference.withTotals(out);
    }

    /** Reconciliation's corrections: ad-1 at T0 + 1 min, every row of the key one click more. */
    private static List<MinuteCount> corrections(List<MinuteCount> stream) {
        List<MinuteCount> out = new ArrayList<>();
        for (MinuteCount m : stream) {
            if (m.adId().equals("ad-1") && m.minute() == T0 + MINUTE && !m.dims().isTotal()) {
                out.add(new MinuteCount(m.key(), m.counts().plus(new Counts(1, 1, 0)), V));
            }
        }
        return StoreReference.withTotals(out);
    }

    private List<MinuteCount> stored(long from, long to) throws StoreUnavailableException {
        return store.rows(from, to);
    }

    @Test
    void aSealedPeriodKeepsItsRowsAgainstTheStreamAndOnlyTheCorrectionsAreWritten() throws Exception {
        List<MinuteCount> stream = streamRows(STREAM, 1);
        store.upsert(stream);
        store.upsertReach(List.of(HourReach.of("ad-1", T0, users(0, 5), STREAM)));
        List<MinuteCount> fixes = corrections(stream);
        HourReach reachFix = HourReach.of("ad-1", T0, users(0, 9), V);

        store.seal(new PeriodSeal(T0, PERIOD_END, V), fixes, List.of(reachFix));
        List<MinuteCount> state = StoreReference.latest(stream, fixes);
        List<MinuteCount> inPeriod = state.stream().filter(m -> m.minute() < PERIOD_END).toList();
        assertThat(stored(T0, PERIOD_END)).containsExactlyInAnyOrderElementsOf(inPeriod);
        // written: the corrections and nothing else; every other row keeps the stream's version
        assertThat(stored(T0, PERIOD_END)).filteredOn(m -> m.version() == V).hasSize(fixes.size());
        assertThat(stored(T0, PERIOD_END)).filteredOn(m -> m.version() == STREAM).hasSize(inPeriod.size() - fixes.size());
        assertThat(store.seals(T0, PERIOD_END)).containsExactly(new PeriodSeal(T0, PERIOD_END, V));
        assertThat(store.seals(PERIOD_END, PERIOD_END + HOUR)).isEmpty();
        assertRollups(state);

        // a replay from long ago: new versions and counts for every key, and a key the period lacks
        List<MinuteCount> replay = new ArrayList<>(streamRows(REPLAY, 5));
        replay.addAll(StoreReference.withTotals(DimensionsContract.breakdownRows("ad-3", T0 + 2 * MINUTE, 2, REPLAY)));
        store.upsert(replay);
        store.upsertReach(List.of(HourReach.of("ad-1", T0, users(0, 2), REPLAY), HourReach.of("ad-2", T0, users(0, 2), REPLAY),
                HourReach.of("ad-1", PERIOD_END, users(0, 3), REPLAY)));
        assertThat(stored(T0, PERIOD_END)).containsExactlyInAnyOrderElementsOf(inPeriod);
        List<MinuteCount> nextHour = replay.stream().filter(m -> m.minute() >= PERIOD_END).toList();
        assertThat(stored(PERIOD_END, PERIOD_END + HOUR)).containsExactlyInAnyOrderElementsOf(nextHour);
        assertThat(store.reachRows(T0, PERIOD_END)).containsExactly(reachFix);
        assertThat(store.reachRows(PERIOD_END, PERIOD_END + HOUR)).extracting(HourReach::version).containsExactly(REPLAY);
        state = StoreReference.latest(inPeriod, nextHour);
        assertRollups(state);

        // a second run: nothing to correct, a newer seal; a write of the first run's version is now refused,
        // one of a later run is taken
        long v2 = V + 1;
        store.seal(new PeriodSeal(T0, PERIOD_END, v2), List.of(), List.of());
        assertThat(store.seals(T0 - HOUR, PERIOD_END + HOUR)).containsExactly(new PeriodSeal(T0, PERIOD_END, v2));
        assertThat(stored(T0, PERIOD_END)).containsExactlyInAnyOrderElementsOf(inPeriod);
        MinuteCount ad2 = inPeriod.stream().filter(m -> m.adId().equals("ad-2") && m.dims().isTotal()).findFirst().orElseThrow();
        store.upsert(List.of(new MinuteCount(ad2.key(), ad2.counts().plus(new Counts(4, 4, 0)), V)));
        assertThat(stored(T0, PERIOD_END)).containsExactlyInAnyOrderElementsOf(inPeriod);
        MinuteCount later = new MinuteCount(ad2.key(), ad2.counts(), v2 + 1);
        store.upsert(List.of(later));
        assertThat(stored(T0, PERIOD_END)).filteredOn(m -> m.key().equals(ad2.key())).containsExactly(later);
        assertRollups(state);
    }

    /** The hour and day reads (rollups) equal the sums of the stored minutes, for every ad and a few filters. */
    private void assertRollups(List<MinuteCount> state) throws StoreUnavailableException {
        for (String ad : List.of("ad-1", "ad-2", "ad-3")) {
            for (DimensionFilter f : FILTERS) {
                assertThat(store.series(ad, T0, T0 + 2 * HOUR, Granularity.HOUR, f)).as("%s %s hour", ad, f)
                        .containsExactlyElementsOf(StoreReference.series(state, ad, T0, T0 + 2 * HOUR, Granularity.HOUR, f));
                long day = Granularity.DAY.bucketStart(T0);
                assertThat(store.series(ad, day, day + 24 * HOUR, Granularity.DAY, f)).as("%s %s day", ad, f)
                        .containsExactlyElementsOf(StoreReference.series(state, ad, day, day + 24 * HOUR, Granularity.DAY, f));
            }
        }
    }
}
