package dev.adclick.ingest;

import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.ingest.internal.ClickHasher;
import dev.adclick.ingest.token.ClickTokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for the spool in front of Kafka: the broker stopped and started again under a running {@link IngestServer}. */
class KafkaOutageITCase extends IngestTestBase {
    private final ClickTokens tokens = new ClickTokens(SECRETS, Duration.ofHours(24));

    @Test
    void clicksDuringAnOutageWaitInTheSpoolAndAllArrive(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafka kafka = new EmbeddedKafka(tmp.resolve("kafka"), 0).start()) {
            String topic = newTopicName();
            createTopics(kafka, topic);
            // A short delivery timeout and a small in-flight window: the outage outlasts both, so the
            // producer gives up on its records and the backlog builds on disk, not in memory.
            IngestOptions opts = options(kafka.bootstrapServers(), topic, tmp.resolve("spool"))
                    .kafkaDeliveryTimeout(Duration.ofSeconds(3)).maxInFlight(50)
                    .spoolSegmentBytes(16 * 1024).spoolFsync(SpoolFsync.EVERY_WRITE).build();
            try (IngestServer server = IngestServer.start(opts, AdCatalogHolder.fixed(catalog()))) {
                int port = server.port();
                List<String> sent = new ArrayList<>(click(port, 100));
                readTopicUntil(kafka, topic, 100);
                // acknowledged, not only written: nothing is in flight when the broker stops
                await("first clicks acknowledged", Duration.ofSeconds(10), () -> metric(port, "adclick_spool_depth") == 0);
                assertThat(metric(port, "adclick_publish_failed_records_total")).isZero();

                kafka.stop();
                long t0 = System.nanoTime();
                sent.addAll(click(port, 300));
                long outageClicksMs = (System.nanoTime() - t0) / 1_000_000;
                assertThat(outageClicksMs).as("300 redirects with Kafka down (ms)").isLessThan(15_000);
                await("spool holds the outage's clicks", Duration.ofSeconds(10), () -> metric(port, "adclick_spool_depth") == 300);
                await("kafka reported down", Duration.ofSeconds(15), () -> health(port).getJsonObject("kafka").getString("state").equals("down"));
                // past the delivery timeout the producer gives up on what it had in flight; the spool keeps them
                await("the producer gave up its in-flight sends", Duration.ofSeconds(30),
                        () -> metric(port, "adclick_publish_failed_records_total") > 0);
                assertThat(metric(port, "adclick_spool_depth")).isEqualTo(300);
                assertThat(metric(port, "adclick_publish_inflight")).isLessThanOrEqualTo(50);
                assertThat(metric(port, "adclick_spool_bytes")).isGreaterThan(16 * 1024); // several segments on disk

                kafka.start();
                sent.addAll(click(port, 50));
                await("spool drained", Duration.ofSeconds(60), () -> metric(port, "adclick_spool_depth") == 0);
                await("kafka reported up", Duration.ofSeconds(15), () -> health(port).getJsonObject("kafka").getString("state").equals("up"));
                assertThat(metric(port, "adclick_clicks_total{outcome=\"accepted\"}")).isEqualTo(450);
                await("acknowledged segments deleted", Duration.ofSeconds(5), () -> metric(port, "adclick_spool_bytes") < 16 * 1024 * 2);

                List<Published> published = readTopic(kafka.bootstrapServers(), topic, 450, Duration.ofSeconds(30));
                assertExactlyTheseClicks(published, sent, (long) metric(port, "adclick_publish_failed_records_total"));
                // acknowledged before the outage, so never resent
                Map<String, Long> perClickId = countPerClickId(published);
                for (String imp : sent.subList(0, 100)) assertThat(perClickId.get(ClickHasher.verifiedClickId(imp))).as(imp).isEqualTo(1L);
            }
        }
    }

    @Test
    void impressionsDuringAnOutageWaitInTheSpoolAndAllArriveOnTheirTopic(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafka kafka = new EmbeddedKafka(tmp.resolve("kafka"), 0).start()) {
            String topic = newTopicName();
            createTopics(kafka, topic);
            IngestOptions opts = options(kafka.bootstrapServers(), topic, tmp.resolve("spool"))
                    .kafkaDeliveryTimeout(Duration.ofSeconds(3)).maxInFlight(50).spoolSegmentBytes(16 * 1024).build();
            try (IngestServer server = IngestServer.start(opts, AdCatalogHolder.fixed(catalog()))) {
                int port = server.port();
                List<JsonObject> served = new ArrayList<>(serveAndRender(port, 20, 10));
                // acknowledged, so nothing is in flight when the broker stops
                await("first events acknowledged", Duration.ofSeconds(20), () -> metric(port, "adclick_publish_latency_seconds_count") == 30
                        && metric(port, "adclick_spool_depth") == 0);

                kafka.stop();
                // serves, beacons and clicks interleaved in one spool while Kafka is away; none waits for it
                long t0 = System.nanoTime();
                List<JsonObject> outage = serveAndRender(port, 150, 100);
                List<String> clicks = new ArrayList<>(click(port, 40));
                assertThat((System.nanoTime() - t0) / 1_000_000).as("290 answers with Kafka down (ms)").isLessThan(15_000);
                served.addAll(outage);
                await("spool holds the outage's events", Duration.ofSeconds(10), () -> metric(port, "adclick_spool_depth") == 290);
                await("kafka reported down", Duration.ofSeconds(15), () -> health(port).getJsonObject("kafka").getString("state").equals("down"));

                kafka.start();
                await("spool drained", Duration.ofSeconds(60), () -> metric(port, "adclick_spool_depth") == 0);
                long failedSends = (long) metric(port, "adclick_publish_failed_records_total");
                Set<String> expected = new HashSet<>(ImpressionAssertions.dedupeIds(served, ImpressionKind.SERVED));
                expected.addAll(ImpressionAssertions.dedupeIds(served.subList(0, 10), ImpressionKind.RENDERED));
                expected.addAll(ImpressionAssertions.dedupeIds(outage.subList(0, 100), ImpressionKind.RENDERED));
                assertThat(expected).hasSize(280);
                ImpressionAssertions.assertExactlyTheseImpressions(
                        readImpressions(kafka.bootstrapServers(), impressionsTopic(topic), 280, Duration.ofSeconds(30)), expected, failedSends);
                assertExactlyTheseClicks(readTopic(kafka.bootstrapServers(), topic, 40, Duration.ofSeconds(30)), clicks, failedSends);
                assertThat(metric(port, "adclick_impressions_total{kind=\"served\",outcome=\"accepted\"}")).isEqualTo(170);
                assertThat(metric(port, "adclick_impressions_total{kind=\"rendered\",outcome=\"accepted\"}")).isEqualTo(110);
                assertThat(metric(port, "adclick_clicks_total{outcome=\"accepted\"}")).isEqualTo(40);
            }
        }
    }

    /**
     * Every sent click is on the topic, and nothing else; copies beyond the first are bounded
     * exactly: the sender resends a record only after its send failed (a delivery timeout while
     * the broker is away), once per failure, and skips records acknowledged meanwhile, so
     * {@code records - clicks <= failed sends}; a copy arises only from a failed send the broker
     * had in fact written (the idempotent producer removes its own retries). (Order is not
     * asserted here: the spool replays in order, see ClickSpoolTest, but the Kafka producer's own
     * retries can land an old batch after newer ones under broker errors.)
     */
    static void assertExactlyTheseClicks(List<Published> published, List<String> sentImpressions, long failedSends) {
        Map<String, Long> expected = new HashMap<>();
        for (String imp : sentImpressions) expected.put(ClickHasher.verifiedClickId(imp), 1L);
        Map<String, Long> perClickId = countPerClickId(published);
        assertThat(perClickId.keySet()).as("click ids on the topic").isEqualTo(expected.keySet());
        long extra = published.size() - expected.size();
        assertThat(extra).as("copies beyond one per click (bound: %d failed sends)", failedSends).isBetween(0L, failedSends);
        for (Map.Entry<String, Long> e : perClickId.entrySet()) {
            assertThat(e.getValue() - 1).as("copies of %s beyond the first", e.getKey()).isLessThanOrEqualTo(failedSends);
        }
    }

    static Map<String, Long> countPerClickId(List<Published> published) {
        return published.stream().collect(Collectors.groupingBy(p -> p.click().getClickId(), Collectors.counting()));
    }

    private List<String> click(int port, int n) {
        List<String> imps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String imp = ClickTokens.newImpressionId();
            HttpResponse<String> r = get(port, "/c/" + tokens.mint(i % 3 == 0 ? "ad-3" : i % 3 == 1 ? "ad-1" : "ad-2", imp, System.currentTimeMillis()));
            assertThat(r.statusCode()).isEqualTo(302);
            imps.add(imp);
        }
        return imps;
    }

    private static void readTopicUntil(EmbeddedKafka kafka, String topic, int n) {
        assertThat(readTopic(kafka.bootstrapServers(), topic, n, Duration.ofSeconds(30))).hasSize(n);
    }
}
