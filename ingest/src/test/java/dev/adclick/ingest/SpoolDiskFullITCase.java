package dev.adclick.ingest;

import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.ingest.internal.ClickHasher;
import dev.adclick.ingest.token.ClickTokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for a spool disk that refuses writes (issue 14 §3): redirects are still answered, and
 * every answered click is either made durable and published, or counted as lost, logged and
 * reported by /healthz; none disappears silently.
 */
class SpoolDiskFullITCase extends IngestTestBase {
    private static final int QUEUE = 20;
    private static final String LOST = "adclick_spool_lost_total";
    private static final String ACCEPTED = "adclick_clicks_total{outcome=\"accepted\"}";
    private final ClickTokens tokens = new ClickTokens(SECRETS, Duration.ofHours(24));

    @Test
    void clicksWhileTheDiskIsFullAreAnsweredAndEitherDurableOrCounted(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafka kafka = new EmbeddedKafka(tmp.resolve("kafka"), 0).start()) {
            String topic = newTopicName();
            createTopics(kafka, topic);
            TestingFullDisk disk = new TestingFullDisk();
            IngestOptions opts = options(kafka.bootstrapServers(), topic, tmp.resolve("spool"))
                    .spoolFsync(SpoolFsync.EVERY_WRITE).spoolQueueCapacity(QUEUE).spoolSegmentBytes(4096).build();
            try (IngestServer server = IngestServer.start(opts, AdCatalogHolder.fixed(catalog()), IngestServer.KAFKA_PRODUCERS, disk)) {
                int port = server.port();
                List<String> sent = new ArrayList<>(click(port, 30));
                await("first clicks written", Duration.ofSeconds(10), () -> metric(port, ACCEPTED) == 30);

                disk.fill();
                sent.addAll(click(port, 100)); // every one answered 302 (asserted in click)
                await("spool reported down", Duration.ofSeconds(10), () -> "down".equals(spool(port).getString("state")));
                await("the queue overflowed", Duration.ofSeconds(10), () -> metric(port, LOST) > 0);
                JsonObject full = health(port);
                assertThat(full.getString("status")).isEqualTo("degraded");
                assertThat(full.getJsonObject("spool").getString("last_error")).contains("No space left on device");
                assertThat(full.getJsonObject("spool").getLong("lost")).isEqualTo((long) metric(port, LOST));
                // nothing is written while the disk is full; the writer holds one batch (at most a queue's worth)
                // and the queue holds QUEUE more: every other click is lost
                assertThat(metric(port, ACCEPTED)).isEqualTo(30);
                assertThat(metric(port, LOST)).isGreaterThanOrEqualTo(100 - 2 * QUEUE);

                disk.free();
                await("spool up again", Duration.ofSeconds(10), () -> "up".equals(spool(port).getString("state")));
                sent.addAll(click(port, 30));
                await("every answered click durable or lost", Duration.ofSeconds(10),
                        () -> metric(port, ACCEPTED) + metric(port, LOST) == 160);
                await("spool drained", Duration.ofSeconds(30), () -> metric(port, "adclick_spool_depth") == 0);

                long accepted = (long) metric(port, ACCEPTED);
                long lost = (long) metric(port, LOST);
                assertThat(accepted + lost).as("durable + lost = answered").isEqualTo(sent.size());
                assertThat(lost).isEqualTo((long) metric(port, "adclick_spool_overflow_total"));
                List<Published> published = readTopic(kafka.bootstrapServers(), topic, (int) accepted, Duration.ofSeconds(30));
                Map<String, Long> perClickId = published.stream().collect(Collectors.groupingBy(p -> p.click().getClickId(), Collectors.counting()));
                Set<String> answered = new HashSet<>();
                for (String imp : sent) answered.add(ClickHasher.verifiedClickId(imp));
                assertThat(answered).containsAll(perClickId.keySet());
                assertThat(perClickId.values()).as("each durable click published once").containsOnly(1L);
                assertThat(perClickId).hasSize((int) accepted);
                assertThat(answered.size() - perClickId.size()).as("clicks not on the topic = clicks counted lost").isEqualTo(lost);
                // the clicks before and after the full disk are all there
                for (String imp : sent.subList(0, 30)) assertThat(perClickId).containsKey(ClickHasher.verifiedClickId(imp));
                for (String imp : sent.subList(130, 160)) assertThat(perClickId).containsKey(ClickHasher.verifiedClickId(imp));
            }
        }
    }

    private JsonObject spool(int port) {
        return health(port).getJsonObject("spool");
    }

    private List<String> click(int port, int n) {
        List<String> imps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String imp = ClickTokens.newImpressionId();
            assertThat(get(port, "/c/" + tokens.mint(i % 2 == 0 ? "ad-2" : "ad-3", imp, System.currentTimeMillis())).statusCode()).isEqualTo(302);
            imps.add(imp);
        }
        return imps;
    }
}
