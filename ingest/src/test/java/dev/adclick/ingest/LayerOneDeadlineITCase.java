package dev.adclick.ingest;

import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.ingest.internal.ClickHasher;
import dev.adclick.ingest.token.ClickTokens;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the layer-1 deadline on an idle stack with the default 5 ms Redis timeout (issue 14
 * §1): a check must only time out when Redis did not answer, never because the event loop that
 * keeps the deadline was late to flush the command or to read its reply.
 *
 * <p>"No timeout at 5 ms" is only a property of a quiet machine: on a machine whose CPUs are
 * oversubscribed (other builds), redis-server itself is descheduled for longer than that. Each
 * test therefore first measures plain Redis round trips and is skipped (not passed) when the
 * machine cannot answer them within the timeout; {@code RedisClickDeduperITCase} covers the
 * defect deterministically, with a stalled loop, whatever the machine.
 */
// "0 timeouts at 5 ms" holds on a quiet machine only: on a shared 2-core CI runner redis-server is
// sometimes descheduled longer than that mid-test (seen: 2 of 60 checks). Run it by hand with
// -Pall-tests; RedisClickDeduperITCase covers the defect deterministically in every build.
@Tag("manual")
class LayerOneDeadlineITCase extends KafkaAndRedisTestBase {
    private static final String TIMEOUTS = "adclick_dedupe_fallbacks_total{reason=\"timeout\"}";
    private static final String DUPLICATES = "adclick_clicks_total{outcome=\"duplicate\"}";
    private static final String ACCEPTED = "adclick_clicks_total{outcome=\"accepted\"}";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(5);
    private static final int ROUNDS = 3;
    private static final int IMPRESSIONS_PER_ROUND = 30;
    private static final int CONNECTIONS = 4;
    private static final int IMPRESSIONS_PER_CONNECTION = 25;

    @Test
    void sequentialRepeatsOnAnIdleStackAreAllCaughtWithoutTimeouts() throws Exception {
        try (IngestServer server = start()) {
            int port = server.port();
            warmUp(port);
            assumeQuietMachine();
            double timeouts0 = metric(port, TIMEOUTS);
            double duplicates0 = metric(port, DUPLICATES);
            double accepted0 = metric(port, ACCEPTED);
            List<String> impressions = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                // a new connection per request, as curl does; each impression clicked twice in a row
                for (int i = 0; i < IMPRESSIONS_PER_ROUND; i++) {
                    String imp = ClickTokens.newImpressionId();
                    String path = "/c/" + tokens.mint(i % 2 == 0 ? "ad-1" : "ad-2", imp, System.currentTimeMillis());
                    assertThat(rawGet(port, path).get(":status")).isEqualTo("302");
                    assertThat(rawGet(port, path).get(":status")).isEqualTo("302");
                    impressions.add(imp);
                }
            }
            int repeats = ROUNDS * IMPRESSIONS_PER_ROUND;
            await("every check answered", Duration.ofSeconds(10),
                    () -> metric(port, DUPLICATES) - duplicates0 + metric(port, ACCEPTED) - accepted0 >= 2 * repeats);
            assumeQuietMachine();
            assertThat(metric(port, TIMEOUTS) - timeouts0).as("checks that missed their deadline").isZero();
            assertThat(metric(port, DUPLICATES) - duplicates0).as("repeats caught by layer 1").isEqualTo(repeats);
            assertEachPublishedOnce(impressions);
        }
    }

    @Test
    void repeatsFromSeveralConnectionsAreAllCaughtWithoutTimeouts() throws Exception {
        try (IngestServer server = start()) {
            int port = server.port();
            warmUp(port);
            assumeQuietMachine();
            double timeouts0 = metric(port, TIMEOUTS);
            double duplicates0 = metric(port, DUPLICATES);
            ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                results.add(clients.submit(() -> {
                    // one keep-alive connection per client, clicks interleaved with the others'
                    HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .followRedirects(HttpClient.Redirect.NEVER).build();
                    List<String> imps = new ArrayList<>();
                    for (int i = 0; i < IMPRESSIONS_PER_CONNECTION; i++) {
                        String imp = ClickTokens.newImpressionId();
                        String path = "/c/" + tokens.mint("ad-" + (1 + i % 3), imp, System.currentTimeMillis());
                        for (int k = 0; k < 2; k++) {
                            var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path)).GET().build();
                            assertThat(own.send(req, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(302);
                        }
                        imps.add(imp);
                    }
                    return imps;
                }));
            }
            List<String> impressions = new ArrayList<>();
            for (Future<List<String>> f : results) impressions.addAll(f.get());
            clients.shutdown();
            int repeats = CONNECTIONS * IMPRESSIONS_PER_CONNECTION;
            await("every repeat answered", Duration.ofSeconds(10),
                    () -> metric(port, DUPLICATES) - duplicates0 + metric(port, TIMEOUTS) - timeouts0 >= repeats);
            assumeQuietMachine();
            assertThat(metric(port, TIMEOUTS) - timeouts0).as("checks that missed their deadline").isZero();
            assertThat(metric(port, DUPLICATES) - duplicates0).as("repeats caught by layer 1").isEqualTo(repeats);
            assertEachPublishedOnce(impressions);
        }
    }

    /** Skips the test unless 200 sequential Redis round trips from a plain client all take under the timeout. */
    private void assumeQuietMachine() {
        try (RedisClient client = RedisClient.create(redis.uri()); StatefulRedisConnection<String, String> conn = client.connect()) {
            long slowest = 0;
            for (int i = 0; i < 200; i++) {
                long t0 = System.nanoTime();
                conn.sync().ping();
                slowest = Math.max(slowest, System.nanoTime() - t0);
            }
            Assumptions.assumeTrue(slowest < DEFAULT_TIMEOUT.toNanos(),
                    "machine too busy for a 5 ms deadline: a plain Redis round trip took " + slowest / 1000 + " µs");
        }
    }

    private IngestServer start() {
        // the default redisTimeout (5 ms), as `./adclick run` has it
        return IngestServer.start(options(kafka.bootstrapServers(), topic, tmp.resolve("spool")).redisUri(redis.uri()).build(),
                AdCatalogHolder.fixed(catalog()));
    }

    /** First clicks so the click path is compiled; the issue is about a running stack, not a cold JVM. */
    private void warmUp(int port) {
        for (int i = 0; i < 300; i++) {
            get(port, "/c/" + tokens.mint("ad-3", ClickTokens.newImpressionId(), System.currentTimeMillis()));
        }
    }

    private void assertEachPublishedOnce(List<String> impressions) {
        List<Published> published = readTopic(kafka.bootstrapServers(), topic, 300 + impressions.size(), Duration.ofSeconds(30));
        Map<String, Long> perClickId = published.stream().collect(Collectors.groupingBy(p -> p.click().getClickId(), Collectors.counting()));
        for (String imp : impressions) assertThat(perClickId.get(ClickHasher.verifiedClickId(imp))).as(imp).isEqualTo(1L);
    }
}
