package dev.adclick.reconcile;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.reconcile.compute.PeriodRows;
import dev.adclick.reconcile.diff.ReachDiff;
import dev.adclick.reconcile.report.ReconcileReport;
import dev.adclick.reconcile.testing.ArchiveFixture;
import dev.adclick.reconcile.testing.ImpressionTruth;
import dev.adclick.reconcile.testing.SharedSpark;
import dev.adclick.store.ClickStore;
import dev.adclick.store.duckdb.DuckDbClickStore;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.adclick.core.impression.ImpressionKind.RENDERED;
import static org.assertj.core.api.Assertions.assertThat;

/** Tests that {@link Reconciler} makes impression counts and reach exact, on a local archive and a real DuckDB store. */
class ImpressionReconcileITCase extends ImpressionTestBase {
    static SparkSession spark;
    @TempDir static Path dir;
    static Path archive;

    @BeforeAll
    static void writeArchive() {
        spark = SharedSpark.get();
        archive = dir.resolve("archive");
        writeArchives(spark, archive);
        ArchiveFixture.writeMalformedImpressions(spark, archive.toString(), ArchiveFixture.partitionOf(HOUR_10), malformedImpressions());
    }

    static ReconcileOptions options(Path archiveRoot, String... flags) {
        ReconcileOptions o = ReconcileOptions.parse("--hour", PERIOD, "--archive", archiveRoot.toString(), "--store", "duckdb:/never-opened.duckdb");
        for (String f : flags) o = o.withFlag(f);
        return o;
    }

    static ClickStore storeAfterTheStream(String name) throws Exception {
        return storeAfterTheStream(dir.resolve(name + ".duckdb"));
    }

    @Test
    void correctsImpressionsAndReachAndSecondRunChangesNothing() throws Exception {
        try (ClickStore store = storeAfterTheStream("exact")) {
            ReconcileReport first = new Reconciler(spark, store, options(archive), clockAt(CLOSED_NOW), null).run();

            assertThat(allCountsOf(store, START, END)).containsExactlyElementsOf(fullTruth());
            assertThat(rowsOf(store, START, END)).containsExactlyElementsOf(fullRowsTruth());
            assertThat(allCountsOf(store, START, END)).contains(
                    new MinuteCount("ad-2", minute("10:05"), new Counts(4, 4, 0, 6, 6), 0),
                    new MinuteCount("ad-3", minute("10:10"), new Counts(2, 1, 0, 0, 2), 0),
                    new MinuteCount("ad-7", minute("10:25"), new Counts(0, 0, 0, 5, 3), 0),
                    new MinuteCount("ad-1", minute("10:00"), new Counts(3, 2, 0, 450, 400), 0));
            assertThat(allCountsOf(store, START, END)).noneMatch(r -> r.minute() == minute("10:40") || r.adId().equals("ad-9"));
            // click corrections as before, plus ad-7 inserted; ad-2's clicks and renders are one corrected row
            assertThat(first.number("total_rows_corrected")).isEqualTo(1 + 1 + 11 + 2 + 1);
            // the stream's rows were totals only: every breakdown row is inserted
            long breakdowns = fullRowsTruth().stream().filter(m -> !m.dims().isTotal()).count();
            assertThat(first.number("breakdown_rows_corrected")).isEqualTo(breakdowns);
            assertThat(first.number("rows_inserted")).isEqualTo(12 + breakdowns);
            assertThat(first.number("impressions", "impressions_added")).isEqualTo(4 + 3);
            assertThat(first.number("impressions", "impressions_removed")).isEqualTo(1);
            assertThat(first.number("impressions", "served_impressions_added")).isEqualTo(5);
            assertThat(first.number("impressions", "unique_rendered")).isEqualTo(impressionTruth().stream().mapToLong(m -> m.counts().impressions()).sum());
            long inPeriodFiles = impressions().stream().filter(i -> i.getTs() >= HOUR_10 && i.getTs() < END.toEpochMilli()).count();
            assertThat(first.number("impressions", "records_read")).isEqualTo(inPeriodFiles + malformedImpressions().size());

            // reach: ad-1 and ad-2 miss users, ad-7 is inserted, ad-ghost emptied; ad-3 and ad-8 hold the same users
            assertThat(first.reachCorrected()).isEqualTo(4);
            assertThat(first.number("reach", "rows_inserted")).isEqualTo(1);
            assertThat(first.number("reach", "rows_emptied")).isEqualTo(1);
            assertThat(first.number("reach", "rows_written")).isEqualTo(4);
            Map<String, HourReach> reach = store.reachRows(HOUR_10, END.toEpochMilli()).stream()
                    .collect(Collectors.toMap(r -> ImpressionTruth.key(r.adId(), r.hour()), r -> r));
            assertThat(reach.keySet()).containsExactlyInAnyOrderElementsOf(
                    Stream.concat(reachTruth().keySet().stream(), Stream.of(ImpressionTruth.key("ad-ghost", HOUR_10))).toList());
            reachTruth().forEach((key, users) -> assertThat(ReachDiff.sameUsers(reach.get(key).sketch(), users.toBytes())).as(key).isTrue());
            assertThat(reach.get(ImpressionTruth.key("ad-ghost", HOUR_10)).users().isEmpty()).isTrue();
            // only the corrected hours are rewritten; ad-3 and ad-8 keep the stream's rows, which the period's seal now protects
            assertThat(reach.values()).allSatisfy(r -> assertThat(WriteVersions.isReconciled(r.version()))
                    .as(r.adId()).isEqualTo(!r.adId().equals("ad-3") && !r.adId().equals("ad-8")));
            assertThat(store.reachRows(END.toEpochMilli(), END.toEpochMilli() + HourReach.HOUR_MS))
                    .singleElement().satisfies(r -> assertThat(r.version()).isEqualTo(STREAM_VERSION));

            ReconcileReport second = new Reconciler(spark, store, options(archive), clockAt(CLOSED_NOW.plusSeconds(600)), null).run();
            assertThat(second.rowsCorrected()).isZero();
            assertThat(second.reachCorrected()).isZero();
            assertThat(second.number("reach", "rows_written")).isZero();
            assertThat(allCountsOf(store, START, END)).containsExactlyElementsOf(fullTruth());
            assertThat(rowsOf(store, START, END)).containsExactlyElementsOf(fullRowsTruth());
        }
    }

    @Test
    void sparkSketchesHoldTheUsersOfTheJavaDefinition() throws Exception {
        try (ClickStore store = DuckDbClickStore.open(dir.resolve("sketches.duckdb"))) {
            new Reconciler(spark, store, options(archive), clockAt(CLOSED_NOW), null).run();
            for (HourReach r : store.reachRows(HOUR_10, END.toEpochMilli())) {
                UniqueUsers expected = reachTruth().get(ImpressionTruth.key(r.adId(), r.hour()));
                assertThat(r.estimate()).as(r.adId()).isBetween(expected.lowerBound(3), expected.upperBound(3));
                assertThat(ReachDiff.sameUsers(r.sketch(), expected.toBytes())).as(r.adId()).isTrue();
            }
        }
    }

    @Test
    void periodWithoutImpressionArchiveKeepsStoredImpressionsAndReach() throws Exception {
        Path clicksOnly = dir.resolve("clicks-only");
        ArchiveFixture.write(spark, clicksOnly.toString(), archive());
        try (ClickStore store = storeAfterTheStream("clicks-only")) {
            ReconcileReport r = new Reconciler(spark, store, options(clicksOnly), clockAt(CLOSED_NOW), null).run();

            assertThat(countsOf(store, START, END)).map(m -> clicksOf(m)).containsExactlyElementsOf(truth());
            Map<CountKey, MinuteCount> before = streamRowsWithImpressions().stream()
                    .collect(Collectors.toMap(MinuteCount::key, m -> m));
            for (MinuteCount m : store.rows(START.toEpochMilli(), END.toEpochMilli())) {
                // the stored rows were totals only: a key's one breakdown row (unknown) keeps its total's impressions
                MinuteCount was = before.get(m.key().total());
                for (CountColumn c : PeriodRows.IMPRESSION_COLUMNS) {
                    assertThat(m.counts().get(c)).as(m + " " + c).isEqualTo(was == null ? 0 : was.counts().get(c));
                }
            }
            assertThat(store.reachRows(HOUR_10, END.toEpochMilli())).containsExactlyInAnyOrderElementsOf(
                    streamReach().stream().filter(h -> h.hour() == HOUR_10).toList());
            assertThat(r.reachCorrected()).isZero();
            assertThat(r.toJson()).contains("\"hours_without_archive\" : [ \"2026-11-27T10:00:00Z\" ]", "no impression archive");
            assertThat(r.summary()).contains("impressions not reconciled (no impression archive, stored counts and reach kept): 2026-11-27T10:00:00Z");
        }
    }

    private static MinuteCount clicksOf(MinuteCount m) {
        return new MinuteCount(m.key(), Counts.of(c -> PeriodRows.IMPRESSION_COLUMNS.contains(c) ? 0 : m.counts().get(c)), m.version());
    }

    @Test
    void periodWithImpressionsButNoClicksIsReconciledWithoutAllowEmpty() throws Exception {
        Path root = dir.resolve("impressions-only");
        long eight = HOUR_10 - 2 * HourReach.HOUR_MS;
        ArchiveFixture.writeImpressions(spark, root.toString(), List.of(imp("i8", "ad-1", RENDERED, eight + 5_000, "u8")));
        try (ClickStore store = DuckDbClickStore.open(dir.resolve("impressions-only.duckdb"))) {
            store.upsert(List.of(new MinuteCount("ad-1", eight, new Counts(5, 5, 0), STREAM_VERSION)));
            ReconcileOptions o = ReconcileOptions.parse("--hour", "2026-11-27T08", "--archive", root.toString(), "--store", "duckdb:/never-opened.duckdb");
            new Reconciler(spark, store, o, clockAt(CLOSED_NOW), null).run();
            assertThat(allCountsOf(store, START.minusSeconds(7200), START.minusSeconds(3600)))
                    .containsExactly(new MinuteCount("ad-1", eight, new Counts(0, 0, 0, 0, 1), 0));
        }
    }

    @Test
    void dayReconcilesImpressionsOfTheHoursWithAnArchiveAndKeepsTheOthers() throws Exception {
        long fourteen = HOUR_10 + 4 * HourReach.HOUR_MS;
        try (ClickStore store = storeAfterTheStream("day")) {
            store.upsert(List.of(new MinuteCount("ad-1", fourteen, new Counts(0, 0, 0, 5, 4), STREAM_VERSION)));
            HourReach kept = HourReach.of("ad-1", fourteen, usersReversed(impressions().subList(0, 4)), STREAM_VERSION);
            store.upsertReach(List.of(kept));
            ReconcileOptions day = ReconcileOptions.parse("--date", "2026-11-27", "--archive", archive.toString(), "--store", "duckdb:/never-opened.duckdb");
            ReconcileReport r = new Reconciler(spark, store, day, clockAt(Instant.parse("2026-11-28T01:00:00Z")), null).run();

            // the impression archive has files for 09, 10 and 11; the other 21 hours keep what the stream stored
            assertThat(r.toJson()).contains("\"hours_reconciled\" : [ \"2026-11-27T09:00:00Z\", \"2026-11-27T10:00:00Z\", \"2026-11-27T11:00:00Z\" ]");
            assertThat(store.rows(fourteen, fourteen + 60_000)).filteredOn(m -> m.dims().isTotal()).singleElement().satisfies(m -> {
                assertThat(m.counts().servedImpressions()).isEqualTo(5);
                assertThat(m.counts().impressions()).isEqualTo(4);
            });
            assertThat(store.reachRows(fourteen, fourteen + HourReach.HOUR_MS)).containsExactly(kept);
            assertThat(store.rows(minute("10:05"), minute("10:06"))).filteredOn(m -> m.dims().isTotal()).singleElement()
                    .satisfies(m -> assertThat(m.counts().impressions()).isEqualTo(6));
            assertThat(store.rows(HOUR_10 - 60_000, HOUR_10)).filteredOn(m -> m.adId().equals("ad-9") && m.dims().isTotal()).singleElement()
                    .satisfies(m -> assertThat(m.counts().impressions()).as("the early render now counts in the day").isEqualTo(1));
        }
    }
}
