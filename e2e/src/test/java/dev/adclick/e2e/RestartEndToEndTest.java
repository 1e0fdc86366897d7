package dev.adclick.e2e;

import dev.adclick.cli.stack.EmbeddedStack;
import dev.adclick.core.click.Click;
import dev.adclick.core.click.ClickJson;
import dev.adclick.core.count.MinuteCount;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping the stack while the job is still working through a backlog, then starting it again on
 * the same data directory, neither loses nor double-counts anything.
 */
class RestartEndToEndTest extends StackTestBase {
    /** Ads fed straight into Kafka; browser clicks go to {@link #BROWSER_AD} only, whose minute the server picks. */
    private static final String[] ADS = {"ad-001", "ad-002", "ad-005", "ad-ext-9"};
    private static final String BROWSER_AD = "ad-006";
    private static final int BROWSER_CLICKS = 30;

    @TempDir
    Path dataDir;

    @Test
    void countsAreExactAfterAStopMidStreamAndARestart() throws Exception {
        GroundTruth truth = new GroundTruth();
        long t0 = System.currentTimeMillis();
        EmbeddedStack first = startStack(dataDir);
        try {
            for (int i = 0; i < BROWSER_CLICKS; i++) {
                var r = get(first.ingestUrl() + "/ads/" + BROWSER_AD + "/click", "198.51.100." + (i + 1), BROWSER);
                assertThat(r.statusCode()).isEqualTo(302);
            }
            // A backlog straight into Kafka, then stop while the job is still reading it.
            try (KafkaProducer<String, byte[]> producer = producer(first)) {
                for (int i = 0; i < 20_000; i++) {
                    Click c = click("bulk-" + i, ADS[i % ADS.length], t0 + (i % 2000), "ip-" + (i % 5000), true);
                    producer.send(new ProducerRecord<>("clicks", c.getAdId(), ClickJson.toBytes(c)));
                    truth.add(c);
                }
                producer.flush();
            }
        } finally {
            first.close();
        }

        EmbeddedStack second = startStack(dataDir);
        try {
            try (KafkaProducer<String, byte[]> producer = producer(second)) {
                long t1 = System.currentTimeMillis();
                for (int i = 0; i < 2_000; i++) {
                    Click c = click("after-" + i, ADS[i % ADS.length], t1 + (i % 1000), "ip-" + (i % 5000), false);
                    producer.send(new ProducerRecord<>("clicks", c.getAdId(), ClickJson.toBytes(c)));
                    truth.add(c);
                }
                // a redelivery of a click counted before the restart: still counted once
                produce(producer, click("bulk-7", ADS[7 % ADS.length], t0 + 7, "ip-7", true));
            }
            Map<String, Long> want = truth.snapshot();
            Map<String, Long> got = awaitValue(() -> storedCounts(second, t0, false), want, Duration.ofSeconds(120));
            assertThat(got).isEqualTo(want);
            long browser = awaitValue(() -> storedCounts(second, t0, true).values().stream().mapToLong(Long::longValue).sum(),
                    (long) BROWSER_CLICKS, Duration.ofSeconds(30));
            assertThat(browser).as("browser clicks answered 302 before the stop").isEqualTo(BROWSER_CLICKS);
        } finally {
            second.close();
        }
    }

    /** Stored clicks per (ad, minute) around t0, either of the browser ad only or of every other ad. */
    private static Map<String, Long> storedCounts(EmbeddedStack stack, long t0, boolean browserAd) {
        try {
            List<MinuteCount> rows = stack.store().rows(t0 - 10 * MINUTE, t0 + 30 * MINUTE);
            Map<String, Long> out = new TreeMap<>();
            GroundTruth.of(rows).forEach((k, v) -> {
                if (k.startsWith(BROWSER_AD + "@") == browserAd) out.put(k, v);
            });
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
