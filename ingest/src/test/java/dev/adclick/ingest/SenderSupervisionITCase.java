package dev.adclick.ingest;

import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.ingest.internal.ClickHasher;
import dev.adclick.ingest.internal.spool.SegmentFiles;
import dev.adclick.ingest.token.ClickTokens;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the supervision of the Kafka sender (issue 14 §2): an unexpected error in the sender
 * thread restarts it from the spool's acknowledged position, /healthz and /metrics say so, and no
 * click is lost or sent twice.
 */
class SenderSupervisionITCase extends IngestTestBase {
    private static final int PHASE = 40;
    private final ClickTokens tokens = new ClickTokens(SECRETS, Duration.ofHours(24));

    @Test
    void unexpectedErrorsRestartTheSenderAndEveryClickArrivesExactlyOnce(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafka kafka = new EmbeddedKafka(tmp.resolve("kafka"), 0).start()) {
            String topic = newTopicName();
            createTopics(kafka, topic);
            AtomicReference<TestingFailingProducer> producer = new AtomicReference<>();
            try (IngestServer server = IngestServer.start(options(kafka.bootstrapServers(), topic, tmp.resolve("spool")).build(),
                    AdCatalogHolder.fixed(catalog()), props -> {
                        producer.set(new TestingFailingProducer(new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())));
                        return producer.get();
                    }, SegmentFiles.fileSystem())) {
                int port = server.port();
                List<String> sent = new ArrayList<>(clickNewImpressions(tokens, port, PHASE));
                await("first clicks acknowledged", Duration.ofSeconds(30), () -> metric(port, "adclick_spool_depth") == 0);

                // what a JVM error (OOM while serializing) and then a bug (a non-Kafka exception) throw out of send
                AtomicInteger failures = new AtomicInteger();
                producer.get().failNextSends(3, () -> failures.getAndIncrement() == 0
                        ? new OutOfMemoryError("injected: Java heap space") : new IllegalStateException("injected bug"));
                sent.addAll(clickNewImpressions(tokens, port, 1));
                await("sender reported restarting", Duration.ofSeconds(5), () -> "restarting".equals(sender(port).getString("state")));
                JsonObject during = health(port);
                assertThat(during.getString("status")).isEqualTo("degraded");
                assertThat(during.getJsonObject("sender").getString("last_error")).contains("injected");
                sent.addAll(clickNewImpressions(tokens, port, PHASE - 1));
                await("sender running again", Duration.ofSeconds(15),
                        () -> "up".equals(sender(port).getString("state")) && sender(port).getLong("restarts") == 3);
                sent.addAll(clickNewImpressions(tokens, port, PHASE));
                await("spool drained", Duration.ofSeconds(30), () -> metric(port, "adclick_spool_depth") == 0);

                assertThat(producer.get().thrown()).isEqualTo(3);
                assertThat(metric(port, "adclick_publish_sender_restarts_total")).isEqualTo(3);
                assertThat(metric(port, "adclick_publish_sender_up")).isEqualTo(1);
                assertThat(metric(port, "adclick_clicks_total{outcome=\"accepted\"}")).isEqualTo(3 * PHASE);
                assertThat(health(port).getString("status")).isEqualTo("up");

                // A restart waits for every record handed to the producer to settle and skips the acknowledged
                // ones, and the injected errors are thrown before a record reaches the producer: so the bound
                // on duplicates is 0 here, and the topic holds exactly one record per click.
                List<Published> published = readTopic(kafka.bootstrapServers(), topic, 3 * PHASE, Duration.ofSeconds(30));
                Map<String, Long> perClickId = published.stream().collect(Collectors.groupingBy(p -> p.click().getClickId(), Collectors.counting()));
                Map<String, Long> expected = sent.stream().collect(Collectors.toMap(ClickHasher::verifiedClickId, i -> 1L));
                assertThat(perClickId).isEqualTo(expected);
                assertThat(published).hasSize(3 * PHASE);
            }
        }
    }

    private JsonObject sender(int port) {
        return health(port).getJsonObject("sender");
    }
}
