package dev.adclick.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.reach.HourReach;
import dev.adclick.reconcile.testing.ArchiveFixture;
import dev.adclick.reconcile.testing.SharedSpark;
import dev.adclick.store.ClickStore;
import dev.adclick.store.duckdb.DuckDbClickStore;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests of the job's report, console, dry run and unreadable files with impressions, through {@link ReconcileJob#run}. */
class ImpressionReportITCase extends ImpressionTestBase {
    static SparkSession spark;
    @TempDir static Path dir;
    static Path archive;

    @BeforeAll
    static void writeArchive() {
        spark = SharedSpark.get();
        archive = dir.resolve("archive");
        writeArchives(spark, archive);
    }

    static Path storeAfterTheStream(String name) throws Exception {
        Path db = dir.resolve(name + ".duckdb");
        storeAfterTheStream(db).close();
        return db;
    }

    static ReconcileJobITCase.Result job(Path root, Path db, String... more) {
        String[] base = {"--hour", PERIOD, "--archive", root.toString(), "--store", "duckdb:" + db,
                "--reconcile.reports-dir", dir.resolve("reports-" + db.getFileName()).toString()};
        String[] args = Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new);
        return ReconcileJobITCase.runJob(CLOSED_NOW, args);
    }

    @Test
    void dryRunReportsImpressionAndReachCorrectionsAndWritesNothing() throws Exception {
        Path db = storeAfterTheStream("dry");
        ReconcileJobITCase.Result r = job(archive, db, "--dry-run");
        assertThat(r.code()).as(r.err()).isZero();
        long breakdowns = fullRowsTruth().stream().filter(m -> !m.dims().isTotal()).count();
        assertThat(r.out()).contains("(dry run: nothing written)", (16 + breakdowns) + " corrected (16 total, " + breakdowns + " breakdown; "
                        + (12 + breakdowns) + " inserted, 2 zeroed)",
                "impressions: served +5 added, -0 removed; rendered +7 added, -1 removed",
                "reach: 6 hours checked, 4 corrected (1 inserted, 1 emptied)",
                "ad-2 2026-11-27T10:05:00Z: clicks 1 -> 4, verified 1 -> 4, suspicious 0 -> 0, served 6 -> 6, rendered 2 -> 6",
                "ad-7 2026-11-27T10:00:00Z: users ~0 -> ~3");
        try (ClickStore store = DuckDbClickStore.open(db)) {
            assertThat(store.rows(START.toEpochMilli(), END.toEpochMilli())).containsExactlyInAnyOrderElementsOf(
                    streamRowsWithImpressions().stream().filter(m -> m.minute() < END.toEpochMilli()).toList());
            assertThat(store.reachRows(HOUR_10, END.toEpochMilli() + HourReach.HOUR_MS)).containsExactlyInAnyOrderElementsOf(streamReach());
        }
    }

    @Test
    void reportShowsImpressionAndReachCorrections() throws Exception {
        Path db = storeAfterTheStream("report");
        ReconcileJobITCase.Result r = job(archive, db, "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("impression archive: 1 files", "reach: 6 hours checked, 4 corrected");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("reports-report.duckdb/latest.json").toFile());
        JsonNode impressions = json.path("impressions");
        assertThat(impressions.path("archive").path("uri").asText()).endsWith("/impressions");
        assertThat(impressions.path("archive").path("files_read").asInt()).isEqualTo(1);
        assertThat(impressions.path("hours_reconciled").get(0).asText()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(impressions.path("hours_without_archive")).isEmpty();
        assertThat(impressions.path("impressions_added").asLong()).isEqualTo(7);
        assertThat(impressions.path("impressions_removed").asLong()).isEqualTo(1);
        JsonNode reach = json.path("reach");
        assertThat(reach.path("rows_corrected").asInt()).isEqualTo(4);
        assertThat(reach.path("rows_written").asInt()).isEqualTo(4); // the corrections only: ad-3 and ad-8 are right as stored
        assertThat(reach.path("largest_differences").findValuesAsText("ad_id")).containsExactlyInAnyOrder("ad-1", "ad-2", "ad-7", "ad-ghost");
        assertThat(json.path("per_ad").findValuesAsText("ad_id")).contains("ad-7");
        JsonNode ad7 = null;
        for (JsonNode a : json.path("per_ad")) if (a.path("ad_id").asText().equals("ad-7")) ad7 = a;
        assertThat(ad7.path("impressions_delta").asLong()).isEqualTo(3);
        assertThat(ad7.path("served_impressions_delta").asLong()).isEqualTo(5);
    }

    @Test
    void corruptImpressionFileStopsTheRunNamingIt() throws Exception {
        Path root = dir.resolve("corrupt");
        writeArchives(spark, root);
        Path hour = root.resolve("dt=2026-11-27/hour=10");
        // a readable click file of the same name: the message must name the impression file
        try (Stream<Path> clickFiles = Files.list(hour)) {
            Files.copy(clickFiles.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow(), hour.resolve("part-77777.parquet"));
        }
        Files.write(root.resolve("impressions/dt=2026-11-27/hour=10/part-77777.parquet"),
                "PAR1 this is not really parquet PAR1".getBytes(StandardCharsets.US_ASCII));
        assertNothingWrittenAndNamed(root, "corrupt", "impressions/dt=2026-11-27/hour=10/part-77777.parquet");
    }

    @Test
    void impressionFileOfAnotherSchemaStopsTheRunNamingIt() throws Exception {
        Path root = dir.resolve("malformed");
        writeArchives(spark, root);
        // ts written as text: a writer bug or a foreign file, not something to skip silently
        StructType wrong = new StructType().add("impression_id", DataTypes.StringType).add("ad_id", DataTypes.StringType)
                .add("kind", DataTypes.StringType).add("ts", DataTypes.StringType);
        spark.createDataFrame(List.of(RowFactory.create("x", "ad-1", "rendered", "10:00")), wrong).coalesce(1)
                .write().mode(SaveMode.Append).parquet(root.resolve("impressions/dt=2026-11-27/hour=10").toString());
        assertNothingWrittenAndNamed(root, "malformed", "impressions/dt=2026-11-27/hour=10/part-");
    }

    private void assertNothingWrittenAndNamed(Path root, String name, String fileName) throws Exception {
        Path db = storeAfterTheStream(name);
        ReconcileJobITCase.Result r = job(root, db, "--quiet");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ReconcileException.CORRUPT_ARCHIVE);
        assertThat(r.err()).contains(fileName, "cannot be read", "Nothing was written");
        try (ClickStore store = DuckDbClickStore.open(db)) {
            assertThat(store.rows(START.toEpochMilli(), END.toEpochMilli())).extracting(MinuteCount::version).containsOnly(STREAM_VERSION);
            assertThat(store.reachRows(HOUR_10, END.toEpochMilli())).extracting(HourReach::version).containsOnly(STREAM_VERSION);
        }
    }
}
