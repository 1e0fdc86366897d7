package dev.adclick.aggregator;

import dev.adclick.core.click.Click;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.store.ClickStore;
import dev.adclick.store.PipelineStatus;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink's event → visible figure ({@link PipelineStatus#visibleLagMs()}) on the real job: clicks
 * stamped "now" become queryable within the early firing and the sink's flush, so the figure is
 * small, and far below the watermark's lag (which is at least the out-of-orderness bound).
 */
class VisibleLagITCase extends AggregatorTestBase {
    static Path dir;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        dir = newTestDir("visible-lag-it");
        kafka = kafkaWithBothTopics(dir);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
    }

    @Test
    void theSinkReportsHowLongAgoTheNewestEventItMadeVisibleHappened() throws Exception {
        ClickStore store = openStore(dir);
        LocalAggregator agg = LocalAggregator.start(options(kafka, dir).build());
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            // warm-up: the first write also carries the job's start-up time
            send(producer, 0, click("warm-up", "ad-fresh", System.currentTimeMillis(), "ip-w", true));
            producer.flush();
            await("a first event → visible figure", Duration.ofSeconds(90),
                    () -> status(store).filter(PipelineStatus::visibleLagKnown).isPresent());

            // one ad, so one sink subtask writes both the warm-up and these: its last write is theirs
            long sent = System.currentTimeMillis();
            for (int i = 0; i < 5; i++) {
                Click c = click("fresh-" + i, "ad-fresh", System.currentTimeMillis(), "ip-" + i, true);
                send(producer, i % 2, c);
            }
            producer.flush();
            await("the fresh clicks counted", Duration.ofSeconds(30),
                    () -> totalRows(store, sent - 2 * MINUTE, sent + 2 * MINUTE).values().stream().mapToLong(c -> c.clicks()).sum() == 6);
            long visibleAt = System.currentTimeMillis();
            await("a status reported after that write", Duration.ofSeconds(10),
                    () -> status(store).filter(s -> s.updatedAt() >= visibleAt).isPresent());

            PipelineStatus st = status(store).orElseThrow();
            long watermarkLag = System.currentTimeMillis() - st.watermark();
            assertThat(st.visibleLagMs()).as("event → visible, ms").isBetween(0L, 5_000L);
            assertThat(st.visibleLagMs()).isLessThanOrEqualTo(visibleAt - sent);
            assertThat(watermarkLag).as("the watermark trails by at least the out-of-orderness bound")
                    .isGreaterThanOrEqualTo(OUT_OF_ORDERNESS.toMillis()).isGreaterThan(st.visibleLagMs());
        } finally {
            agg.close();
            store.close();
        }
    }
}
