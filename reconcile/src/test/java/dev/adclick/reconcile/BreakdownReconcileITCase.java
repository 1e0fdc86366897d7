package dev.adclick.reconcile;

import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.reconcile.report.ReconcileReport;
import dev.adclick.reconcile.testing.SharedSpark;
import dev.adclick.store.Bucket;
import dev.adclick.store.BreakdownRow;
import dev.adclick.store.ClickStore;
import dev.adclick.store.PeriodSeal;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.store.Granularity;
import dev.adclick.store.duckdb.DuckDbClickStore;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@link Reconciler} makes every total and breakdown row of a closed period exact in a
 * real DuckDB store (issue 13), that a second run writes nothing, and that the store's hour and day
 * reads (its rollups) then equal the truth.
 */
class BreakdownReconcileITCase extends BreakdownTestBase {
    static final Dimensions UNKNOWN = Dimensions.UNKNOWN;
    static final Dimensions SIDE_US_MOBILE = new Dimensions("side", "US", "mobile");
    static final long DAY = Instant.parse("2026-11-27T00:00:00Z").toEpochMilli();
    /** Outside the period: never touched. */
    static final List<MinuteCount> NEXT_HOUR = List.of(
            new MinuteCount("ad-1", minute("11:00"), Dimensions.TOTAL, new Counts(7, 7, 0), STREAM_VERSION),
            new MinuteCount("ad-1", minute("11:00"), UNKNOWN, new Counts(7, 7, 0), STREAM_VERSION));

    static SparkSession spark;
    @TempDir static Path dir;

    @BeforeAll
    static void writeArchive() {
        spark = SharedSpark.get();
        writeBreakdownArchive(spark, dir.resolve("archive"));
    }

    /** What the stream left: the truth, but for every way the online layer gets breakdown rows wrong. */
    static List<MinuteCount> streamBreakdownRows() {
        List<MinuteCount> rows = new ArrayList<>();
        for (MinuteCount t : allRowsTruth()) {
            CountKey k = t.key();
            if (k.adId().equals("ad-2") && k.minute() == minute("10:05")) continue;   // too late for the stream
            if (k.adId().equals("ad-6") && !k.isTotal()) continue;                    // written before breakdown rows
            if (k.adId().equals("ad-1") && k.minute() == minute("10:00") && k.dims().equals(SIDE_US_MOBILE)) continue;
            Counts c = t.counts();
            if (k.adId().equals("ad-1") && k.minute() == minute("10:00") && k.dims().equals(UNKNOWN)) {
                c = c.plus(new Counts(1, 1, 0));                                     // a3 counted as unknown
            } else if (k.adId().equals("ad-4")) {                                     // the group not flagged
                c = new Counts(c.clicks() + c.suspiciousClicks(), c.verifiedClicks() + c.suspiciousClicks(), 0);
            }
            rows.add(new MinuteCount(k, c, STREAM_VERSION));
        }
        // the duplicate beyond the TTL, counted again at 10:40 with the copy's dimensions
        rows.add(new MinuteCount("ad-3", minute("10:40"), Dimensions.TOTAL, new Counts(1, 1, 0), STREAM_VERSION));
        rows.add(new MinuteCount("ad-3", minute("10:40"), SIDE_US_MOBILE, new Counts(1, 1, 0), STREAM_VERSION));
        rows.addAll(NEXT_HOUR);
        return rows;
    }

    static ReconcileOptions options() {
        return ReconcileOptions.parse("--hour", PERIOD, "--archive", dir.resolve("archive").toString(), "--store", "duckdb:/never-opened.duckdb");
    }

    static ReconcileReport run(ClickStore store, Instant now) throws Exception {
        return new Reconciler(spark, store, options(), RULES_WITH_BOT, clockAt(now), null).run();
    }

    @Test
    void correctsEveryRowWritesNothingTheSecondTimeAndTheRollupsFollow() throws Exception {
        try (ClickStore store = DuckDbClickStore.open(dir.resolve("store.duckdb"))) {
            store.upsert(streamBreakdownRows());
            ReconcileReport first = run(store, CLOSED_NOW);

            assertThat(rowsOf(store, START, END)).containsExactlyElementsOf(allRowsTruth());
            assertThat(rowsOf(store, END, END.plusSeconds(3600))).containsExactlyElementsOf(NEXT_HOUR.stream().map(m -> m.withVersion(0)).toList());
            // totals: ad-2 10:05 inserted, ad-4 10:20 corrected, ad-3 10:40 zeroed; ad-1 10:00 and ad-6 10:50 right (written only with their keys' corrected breakdown rows)
            assertThat(first.number("total_rows_corrected")).isEqualTo(3);
            // breakdowns: ad-2 GB inserted, ad-4 mobile and desktop, ad-1 side/US/mobile inserted and unknown,
            // ad-3 10:40 side/US/mobile zeroed, ad-6 unknown inserted
            assertThat(first.number("breakdown_rows_corrected")).isEqualTo(7);
            assertThat(first.number("rows_inserted")).isEqualTo(4);
            assertThat(first.number("rows_zeroed")).isEqualTo(2);
            assertThat(first.number("clicks_added")).isEqualTo(2);
            assertThat(first.number("clicks_removed")).isEqualTo(21 + 1);
            assertThat(first.number("rows_written")).isEqualTo(first.rowsCorrected() + first.number("rows_carried"));

            ReconcileReport second = run(store, CLOSED_NOW.plusSeconds(600));
            assertThat(second.rowsCorrected()).isZero();
            assertThat(second.number("rows_written")).isZero();
            assertThat(rowsOf(store, START, END)).containsExactlyElementsOf(allRowsTruth());

            assertRollupsEqualTheTruth(store);
        }
    }

    @Test
    void writesOnlyTheCorrectionsAndItsSealRefusesTheStream() throws Exception {
        try (ClickStore store = DuckDbClickStore.open(dir.resolve("sealed.duckdb"))) {
            store.upsert(streamBreakdownRows());
            ReconcileReport first = run(store, CLOSED_NOW);
            long from = START.toEpochMilli(), to = END.toEpochMilli();
            List<MinuteCount> after = store.rows(from, to);
            // every row it wrote carries its version; every other row is the stream's, untouched
            long written = first.number("rows_written");
            assertThat(written).isEqualTo(first.rowsCorrected() + first.number("rows_carried")).isLessThan(after.size());
            assertThat(after).filteredOn(m -> m.version() == first.number("version")).hasSize((int) written);
            assertThat(after).filteredOn(m -> m.version() == STREAM_VERSION).hasSize(after.size() - (int) written);
            assertThat(store.seals(from, to)).containsExactly(new PeriodSeal(from, to, first.number("version")));

            // a replayed stream writes a right row wrong, and a row the period lacks; the next hour is not sealed
            long now = WriteVersions.stream(CLOSED_NOW.plusSeconds(60).toEpochMilli());
            MinuteCount right = after.stream().filter(m -> m.version() == STREAM_VERSION && m.dims().isTotal()).findFirst().orElseThrow();
            store.upsert(List.of(new MinuteCount(right.key(), right.counts().plus(new Counts(5, 5, 0)), now),
                    new MinuteCount("ad-9", minute("10:30"), Dimensions.TOTAL, new Counts(2, 2, 0), now),
                    new MinuteCount("ad-9", minute("10:30"), UNKNOWN, new Counts(2, 2, 0), now),
                    NEXT_HOUR.get(0).withVersion(now), NEXT_HOUR.get(1).withVersion(now)));
            assertThat(store.rows(from, to)).containsExactlyInAnyOrderElementsOf(after);
            assertThat(store.rows(to, to + 3_600_000L)).extracting(MinuteCount::version).containsOnly(now);
            assertRollupsEqualTheTruth(store);

            ReconcileReport second = run(store, CLOSED_NOW.plusSeconds(600));
            assertThat(second.number("rows_written")).isZero();
            assertThat(store.rows(from, to)).containsExactlyInAnyOrderElementsOf(after);
            assertThat(store.seals(from, to)).containsExactly(new PeriodSeal(from, to, second.number("version")));
            assertRollupsEqualTheTruth(store);
        }
    }

    /** The store's hour and day reads (its rollups, which reconciliation does not write) equal the truth. */
    static void assertRollupsEqualTheTruth(ClickStore store) throws Exception {
        Map<String, Counts> hourTotals = new TreeMap<>();
        for (MinuteCount m : allRowsTruth()) if (m.dims().isTotal()) hourTotals.merge(m.adId(), m.counts(), Counts::plus);
        for (Map.Entry<String, Counts> e : hourTotals.entrySet()) {
            assertThat(store.series(e.getKey(), START.toEpochMilli(), END.toEpochMilli(), Granularity.HOUR))
                    .as(e.getKey() + " hour").containsExactly(new Bucket(START.toEpochMilli(), e.getValue()));
            Counts day = e.getKey().equals("ad-1") ? e.getValue().plus(NEXT_HOUR.get(0).counts()) : e.getValue();
            assertThat(store.series(e.getKey(), DAY, DAY + 86_400_000L, Granularity.DAY))
                    .as(e.getKey() + " day").containsExactly(new Bucket(DAY, day));
        }
        // a filtered hour read sums the matching breakdown rows
        assertThat(store.series("ad-4", START.toEpochMilli(), END.toEpochMilli(), Granularity.HOUR, DimensionFilter.NONE.and(Dimension.DEVICE, "mobile")))
                .containsExactly(new Bucket(START.toEpochMilli(), new Counts(1, 1, 11)));
        // the day's breakdown of ad-1 by country: the period's rows and the untouched next hour
        Map<String, Counts> byCountry = new HashMap<>();
        List<MinuteCount> ad1 = new ArrayList<>(allRowsTruth());
        ad1.addAll(NEXT_HOUR);
        for (MinuteCount m : ad1) if (m.adId().equals("ad-1") && !m.dims().isTotal()) byCountry.merge(m.dims().country(), m.counts(), Counts::plus);
        List<BreakdownRow> expected = new ArrayList<>();
        for (String country : new TreeSet<>(byCountry.keySet())) expected.add(new BreakdownRow(country, byCountry.get(country)));
        expected.sort(Comparator.comparingLong((BreakdownRow r) -> -r.counts().clicks()).thenComparing(BreakdownRow::key));
        assertThat(store.breakdown("ad-1", DAY, DAY + 86_400_000L, Dimension.COUNTRY, DimensionFilter.NONE)).containsExactlyElementsOf(expected);
        assertThat(expected).extracting(BreakdownRow::key).containsExactly("unknown", "DE", "US");
    }
}
