package dev.adclick.e2e;

import dev.adclick.cli.config.AdclickConfig;
import dev.adclick.cli.stack.EmbeddedStack;
import dev.adclick.core.click.Click;
import dev.adclick.store.clickhouse.ClickHouseServerProcess;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real ClickHouse server behind the stack is killed mid-stream and started again: while it is
 * down the query API answers 503 with a JSON error at once (no hang), the stream keeps reading,
 * and after the restart every click is counted exactly once.
 */
@Tag("it-clickhouse")
class ClickHouseOutageTest extends StackTestBase {
    private static final String[] ADS = {"ad-001", "ad-002", "ad-003", "ad-ext-9"};

    @TempDir
    Path dataDir;

    @Test
    void killingAndRestartingTheStoreLosesAndDoublesNothingAndQueriesFailFast() throws Exception {
        try (ClickHouseServerProcess clickhouse = ClickHouseServerProcess.start()) {
            AdclickConfig config = testConfig(dataDir).with("store", "clickhouse:" + clickhouse.httpUrl() + "/outage?user="
                    + ClickHouseServerProcess.USER + "&password=" + URLEncoder.encode(ClickHouseServerProcess.PASSWORD, StandardCharsets.UTF_8));
            try (EmbeddedStack stack = EmbeddedStack.start(config, line -> System.out.println("[stack] " + line));
                 KafkaProducer<String, byte[]> producer = producer(stack)) {
                GroundTruth truth = new GroundTruth();
                long t0 = System.currentTimeMillis();
                send(producer, truth, "before", t0, 2_000);
                awaitValue(() -> counted(stack, t0), truth.snapshot(), Duration.ofSeconds(60));
                assertThat(counted(stack, t0)).as("counted before the outage").isEqualTo(truth.snapshot());

                clickhouse.kill();
                send(producer, truth, "during", System.currentTimeMillis(), 2_000);
                long asked = System.nanoTime();
                HttpResponse<String> down = query(stack, "/api/v1/ads/ad-001/totals?from=" + iso(t0 - MINUTE) + "&to=" + iso(t0 + 30 * MINUTE));
                assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("the API does not hang on a dead store").isLessThan(Duration.ofSeconds(5));
                assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
                assertThat(JSON.readTree(down.body()).path("error").asText()).contains("unavailable");

                clickhouse.restart();
                send(producer, truth, "after", System.currentTimeMillis(), 2_000);
                Map<String, Long> got = awaitValue(() -> counted(stack, t0), truth.snapshot(), Duration.ofSeconds(120));
                assertThat(got).as("per (ad, minute) after the store came back").isEqualTo(truth.snapshot());
            }
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, GroundTruth truth, String prefix, long t, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Click c = click(prefix + "-" + i, ADS[i % ADS.length], t + i % 500, "ip-" + (i % 97), i % 2 == 0);
            produce(producer, c);
            truth.add(c);
        }
    }

    private static HttpResponse<String> query(EmbeddedStack stack, String pathAndQuery) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(stack.queryUrl() + pathAndQuery)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + stack.adminKey()).GET().build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** Per (ad, minute) clicks as the store holds them; an unreachable store reads as an empty map. */
    private static Map<String, Long> counted(EmbeddedStack stack, long t0) {
        try {
            return GroundTruth.of(stack.store().rows(t0 - MINUTE, t0 + 30 * MINUTE));
        } catch (Exception e) {
            return Map.of();
        }
    }
}
