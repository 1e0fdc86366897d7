package dev.adclick.ingest;

import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.ingest.internal.ClickHasher;
import dev.adclick.ingest.token.ClickTokens;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for layer-1 dedupe failing open under a running {@link IngestServer}: Redis stopped and
 * started again, and Redis answering slower than the dedupe timeout.
 */
class RedisOutageITCase extends KafkaAndRedisTestBase {
    private static final int CLICKS_PER_PHASE = 30;

    @Test
    void redirectsStayFastAndClicksKeepFlowingWhileRedisIsDown() throws Exception {
        try (IngestServer server = IngestServer.start(options(kafka.bootstrapServers(), topic, tmp.resolve("spool"))
                // The redirect never waits for Redis whatever this is; a roomy timeout only keeps the
                // "Redis up" phases exact on a busy test machine (a 5 ms timeout may let a cold first check through).
                .redisUri(redis.uri()).redisTimeout(Duration.ofMillis(250)).build(), AdCatalogHolder.fixed(catalog()))) {
            int port = server.port();
            warmUp(port);

            // phase 1, Redis up: each impression clicked twice, the second caught by layer 1
            List<String> up1 = clickEachTwice(port, "up1");
            await("layer 1 caught the repeats", Duration.ofSeconds(10),
                    () -> metric(port, "adclick_clicks_total{outcome=\"duplicate\"}") == CLICKS_PER_PHASE);

            // phase 2, Redis down: redirects stay fast, clicks and their repeats are published
            redis.stop();
            await("redis reported down", Duration.ofSeconds(10), () -> health(port).getJsonObject("redis").getString("state").equals("down"));
            long[] latencies = new long[CLICKS_PER_PHASE * 2];
            List<String> down = clickEachTwice(port, "down", latencies);
            Arrays.sort(latencies);
            assertThat(latencies[latencies.length - 1]).as("slowest redirect (ms) while Redis is down").isLessThan(250);
            assertThat(latencies[latencies.length / 2]).as("median redirect (ms) while Redis is down").isLessThan(20);
            assertThat(health(port).getString("status")).isEqualTo("degraded");

            // phase 3, Redis back: layer 1 resumes by itself
            redis.start();
            await("redis reported up", Duration.ofSeconds(15), () -> health(port).getJsonObject("redis").getString("state").equals("up"));
            List<String> up2 = clickEachTwice(port, "up2");

            int expected = CLICKS_PER_PHASE + 2 * CLICKS_PER_PHASE + CLICKS_PER_PHASE;
            List<Published> published = readTopic(kafka.bootstrapServers(), topic, expected, Duration.ofSeconds(30));
            Map<String, Long> perClickId = published.stream()
                    .collect(Collectors.groupingBy(p -> p.click().getClickId(), Collectors.counting()));
            assertThat(published).hasSize(expected);
            for (String imp : up1) assertThat(perClickId.get(ClickHasher.verifiedClickId(imp))).as("up1 " + imp).isEqualTo(1);
            for (String imp : down) assertThat(perClickId.get(ClickHasher.verifiedClickId(imp)))
                    .as("published twice with one click_id, for downstream dedupe").isEqualTo(2);
            for (String imp : up2) assertThat(perClickId.get(ClickHasher.verifiedClickId(imp))).as("up2 " + imp).isEqualTo(1);
            Set<String> all = new HashSet<>();
            for (List<String> l : List.of(up1, down, up2)) l.forEach(i -> all.add(ClickHasher.verifiedClickId(i)));
            assertThat(perClickId.keySet()).isEqualTo(all);

            assertThat(metric(port, "adclick_clicks_total{outcome=\"duplicate\"}")).isEqualTo(2 * CLICKS_PER_PHASE);
            assertThat(metric(port, "adclick_clicks_total{outcome=\"accepted\"}")).isEqualTo(expected);
            assertThat(metric(port, "adclick_dedupe_fallbacks_total{reason=\"unavailable\"}")
                    + metric(port, "adclick_dedupe_fallbacks_total{reason=\"timeout\"}")
                    + metric(port, "adclick_dedupe_fallbacks_total{reason=\"error\"}")).isGreaterThanOrEqualTo(2 * CLICKS_PER_PHASE);
        }
    }

    @Test
    void beaconsFailOpenLikeClicksWhileRedisIsDown() throws Exception {
        try (IngestServer server = IngestServer.start(options(kafka.bootstrapServers(), topic, tmp.resolve("spool"))
                .redisUri(redis.uri()).redisTimeout(Duration.ofMillis(250)).build(), AdCatalogHolder.fixed(catalog()))) {
            int port = server.port();
            await("redis up", Duration.ofSeconds(10), () -> health(port).getJsonObject("redis").getString("state").equals("up"));
            String duplicates = "adclick_impressions_total{kind=\"rendered\",outcome=\"duplicate\"}";
            // each ad rendered twice (the page drew it again): the repeat is layer 1's while Redis is up
            List<JsonObject> up1 = serveAndRender(port, 20, 20);
            for (JsonObject ad : up1) loadBeacon(port, ad);
            await("layer 1 caught the repeats", Duration.ofSeconds(10), () -> metric(port, duplicates) == 20);

            redis.stop();
            await("redis reported down", Duration.ofSeconds(10), () -> health(port).getJsonObject("redis").getString("state").equals("down"));
            List<JsonObject> down = serveAndRender(port, 20, 20);
            for (JsonObject ad : down) loadBeacon(port, ad); // still 200, published unchecked: layer 2's to drop

            redis.start();
            await("redis reported up", Duration.ofSeconds(15), () -> health(port).getJsonObject("redis").getString("state").equals("up"));
            List<JsonObject> up2 = serveAndRender(port, 10, 10);
            for (JsonObject ad : up2) loadBeacon(port, ad);
            await("layer 1 resumed", Duration.ofSeconds(10), () -> metric(port, duplicates) == 30);

            List<PublishedImpression> published = readImpressions(kafka.bootstrapServers(), impressionsTopic(topic), 50 + 70, Duration.ofSeconds(30));
            Map<String, Long> perId = published.stream().collect(Collectors.groupingBy(p -> p.impression().dedupeId(), Collectors.counting()));
            assertThat(published).hasSize(120);
            for (List<JsonObject> phase : List.of(up1, down, up2)) {
                for (String id : ImpressionAssertions.dedupeIds(phase, ImpressionKind.SERVED)) assertThat(perId.get(id)).as(id).isEqualTo(1);
                long copies = phase == down ? 2 : 1;
                for (String id : ImpressionAssertions.dedupeIds(phase, ImpressionKind.RENDERED)) assertThat(perId.get(id)).as(id).isEqualTo(copies);
            }
        }
    }

    @Test
    void checksSlowerThanTheTimeoutArePublishedUncheckedAndLayerOneResumes() throws Exception {
        try (IngestServer server = IngestServer.start(options(kafka.bootstrapServers(), topic, tmp.resolve("spool"))
                .redisUri(redis.uri()).redisTimeout(Duration.ofMillis(100)).build(), AdCatalogHolder.fixed(catalog()));
             RedisClient admin = RedisClient.create(redis.uri());
             StatefulRedisConnection<String, String> adminConn = admin.connect()) {
            int port = server.port();
            warmUp(port);
            double timeoutsBefore = metric(port, "adclick_dedupe_fallbacks_total{reason=\"timeout\"}");

            // Redis hangs (the connection stays open, nothing is answered) for longer than the phase takes
            adminConn.sync().clientPause(4_000);
            long pausedAt = System.nanoTime();
            long[] latencies = new long[CLICKS_PER_PHASE * 2];
            List<String> slow = clickEachTwice(port, "slow", latencies);
            assertThat(Duration.ofNanos(System.nanoTime() - pausedAt)).as("phase inside the pause").isLessThan(Duration.ofMillis(3_500));
            Arrays.sort(latencies);
            assertThat(latencies[latencies.length - 1]).as("slowest redirect (ms) while Redis hangs").isLessThan(250);
            await("every check of the phase timed out", Duration.ofSeconds(3), () ->
                    metric(port, "adclick_dedupe_fallbacks_total{reason=\"timeout\"}") - timeoutsBefore == 2 * CLICKS_PER_PHASE);

            // the pause ends: the late replies change nothing, and layer 1 works again on the same connection
            assertThat(adminConn.sync().ping()).as("answered once the pause is over").isEqualTo("PONG");
            List<String> after = clickEachTwice(port, "after");

            int expected = 2 * CLICKS_PER_PHASE + CLICKS_PER_PHASE;
            List<Published> published = readTopic(kafka.bootstrapServers(), topic, expected, Duration.ofSeconds(30));
            Map<String, Long> perClickId = published.stream()
                    .collect(Collectors.groupingBy(p -> p.click().getClickId(), Collectors.counting()));
            assertThat(published).hasSize(expected);
            for (String imp : slow) assertThat(perClickId.get(ClickHasher.verifiedClickId(imp)))
                    .as("unchecked: published twice with one click_id, for downstream dedupe").isEqualTo(2);
            for (String imp : after) assertThat(perClickId.get(ClickHasher.verifiedClickId(imp))).as("after " + imp).isEqualTo(1);
            assertThat(metric(port, "adclick_dedupe_fallbacks_total{reason=\"timeout\"}") - timeoutsBefore).isEqualTo(2 * CLICKS_PER_PHASE);
            assertThat(metric(port, "adclick_clicks_total{outcome=\"duplicate\"}")).isEqualTo(CLICKS_PER_PHASE);
            assertThat(metric(port, "adclick_clicks_total{outcome=\"accepted\"}")).isEqualTo(expected);
        }
    }

    private void warmUp(int port) {
        for (int i = 0; i < 20; i++) get(port, "/healthz");
    }

    private List<String> clickEachTwice(int port, String phase) {
        return clickEachTwice(port, phase, new long[CLICKS_PER_PHASE * 2]);
    }

    /** Clicks fresh impressions twice each; returns the impression ids. */
    private List<String> clickEachTwice(int port, String phase, long[] latenciesMs) {
        List<String> impressions = new ArrayList<>();
        for (int i = 0; i < CLICKS_PER_PHASE; i++) {
            String imp = ClickTokens.newImpressionId();
            String url = "/c/" + tokens.mint(i % 2 == 0 ? "ad-1" : "ad-2", imp, System.currentTimeMillis());
            for (int k = 0; k < 2; k++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = get(port, url, "User-Agent", "phase-" + phase);
                latenciesMs[2 * i + k] = (System.nanoTime() - t0) / 1_000_000;
                assertThat(r.statusCode()).isEqualTo(302);
            }
            impressions.add(imp);
        }
        return impressions;
    }
}
