package dev.adclick.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Impressions over HTTP, end to end (docs/architecture.md, Contracts): ads served by
 * {@code /ads/serve}, some rendered through the beacon (some twice), some clicked, come out of the
 * query API as exact served, rendered and click counts per ad and minute, with the CTR as their ratio
 * and the reach as the number of distinct users who saw the ad.
 */
class ImpressionsEndToEndTest extends OneStackPerClass {
    private static final int SERVED = 40;
    private static final int RENDERED = 30;
    private static final int RENDERED_TWICE = 8;
    /** Clicks on rendered impressions, and on impressions whose beacon was blocked (still counted). */
    private static final int CLICKED_RENDERED = 6, CLICKED_BLOCKED = 2;

    /** Expected counts of one ad in the minute under test. */
    private static final class Expected {
        long served, rendered, clicks;
        final Set<String> viewers = new HashSet<>();
    }

    @Test
    void servedRenderedAndClickedImpressionsAreCountedExactlyWithTheirCtrAndReach() throws Exception {
        long minute = startOfAFreshMinute(40);
        Map<String, Expected> expected = new TreeMap<>();
        List<JsonNode> served = new ArrayList<>();
        for (int i = 0; i < SERVED; i++) {
            String user = user(i);
            JsonNode ad = serveAd(stack, "article", user);
            assertThat(ad.path("impression_url").asText()).startsWith("/i/");
            served.add(ad);
            expected.computeIfAbsent(ad.path("ad_id").asText(), k -> new Expected()).served++;
        }
        for (int i = 0; i < RENDERED; i++) {
            JsonNode ad = served.get(i);
            int loads = i < RENDERED_TWICE ? 2 : 1; // a page reload loads the beacon again: counted once
            for (int l = 0; l < loads; l++) {
                HttpResponse<byte[]> r = beacon(ad.path("impression_url").asText(), user(i));
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).contains("image/gif");
                assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
                assertThat(r.body()).startsWith("GIF8".getBytes());
            }
            Expected e = expected.get(ad.path("ad_id").asText());
            e.rendered++;
            e.viewers.add(user(i));
        }
        for (int i = 0; i < CLICKED_RENDERED + CLICKED_BLOCKED; i++) {
            int which = i < CLICKED_RENDERED ? i * 3 : RENDERED + i; // rendered ones, then ones never rendered
            JsonNode ad = served.get(which);
            assertThat(get(stack.ingestUrl() + ad.path("click_url").asText(), user(which), BROWSER).statusCode()).isEqualTo(302);
            expected.get(ad.path("ad_id").asText()).clicks++;
        }
        // Bad beacons: answered 400, nothing counted.
        assertThat(beacon("/i/not-a-token", user(99)).statusCode()).isEqualTo(400);
        String good = served.get(0).path("impression_url").asText();
        assertThat(beacon(good.substring(0, good.length() - 2) + (good.endsWith("AA") ? "BB" : "AA"), user(99)).statusCode()).isEqualTo(400);

        for (Map.Entry<String, Expected> e : expected.entrySet()) {
            String want = describe(e.getValue());
            String got = awaitValue(() -> uncheckedMinute(e.getKey(), minute), want, Duration.ofSeconds(60));
            assertThat(got).as("served/rendered/clicks/ctr of " + e.getKey() + " in its minute").isEqualTo(want);

            JsonNode totals = api(stack, "/api/v1/ads/" + e.getKey() + "/totals?from=" + iso(minute) + "&to=" + iso(minute + MINUTE));
            assertThat(totals.path("served_impressions").asLong()).isEqualTo(e.getValue().served);
            assertThat(totals.path("impressions").asLong()).isEqualTo(e.getValue().rendered);
            // a handful of users: an HLL sketch counts them exactly
            long reach = awaitValue(() -> uncheckedReach(e.getKey(), minute), (long) e.getValue().viewers.size(), Duration.ofSeconds(30));
            assertThat(reach).as("unique_users of " + e.getKey()).isEqualTo(e.getValue().viewers.size());
        }
    }

    private static String user(int i) {
        return "198.51.100." + (i + 1);
    }

    private static HttpResponse<byte[]> beacon(String path, String userIp) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(stack.ingestUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("X-Forwarded-For", userIp).header("User-Agent", BROWSER).GET().build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String describe(Expected e) {
        Double ctr = e.rendered == 0 ? null : (double) e.clicks / e.rendered;
        return "served=" + e.served + " rendered=" + e.rendered + " clicks=" + e.clicks + " ctr=" + ctr;
    }

    /** The ad's bucket of that minute as the query API reports it, in {@link #describe}'s shape. */
    private static String uncheckedMinute(String adId, long minute) {
        try {
            JsonNode body = api(stack, "/api/v1/ads/" + adId + "/clicks?granularity=minute&from=" + iso(minute) + "&to=" + iso(minute + MINUTE));
            JsonNode buckets = body.path("buckets");
            if (buckets.size() != 1) return "buckets=" + buckets;
            JsonNode b = buckets.get(0);
            Double ctr = b.path("ctr").isNull() ? null : b.path("ctr").asDouble();
            return "served=" + b.path("served_impressions").asLong() + " rendered=" + b.path("impressions").asLong()
                    + " clicks=" + b.path("clicks").asLong() + " ctr=" + ctr;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long uncheckedReach(String adId, long minute) {
        try {
            return api(stack, "/api/v1/ads/" + adId + "/totals?from=" + iso(minute) + "&to=" + iso(minute + MINUTE)).path("unique_users").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
