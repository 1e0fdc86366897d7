package dev.adclick.ingest;

import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.ingest.token.ClickTokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests that a non-empty spool survives the end of an {@link IngestServer}, graceful or {@code kill -9}. */
class CrashRecoveryITCase extends IngestTestBase {
    private static final String FAILED_SENDS = "adclick_publish_failed_records_total";
    private static final int CLICKS = 200;
    private final ClickTokens tokens = new ClickTokens(SECRETS, Duration.ofHours(24));

    @Test
    void killMinus9WithAFullSpoolLosesNoAcceptedClick(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafka kafka = new EmbeddedKafka(tmp.resolve("kafka"), 0).start()) {
            String topic = newTopicName();
            List<String> sent = new ArrayList<>();
            long failedSends = killChildThenReplay(kafka, topic, tmp, port -> {
                sent.addAll(clickNewImpressions(tokens, port, CLICKS));
                // accepted = written to the spool file; from then on only the disk can lose it
                await("child accepted every click", Duration.ofSeconds(20),
                        () -> metric(port, "adclick_clicks_total{outcome=\"accepted\"}") == CLICKS);
                assertThat(metric(port, "adclick_spool_depth")).isEqualTo(CLICKS);
            });
            List<Published> published = readTopic(kafka.bootstrapServers(), topic, CLICKS, Duration.ofSeconds(30));
            KafkaOutageITCase.assertExactlyTheseClicks(published, sent, failedSends);
        }
    }

    @Test
    void killMinus9WithImpressionsInTheSpoolLosesNoneAndSendsEachToItsTopic(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafka kafka = new EmbeddedKafka(tmp.resolve("kafka"), 0).start()) {
            String topic = newTopicName();
            List<JsonObject> served = new ArrayList<>();
            List<String> clicks = new ArrayList<>();
            long failedSends = killChildThenReplay(kafka, topic, tmp, port -> {
                served.addAll(serveAndRender(port, 60, 40));
                clicks.addAll(clickNewImpressions(tokens, port, 20));
                await("child accepted every event", Duration.ofSeconds(20), () -> metric(port, "adclick_spool_depth") == 120);
                assertThat(metric(port, "adclick_impressions_total{kind=\"served\",outcome=\"accepted\"}")).isEqualTo(60);
                assertThat(metric(port, "adclick_impressions_total{kind=\"rendered\",outcome=\"accepted\"}")).isEqualTo(40);
                assertThat(metric(port, "adclick_clicks_total{outcome=\"accepted\"}")).isEqualTo(20);
            });
            Set<String> expected = new HashSet<>(ImpressionAssertions.dedupeIds(served, ImpressionKind.SERVED));
            expected.addAll(ImpressionAssertions.dedupeIds(served.subList(0, 40), ImpressionKind.RENDERED));
            ImpressionAssertions.assertExactlyTheseImpressions(
                    readImpressions(kafka.bootstrapServers(), impressionsTopic(topic), 100, Duration.ofSeconds(30)), expected, failedSends);
            KafkaOutageITCase.assertExactlyTheseClicks(readTopic(kafka.bootstrapServers(), topic, 20, Duration.ofSeconds(30)), clicks, failedSends);
        }
    }

    /**
     * With the topics created and Kafka stopped: runs an ingest server in a child JVM, lets
     * {@code traffic} drive it (given its port), kills it with SIGKILL (no shutdown hook, no drain,
     * no fsync), then starts Kafka and a server on the same spool and waits until it sent
     * everything. Returns that server's failed sends: the child never reached a broker, so only
     * they can leave copies.
     */
    private long killChildThenReplay(EmbeddedKafka kafka, String topic, Path tmp, IntConsumer traffic) throws Exception {
        Path spool = tmp.resolve("spool");
        createTopics(kafka, topic);
        kafka.stop();
        Process child = startChild(kafka.bootstrapServers(), topic, spool, tmp);
        try {
            traffic.accept(awaitPort(tmp.resolve("port"), child));
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(segmentFiles(spool)).isNotEmpty();

        kafka.start();
        try (IngestServer restarted = IngestServer.start(options(kafka.bootstrapServers(), topic, spool).build(),
                AdCatalogHolder.fixed(catalog()))) {
            await("spool replayed", Duration.ofSeconds(60), () -> metric(restarted.port(), "adclick_spool_depth") == 0);
            return (long) metric(restarted.port(), FAILED_SENDS);
        }
    }

    @Test
    void gracefulStopWithKafkaDownKeepsTheSpoolForTheNextStart(@TempDir Path tmp) throws Exception {
        Path spool = tmp.resolve("spool");
        try (EmbeddedKafka kafka = new EmbeddedKafka(tmp.resolve("kafka"), 0).start()) {
            String topic = newTopicName();
            createTopics(kafka, topic);
            List<String> sent = new ArrayList<>();
            long failedSends;
            try (IngestServer server = IngestServer.start(options(kafka.bootstrapServers(), topic, spool).build(),
                    AdCatalogHolder.fixed(catalog()))) {
                sent.addAll(clickNewImpressions(tokens, server.port(), 20));
                readTopic(kafka.bootstrapServers(), topic, 20, Duration.ofSeconds(20));
                // acknowledged, so nothing is in flight when the broker stops: this server leaves no copies
                await("first clicks acknowledged", Duration.ofSeconds(10), () -> metric(server.port(), "adclick_spool_depth") == 0);
                kafka.stop();
                sent.addAll(clickNewImpressions(tokens, server.port(), 80));
            } // close(): drains what it can for shutdownTimeout, keeps the rest
            assertThat(segmentFiles(spool)).isNotEmpty();

            kafka.start();
            try (IngestServer restarted = IngestServer.start(options(kafka.bootstrapServers(), topic, spool).build(),
                    AdCatalogHolder.fixed(catalog()))) {
                await("spool replayed", Duration.ofSeconds(60), () -> metric(restarted.port(), "adclick_spool_depth") == 0);
                sent.addAll(clickNewImpressions(tokens, restarted.port(), 10));
                await("all acknowledged", Duration.ofSeconds(30), () -> metric(restarted.port(), "adclick_spool_depth") == 0);
                failedSends = (long) metric(restarted.port(), FAILED_SENDS);
            }
            List<Published> published = readTopic(kafka.bootstrapServers(), topic, 110, Duration.ofSeconds(30));
            KafkaOutageITCase.assertExactlyTheseClicks(published, sent, failedSends);
        }
    }

    private static Process startChild(String bootstrap, String topic, Path spool, Path tmp) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                TestingIngestMain.class.getName(), bootstrap, topic, spool.toString(), tmp.resolve("port").toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile())
                .start();
    }

    private static int awaitPort(Path portFile, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(portFile)) {
            if (!child.isAlive()) throw new AssertionError("child ingest exited with " + child.exitValue() + "; see child.log");
            if (System.nanoTime() > deadline) throw new AssertionError("child ingest did not start in 60 s");
            Thread.sleep(50);
        }
        return Integer.parseInt(Files.readString(portFile).trim());
    }

    private static List<Path> segmentFiles(Path spool) throws Exception {
        try (Stream<Path> s = Files.list(spool)) {
            return s.filter(p -> p.getFileName().toString().startsWith("seg-")).toList();
        }
    }
}
