package dev.adclick.reconcile;

import dev.adclick.reconcile.report.ReconcileReport;
import dev.adclick.reconcile.testing.ArchiveFixture;
import dev.adclick.reconcile.testing.S3ProxyProcess;
import dev.adclick.reconcile.testing.SharedSpark;
import dev.adclick.store.ClickStore;
import dev.adclick.store.duckdb.DuckDbClickStore;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link Reconciler} reading an {@code s3a://} archive from S3Proxy. */
class ReconcileS3ITCase extends ReconcileTestBase {
    static final String ARCHIVE = "s3a://clicks-archive/archive";
    @TempDir static Path dir;
    static S3ProxyProcess s3;
    static SparkSession spark;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyProcess.start(dir, "clicks-archive");
        spark = SharedSpark.get();
        // the same settings the job applies for --s3.endpoint
        SparkSessions.s3a(s3.endpoint(), S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY)
                .forEach((k, v) -> spark.sparkContext().hadoopConfiguration().set(k.substring("spark.hadoop.".length()), v));
        ArchiveFixture.write(spark, ARCHIVE, archive());
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) s3.close();
    }

    @Test
    void reconcilesFromS3AndSecondRunFindsNothing() throws Exception {
        // the files really are on the S3 server
        assertThat(dir.resolve("s3-data/clicks-archive/archive/dt=2026-11-27/hour=10")).isDirectory();
        try (ClickStore store = DuckDbClickStore.open(dir.resolve("s3.duckdb"))) {
            store.upsert(streamRows());
            ReconcileOptions o = ReconcileOptions.parse("--hour", PERIOD, "--archive", ARCHIVE, "--store", "duckdb:/never-opened.duckdb",
                    "--s3.endpoint", s3.endpoint(), "--s3.access-key", S3ProxyProcess.ACCESS_KEY, "--s3.secret-key", S3ProxyProcess.SECRET_KEY);
                ReconcileReport first = new Reconciler(spark, store, o, clockAt(CLOSED_NOW), null).run();
            assertThat(first.number("total_rows_corrected")).isEqualTo(15);
            assertThat(first.toJson()).contains("s3a://clicks-archive/archive/dt=2026-11-27/hour=10/part-");
            assertThat(countsOf(store, START, END)).containsExactlyElementsOf(truth());

            ReconcileReport second = new Reconciler(spark, store, o, clockAt(CLOSED_NOW.plusSeconds(60)), null).run();
            assertThat(second.rowsCorrected()).isZero();
            assertThat(second.number("rows_written")).isZero();
        }
        assertThat(Files.exists(dir.resolve("s3proxy.log"))).isTrue();
    }
}
