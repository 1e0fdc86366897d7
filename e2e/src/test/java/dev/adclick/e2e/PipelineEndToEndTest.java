package dev.adclick.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adclick.core.count.MinuteCount;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline on embedded defaults: clicks over HTTP and straight into Kafka come out of
 * the query API as exact per-ad, per-minute counts, within seconds, with duplicates and bad input
 * left out.
 */
class PipelineEndToEndTest extends OneStackPerClass {
    @Test
    void clicksFromBrowsersAndProducersAreCountedExactlyOncePerAdPerMinute() throws Exception {
        long minute = startOfAFreshMinute(25);
        Map<String, Long> expected = new TreeMap<>();
        Map<String, Long> expectedVerified = new TreeMap<>();

        // Five people each see an ad on the home page and click it once.
        String firstClickUrl = null;
        for (int user = 1; user <= 5; user++) {
            JsonNode ad = serveAd(stack, "home", "203.0.113." + user);
            HttpResponse<String> r = get(stack.ingestUrl() + ad.path("click_url").asText(), "203.0.113." + user, BROWSER);
            assertThat(r.statusCode()).isEqualTo(302);
            String landing = stack.catalog().get().ad(ad.path("ad_id").asText()).orElseThrow().landingUrl();
            assertThat(r.headers().firstValue("Location")).contains(landing);
            expected.merge(ad.path("ad_id").asText(), 1L, Long::sum);
            expectedVerified.merge(ad.path("ad_id").asText(), 1L, Long::sum);
            if (firstClickUrl == null) firstClickUrl = ad.path("click_url").asText();
        }
        // The first of them clicks the same ad twice more: still redirected, not counted again.
        for (int i = 0; i < 2; i++) {
            assertThat(get(stack.ingestUrl() + firstClickUrl, "203.0.113.1", BROWSER).statusCode()).isEqualTo(302);
        }
        // A token-less link, clicked twice by the same browser (counted once) and once by another.
        assertThat(get(stack.ingestUrl() + "/ads/ad-002/click", "203.0.113.6", BROWSER).statusCode()).isEqualTo(302);
        assertThat(get(stack.ingestUrl() + "/ads/ad-002/click", "203.0.113.6", BROWSER).statusCode()).isEqualTo(302);
        assertThat(get(stack.ingestUrl() + "/ads/ad-002/click", "203.0.113.7", BROWSER).statusCode()).isEqualTo(302);
        expected.merge("ad-002", 2L, Long::sum);

        // Bad input over HTTP: nothing counted.
        assertThat(get(stack.ingestUrl() + "/c/not-a-token", "203.0.113.8", BROWSER).statusCode()).isEqualTo(400);
        String tampered = firstClickUrl.substring(0, firstClickUrl.length() - 2) + (firstClickUrl.endsWith("AA") ? "BB" : "AA");
        assertThat(get(stack.ingestUrl() + tampered, "203.0.113.8", BROWSER).statusCode()).isEqualTo(400);
        assertThat(get(stack.ingestUrl() + "/ads/no-such-ad/click", "203.0.113.8", BROWSER).statusCode()).isEqualTo(404);
        assertThat(get(stack.ingestUrl() + "/ads/ad-012/click", "203.0.113.8", BROWSER).statusCode())
                .as("ad-012 is paused in the demo catalogue").isEqualTo(404);

        // Another producer writes the topic format straight into Kafka, for an ad the catalogue doesn't know,
        // with a redelivered duplicate and two malformed messages in between.
        try (KafkaProducer<String, byte[]> producer = producer(stack)) {
            long ts = minute + 1_000;
            produce(producer, click("ext-1", "ad-ext-1", ts, "ip-a", true));
            produce(producer, click("ext-2", "ad-ext-1", ts + 10, "ip-b", true));
            produce(producer, click("ext-1", "ad-ext-1", ts + 20, "ip-a", true));
            produceRaw(producer, "ad-ext-1", "{not json");
            produceRaw(producer, "ad-ext-1", "{\"v\":1,\"click_id\":\"bad-1\",\"ts\":" + ts + "}");
            produce(producer, click("ext-3", "ad-ext-1", ts + 30, "ip-c", false));
            produce(producer, click("ext-4", "ad-ext-1", ts + 40, null, true));
        }
        expected.merge("ad-ext-1", 4L, Long::sum);
        expectedVerified.merge("ad-ext-1", 3L, Long::sum);

        // Queryable within seconds, before the minute closes (early firings).
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            Map<Long, Long> want = Map.of(minute, e.getValue());
            Map<Long, Long> got = awaitValue(() -> uncheckedMinuteCounts(e.getKey(), minute), want, Duration.ofSeconds(45));
            assertThat(got).as("per-minute clicks of " + e.getKey()).isEqualTo(want);
        }
        // The verified and suspicious columns as stored.
        Map<String, Long> storedVerified = new TreeMap<>();
        for (MinuteCount row : stack.store().rows(minute, minute + MINUTE)) {
            assertThat(row.suspiciousClicks()).as(row.toString()).isZero();
            if (row.dims().isTotal() && row.verifiedClicks() > 0) storedVerified.put(row.adId(), row.verifiedClicks());
        }
        assertThat(storedVerified).isEqualTo(expectedVerified);

        JsonNode top = api(stack, "/api/v1/ads/top?limit=50&from=" + iso(minute) + "&to=" + iso(minute + MINUTE));
        Map<String, Long> topCounts = new HashMap<>();
        for (JsonNode a : top.path("ads")) topCounts.put(a.path("ad_id").asText(), a.path("clicks").asLong());
        assertThat(topCounts).isEqualTo(expected);
    }

    private static Map<Long, Long> uncheckedMinuteCounts(String adId, long minute) {
        try {
            return minuteCounts(stack, adId, minute - MINUTE, minute + 2 * MINUTE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
