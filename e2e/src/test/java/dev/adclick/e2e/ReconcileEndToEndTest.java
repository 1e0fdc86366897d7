package dev.adclick.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adclick.cli.reconcile.ReconcileLauncher;
import dev.adclick.cli.stack.EmbeddedStack;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.aggregator.archive.ArchiveSinks;
import dev.adclick.core.stream.StreamTiming;
import dev.adclick.store.PipelineStatus;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./adclick reconcile} against the running embedded stack: the Spark job runs in its own
 * JVM, reads the archive the stream wrote, and corrects the stack's DuckDB store through the
 * admin API, so a click the stream dropped as too late ends up counted, and the report shows up
 * in the query API.
 */
class ReconcileEndToEndTest extends StackTestBase {
    @TempDir
    Path dataDir;

    @Test
    void reconcilingAClosedHourCountsTheClickTheStreamDroppedAsTooLate() throws Exception {
        long hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS).toEpochMilli();
        long minute = hour + 10 * MINUTE;
        System.setProperty("adclick.home", Path.of("..").toAbsolutePath().normalize().toString());
        EmbeddedStack stack = startStack(dataDir);
        try {
            try (KafkaProducer<String, byte[]> producer = producer(stack)) {
                for (int i = 0; i < 5; i++) produce(producer, click("on-time-" + i, "ad-001", minute + i, "ip-" + i, true));
                // counted online before the watermark jumps: once (of 4 runs) the stream had counted 1
                // of 5 when the jump followed at once — see the closing note of 2026-12-03
                long counted = awaitValue(() -> clicksOf(stack, minute), 5L, Duration.ofSeconds(60));
                assertThat(counted).as("the stream counts the on-time clicks").isEqualTo(5);
                // a click two hours later on the same ad (same partition: watermarks are per partition)
                // moves the watermark far past the hour once the other, empty partitions count as idle...
                produce(producer, click("later", "ad-001", hour + 2 * 60 * MINUTE, "ip-x", true));
                awaitCondition("the watermark passes the minute's lateness", Duration.ofSeconds(60),
                        () -> watermark(stack) > minute + MINUTE + stack.config().get(StreamTiming.ALLOWED_LATENESS).toMillis());
                // ...so this one, for the same minute as the first five, is too late for the stream
                produce(producer, click("too-late", "ad-001", minute + 30_000, "ip-y", true));
            }
            long want = 5;
            long online = awaitValue(() -> clicksOf(stack, minute), want, Duration.ofSeconds(60));
            assertThat(online).as("the stream counts the on-time clicks only").isEqualTo(5);
            // a checkpoint commits the archive files, the too-late click's copy among them (in-progress files are hidden)
            awaitCondition("the too-late click is archived", Duration.ofSeconds(60), () -> countFiles(dataDir, f ->
                    f.toString().contains("/" + ArchiveSinks.TOO_LATE + "/") && !f.getFileName().toString().startsWith(".")) > 0);

            String period = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC).format(Instant.ofEpochMilli(hour));
            ProcessBuilder pb = ReconcileLauncher.processFor(stack.config(), stack.queryUrl(), "--hour", period, List.of("--quiet"))
                    .redirectErrorStream(true).redirectOutput(dataDir.resolve("reconcile.out").toFile());
            pb.environment().put("RECONCILE_JAVA_OPTS", "-Xmx1g");
            Process p = pb.start();
            assertThat(p.waitFor(4, TimeUnit.MINUTES)).as("reconcile finished").isTrue();
            assertThat(p.exitValue()).as(Files.readString(dataDir.resolve("reconcile.out"))).isZero();

            // the minute's total row and its breakdown rows (these clicks have no dimensions: one all-unknown row), both reconciled
            List<MinuteCount> rows = stack.store().rows(minute, minute + MINUTE);
            assertThat(rows).extracting(MinuteCount::dims).containsExactlyInAnyOrder(Dimensions.TOTAL, Dimensions.UNKNOWN);
            for (MinuteCount row : rows) {
                assertThat(row.clicks()).as(row.toString()).isEqualTo(6);
                assertThat(row.verifiedClicks()).as(row.toString()).isEqualTo(6);
                assertThat(WriteVersions.isReconciled(row.version())).as(row.toString()).isTrue();
            }
            // and the hour sealed through the stack's admin API, so a replayed stream cannot change it
            assertThat(stack.store().seals(hour, hour + 3_600_000L)).singleElement()
                    .satisfies(seal -> assertThat(seal.from()).isEqualTo(hour));

            JsonNode latest = api(stack, "/api/v1/reconciliation/latest").path("latest");
            assertThat(latest.path("period").asText()).isEqualTo(period);
            assertThat(latest.path("clicks_added").asLong()).as(latest.toString()).isEqualTo(1);
        } finally {
            stack.close();
        }
    }

    private static long watermark(EmbeddedStack stack) {
        try {
            return stack.store().status(Long.MAX_VALUE).map(PipelineStatus::watermark).orElse(Long.MIN_VALUE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long clicksOf(EmbeddedStack stack, long minute) {
        try {
            return stack.store().totals("ad-001", minute, minute + MINUTE).clicks();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
