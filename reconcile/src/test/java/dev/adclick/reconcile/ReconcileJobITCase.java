package dev.adclick.reconcile;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.reconcile.report.ReconcileReport;
import dev.adclick.reconcile.testing.ArchiveFixture;
import dev.adclick.reconcile.testing.SharedSpark;
import dev.adclick.store.ClickStore;
import dev.adclick.store.PeriodSeal;
import dev.adclick.store.duckdb.DuckDbClickStore;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link Reconciler} and {@link ReconcileJob} on a local archive and a real DuckDB store. */
class ReconcileJobITCase extends ReconcileTestBase {
    static SparkSession spark;
    @TempDir static Path dir;
    static Path archive;

    @BeforeAll
    static void writeArchive() throws Exception {
        spark = SharedSpark.get();
        archive = dir.resolve("archive");
        ArchiveFixture.write(spark, archive.toString(), archive());
        // what must never be read as clicks: rejected messages, a file Flink has not committed yet
        Path hourDir = archive.resolve("dt=2026-11-27/hour=10");
        Files.writeString(hourDir.resolve(".part-0-7.inprogress.8f2c"), "not parquet, in progress");
        Files.createDirectories(archive.resolve("rejected/dt=2026-11-27/hour=10"));
        Files.writeString(archive.resolve("rejected/dt=2026-11-27/hour=10/part-0.parquet"), "{\"garbage\":1}");
    }

    private static ReconcileOptions options(String... more) {
        String[] base = {"--hour", PERIOD, "--archive", archive.toString(), "--store", "duckdb:/never-opened.duckdb"};
        return ReconcileOptions.parse(Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new));
    }

    private static ClickStore storeWithStreamRows(String name) throws Exception {
        DuckDbClickStore store = DuckDbClickStore.open(dir.resolve(name + ".duckdb"));
        store.upsert(streamRows());
        return store;
    }

    @Test
    void correctsEveryOnlineErrorAndSecondRunChangesNothing() throws Exception {
        try (ClickStore store = storeWithStreamRows("exact")) {
            ReconcileReport first = new Reconciler(spark, store, options(), clockAt(CLOSED_NOW), null).run();

            assertThat(countsOf(store, START, END)).containsExactlyElementsOf(truth());
            assertThat(rowsOf(store, START, END)).containsExactlyElementsOf(rowsTruth());
            assertThat(store.rows(START.toEpochMilli(), END.toEpochMilli()))
                    .allSatisfy(r -> assertThat(WriteVersions.isReconciled(r.version())).isTrue());
            // hand-checked rows of the scenario
            assertThat(countsOf(store, START, END)).contains(
                    new MinuteCount("ad-2", minute("10:05"), new Counts(4, 4, 0), 0),
                    new MinuteCount("ad-3", minute("10:10"), new Counts(2, 1, 0), 0),
                    new MinuteCount("ad-4", minute("10:20"), new Counts(1, 1, 25), 0),
                    new MinuteCount("ad-s0", minute("10:30"), new Counts(0, 0, 10), 0),
                    new MinuteCount("ad-6", minute("10:50"), new Counts(30, 0, 0), 0),
                    new MinuteCount("ad-1", minute("10:00"), new Counts(3, 2, 0), 0));
            assertThat(countsOf(store, START, END)).noneMatch(r -> r.adId().equals("ad-ghost") || r.minute() == minute("10:40"));
            // the next hour is not part of the period
            assertThat(store.rows(END.toEpochMilli(), END.toEpochMilli() + 60_000))
                    .singleElement().satisfies(r -> assertThat(r.version()).isEqualTo(STREAM_VERSION));

            // ad-2 up, ad-4 25 clicks moved to suspicious, 11 sprayer rows inserted, ad-3@10:40 and ad-ghost zeroed
            assertThat(first.number("total_rows_corrected")).isEqualTo(1 + 1 + 11 + 2);
            // the stream's rows were totals only: every breakdown row (unknown: this archive has no dimensions) is inserted
            assertThat(first.number("breakdown_rows_corrected")).isEqualTo(truth().size());
            assertThat(first.rowsCorrected()).isEqualTo(1 + 1 + 11 + 2 + truth().size());
            assertThat(first.number("rows_inserted")).isEqualTo(11 + truth().size());
            assertThat(first.number("rows_zeroed")).isEqualTo(2);
            assertThat(first.number("clicks_added")).isEqualTo(3);
            assertThat(first.number("clicks_removed")).isEqualTo(25 + 1 + 3);
            // the right total rows are written only because their keys gain breakdown rows (the stream wrote totals only)
            assertThat(first.number("rows_carried")).isEqualTo(truth().size() - 2 - 11);
            assertThat(store.seals(START.toEpochMilli(), END.toEpochMilli())).containsExactly(new PeriodSeal(START.toEpochMilli(),
                    END.toEpochMilli(), first.number("version")));
            assertThat(first.number("unique_clicks")).isEqualTo(truth().stream().mapToLong(r -> r.clicks() + r.suspiciousClicks()).sum());
            // every copy in the hour's files, duplicates included (not the 09:59 and 11:00 ones of other
            // partitions): counted on the computation's own scan
            assertThat(first.number("records_read"))
                    .isEqualTo(archive().stream().filter(c -> c.getTs() >= START.toEpochMilli() && c.getTs() < END.toEpochMilli()).count())
                    .isEqualTo(181);
            assertThat(first.toJson()).contains("\"largest_differences\"", "\"ad_id\" : \"ad-4\"", "dt=2026-11-27/hour=10/part-");

            ReconcileReport second = new Reconciler(spark, store, options(), clockAt(CLOSED_NOW.plusSeconds(600)), null).run();
            assertThat(second.rowsCorrected()).isZero();
            assertThat(second.number("rows_written")).isZero();
            assertThat(countsOf(store, START, END)).containsExactlyElementsOf(truth());
        }
    }

    @Test
    void lateStreamWriteCannotOverwriteReconciledRow() throws Exception {
        try (ClickStore store = storeWithStreamRows("late")) {
            new Reconciler(spark, store, options(), clockAt(CLOSED_NOW), null).run();
            long now = CLOSED_NOW.plusSeconds(60).toEpochMilli();
            store.upsert(List.of(new MinuteCount("ad-2", minute("10:05"), new Counts(1, 1, 0), WriteVersions.stream(now)),
                    new MinuteCount("ad-4", minute("10:20"), new Counts(26, 26, 0), WriteVersions.stream(now))));
            assertThat(countsOf(store, START, END)).containsExactlyElementsOf(truth());
        }
    }

    @Test
    void refusesPeriodThatIsNotClosed() throws Exception {
        try (ClickStore store = storeWithStreamRows("open")) {
            assertThatThrownBy(() -> new Reconciler(spark, store, options(), clockAt(OPEN_NOW), null).run())
                    .isInstanceOf(ReconcileException.class)
                    .hasMessageContaining("period 2026-11-27T10 is not closed yet")
                    .hasMessageContaining("can be reconciled from 2026-11-27T11:01:40Z")
                    .satisfies(e -> assertThat(((ReconcileException) e).exitCode()).isEqualTo(ReconcileException.NOT_CLOSED));
            assertThat(store.rows(START.toEpochMilli(), END.toEpochMilli()))
                    .allSatisfy(r -> assertThat(r.version()).isEqualTo(STREAM_VERSION));
        }
    }

    @Test
    void jobExitsNonZeroWithMessageForOpenPeriod() {
        Result r = runJob(OPEN_NOW, "--hour", PERIOD, "--archive", archive.toString(),
                "--store", "duckdb:" + dir.resolve("job-open.duckdb"), "--reconcile.reports-dir", dir.resolve("reports-open").toString());
        assertThat(r.code).isEqualTo(3);
        assertThat(r.err).contains("is not closed yet");
    }

    @Test
    void jobStoresCorrectionsAndKeepsReports() throws Exception {
        Path db = dir.resolve("job.duckdb");
        try (ClickStore store = DuckDbClickStore.open(db)) {
            store.upsert(streamRows());
        }
        Path reports = dir.resolve("reports");
        Result r = runJob(CLOSED_NOW, "--hour", PERIOD, "--archive", archive.toUri().toString(), "--store", "duckdb:" + db,
                "--reconcile.reports-dir", reports.toString(), "--quiet");
        assertThat(r.code).as(r.err).isZero();
        int breakdowns = truth().size();
        assertThat(r.out).contains("Reconciled 2026-11-27T10", (15 + breakdowns) + " corrected (15 total, " + breakdowns + " breakdown; "
                + (11 + breakdowns) + " inserted, 2 zeroed)", "report: ");
        assertThat(reports.resolve("latest.json")).exists();
        try (Stream<Path> files = Files.list(reports)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("2026-11-27T10-20261127T120000Z.json");
        }
        try (ClickStore store = DuckDbClickStore.open(db)) {
            assertThat(countsOf(store, START, END)).containsExactlyElementsOf(truth());
        }
    }

    @Test
    void corruptArchiveFileIsReportedWithItsPath() throws Exception {
        Path root = dir.resolve("corrupt-archive");
        ArchiveFixture.write(spark, root.toString(), archive());
        Path bad = root.resolve("dt=2026-11-27/hour=10/part-99999-broken.parquet");
        Files.write(bad, "PAR1 this is not really parquet PAR1".getBytes(StandardCharsets.US_ASCII));
        try (ClickStore store = storeWithStreamRows("corrupt")) {
            ReconcileOptions o = ReconcileOptions.parse("--hour", PERIOD, "--archive", root.toString(), "--store", "duckdb:/never-opened.duckdb");
            assertThatThrownBy(() -> new Reconciler(spark, store, o, clockAt(CLOSED_NOW), null).run())
                    .isInstanceOf(ReconcileException.class)
                    .hasMessageContaining("part-99999-broken.parquet")
                    .hasMessageContaining("cannot be read")
                    .satisfies(e -> assertThat(((ReconcileException) e).exitCode()).isEqualTo(ReconcileException.CORRUPT_ARCHIVE));
            assertThat(store.rows(START.toEpochMilli(), END.toEpochMilli()))
                    .allSatisfy(row -> assertThat(row.version()).isEqualTo(STREAM_VERSION));
        }
    }

    @Test
    void periodWithoutArchiveDataIsRefusedUnlessAllowed() throws Exception {
        try (ClickStore store = DuckDbClickStore.open(dir.resolve("empty.duckdb"))) {
            long eight = minute("10:00") - 2 * 3_600_000L;
            store.upsert(List.of(new MinuteCount("ad-1", eight, new Counts(5, 5, 0), STREAM_VERSION)));
            ReconcileOptions refused = ReconcileOptions.parse("--hour", "2026-11-27T08", "--archive", archive.toString(), "--store", "duckdb:/never-opened.duckdb");
            assertThatThrownBy(() -> new Reconciler(spark, store, refused, clockAt(CLOSED_NOW), null).run())
                    .isInstanceOf(ReconcileException.class)
                    .hasMessageContaining("no archive data for period 2026-11-27T08")
                    .hasMessageContaining("--allow-empty")
                    .hasMessageContaining("1 rows");
            assertThat(store.totals("ad-1", eight, eight + 60_000).clicks()).isEqualTo(5);

            ReconcileReport r = new Reconciler(spark, store, refused.withFlag("allow-empty"), clockAt(CLOSED_NOW), null).run();
            assertThat(r.number("rows_zeroed")).isEqualTo(1);
            assertThat(store.totals("ad-1", eight, eight + 60_000).clicks()).isZero();
        }
    }

    record Result(int code, String out, String err) {}

    static Result runJob(java.time.Instant now, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReconcileJob.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.fixed(now, java.time.ZoneOffset.UTC));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
