package dev.adclick.ingest;

import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionJson;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.ingest.token.ClickTokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for impressions (docs/architecture.md, Contracts, topic impressions and ingest HTTP): the served event of
 * {@code /ads/serve}, the beacon {@code /i/{token}} and its layer-1 dedupe, with real Kafka and Redis.
 */
class ImpressionsITCase extends SharedBrokerTestBase {
    private static final String SERVED = "adclick_impressions_total{kind=\"served\",outcome=\"accepted\"}";
    private static final String RENDERED = "adclick_impressions_total{kind=\"rendered\",outcome=\"accepted\"}";
    private static final String RENDERED_DUPLICATE = "adclick_impressions_total{kind=\"rendered\",outcome=\"duplicate\"}";
    private static final String RENDERED_REJECTED = "adclick_impressions_total{kind=\"rendered\",outcome=\"rejected\"}";

    /** Generous: these tests are about what layer 1 catches, not about its speed. */
    @Override
    protected Duration redisTimeout() {
        return Duration.ofMillis(200);
    }

    @BeforeEach
    void awaitLayerOne() {
        await("redis up", Duration.ofSeconds(10), () -> health(port).getJsonObject("redis").getString("state").equals("up"));
    }

    @Test
    void everyServeAndFirstBeaconIsPublishedOnceAndRepeatedBeaconsAreDuplicates() {
        long before = System.currentTimeMillis();
        List<JsonObject> served = serveAndRender(port, 30, 20);
        for (JsonObject ad : served.subList(0, 5)) loadBeacon(port, ad); // the page reloaded the image: duplicates
        long after = System.currentTimeMillis();

        List<PublishedImpression> published = readImpressions(kafka.bootstrapServers(), impressionsTopic(topic), 50, Duration.ofSeconds(30));
        Set<String> expected = new HashSet<>(ImpressionAssertions.dedupeIds(served, ImpressionKind.SERVED));
        expected.addAll(ImpressionAssertions.dedupeIds(served.subList(0, 20), ImpressionKind.RENDERED));
        ImpressionAssertions.assertExactlyTheseImpressions(published, expected, 0);
        assertThat(published).hasSize(50);

        Map<String, JsonObject> answers = served.stream().collect(Collectors.toMap(a -> a.getString("impression_id"), Function.identity()));
        for (PublishedImpression p : published) {
            Impression i = p.impression();
            JsonObject answer = answers.get(i.getImpressionId());
            assertThat(i.getAdId()).isEqualTo(answer.getString("ad_id"));
            assertThat(i.getPlacement()).as("placement of the serve").isEqualTo(placementOf(answer.getString("ad_id")));
            assertThat(i.getTs()).isBetween(before, after);
            assertThat(i.getCountry()).as("a loopback client has no country").isNull();
            // test agents, not browsers: some device class; DimensionsITCase checks real browsers' exactly
            assertThat(i.getDevice()).isIn(java.util.Arrays.stream(dev.adclick.core.dimension.Device.values()).map(d -> d.json()).toArray());
            assertThat(i.getIpHash()).isEqualTo(hasher.ipHash("127.0.0.1"));
            // the served request came from Java's HTTP client, the beacon from "the browser"
            String ua = i.getKind() == ImpressionKind.RENDERED ? "Mozilla/5.0 beacon-test" : "Java-http-client/" + System.getProperty("java.version");
            assertThat(i.getUaHash()).isEqualTo(hasher.uaHash(ua));
            assertThat(ImpressionJson.toJson(i)).doesNotContain("127.0.0.1").doesNotContain("Mozilla").doesNotContain("Java-http-client");
        }
        await("metrics", Duration.ofSeconds(5), () -> metric(port, RENDERED_DUPLICATE) == 5);
        assertThat(metric(port, SERVED)).isEqualTo(30);
        assertThat(metric(port, RENDERED)).isEqualTo(20);
        assertThat(metric(port, "adclick_impressions_total{kind=\"served\",outcome=\"duplicate\"}")).isZero();
        assertThat(metric(port, "adclick_clicks_total{outcome=\"accepted\"}")).as("impressions are not clicks").isZero();
        assertThat(readRecords(kafka.bootstrapServers(), topic, 0, Duration.ofSeconds(5))).as("the clicks topic").isEmpty();
    }

    @Test
    void serveAnswersAnImpressionUrlWithTheClickToken() {
        JsonObject ad = serve(port, "sidebar");
        assertThat(ad.fieldNames()).containsExactlyInAnyOrder("ad_id", "title", "click_url", "impression_url", "impression_id");
        assertThat(ad.getString("click_url")).startsWith("/c/");
        assertThat(ad.getString("impression_url")).isEqualTo("/i/" + ad.getString("click_url").substring(3));
        assertThat(tokens.verify(ad.getString("impression_url").substring(3)).token().placement()).isEqualTo("sidebar");
    }

    @Test
    void beaconIsATransparentPixelThatNoCacheKeepsAndSetsNoCookie() throws Exception {
        JsonObject ad = serve(port, "home");
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + ad.getString("impression_url")))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("image/gif");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(r.headers().firstValue("Content-Length")).contains(Integer.toString(r.body().length));
        BufferedImage pixel = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(pixel.getWidth()).isEqualTo(1);
        assertThat(pixel.getHeight()).isEqualTo(1);
        assertThat(pixel.getRGB(0, 0) >>> 24).as("alpha").isZero();
    }

    @Test
    void badBeaconTokensAre400PlainTextCountedAndPublishNothing() {
        String valid = tokens.mint("ad-1", ClickTokens.newImpressionId(), System.currentTimeMillis(), "home");
        ClickTokens forger = new ClickTokens(List.of("attacker-secret"), Duration.ofHours(24));
        ClickTokens past = new ClickTokens(SECRETS, Duration.ofHours(24),
                java.time.Clock.fixed(Instant.now().minus(Duration.ofHours(25)), java.time.ZoneOffset.UTC));
        List<String> bad = List.of("garbage", "a.b", valid.substring(0, valid.length() - 2), valid.replace('.', 'x'),
                forger.mint("ad-1"), past.mint("ad-1"), valid + "/extra", "%00%ff", "x".repeat(3000));
        for (String b : bad) {
            HttpResponse<String> r = get(port, "/i/" + b);
            assertThat(r.statusCode()).as(b).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).as(b).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        }
        assertThat(metric(port, RENDERED_REJECTED)).isEqualTo(bad.size());
        assertThat(metric(port, "adclick_clicks_total{outcome=\"rejected\"}")).as("a bad beacon is no bad click").isZero();

        // paused or unknown ads: 404 like a click on them, nothing published
        assertThat(get(port, "/i/" + tokens.mint("ad-paused")).statusCode()).isEqualTo(404);
        assertThat(get(port, "/i/" + tokens.mint("no-such-ad")).statusCode()).isEqualTo(404);
        assertThat(metric(port, "adclick_impressions_not_found_total")).isEqualTo(2);

        JsonObject marker = serve(port, "sidebar"); // one served event, and nothing else, must be on the topic
        List<PublishedImpression> published = readImpressions(kafka.bootstrapServers(), impressionsTopic(topic), 1, Duration.ofSeconds(20));
        assertThat(published).extracting(p -> p.impression().dedupeId()).containsExactly(marker.getString("impression_id") + "/served");
    }

    @Test
    void publicUrlMakesBothUrlsAbsolute() {
        try (IngestServer s = IngestServer.start(options(kafka.bootstrapServers(), topic, tmp.resolve("spool-public"))
                .publicUrl("https://ads.example.com/").build(), AdCatalogHolder.fixed(catalog()))) {
            JsonObject ad = serve(s.port(), "home");
            assertThat(ad.getString("click_url")).startsWith("https://ads.example.com/c/");
            assertThat(ad.getString("impression_url")).startsWith("https://ads.example.com/i/");
            // the path part is this server's: what a reverse proxy at ads.example.com forwards
            assertThat(get(s.port(), URI.create(ad.getString("impression_url")).getRawPath()).statusCode()).isEqualTo(200);
            assertThat(get(s.port(), URI.create(ad.getString("click_url")).getRawPath()).statusCode()).isEqualTo(302);
        }
    }

    @Test
    void aMissingImpressionsTopicShowsInHealthzAndHoldsEventsUntilItIsCreated() throws Exception {
        String missing = impressionsTopic(topic) + "-missing";
        try (IngestServer s = IngestServer.start(options(kafka.bootstrapServers(), topic, tmp.resolve("spool-missing"))
                .impressionsTopic(missing).kafkaMaxBlock(Duration.ofMillis(200)).build(), AdCatalogHolder.fixed(catalog()))) {
            int p = s.port();
            JsonObject ad = serve(p, "home");
            List<String> clicks = clickNewImpressions(tokens, p, 3); // behind the served event, in spool order
            await("kafka reported down, naming the topic", Duration.ofSeconds(15), () -> {
                JsonObject k = health(p).getJsonObject("kafka");
                return k.getString("state").equals("down") && k.getString("last_error", "").contains(missing);
            });
            assertThat(metric(p, "adclick_spool_depth")).as("nothing lost: all waits in the spool").isEqualTo(4);

            kafka.createTopic(missing, 3);
            await("spool drained once the topic exists", Duration.ofSeconds(60), () -> metric(p, "adclick_spool_depth") == 0);
            assertThat(readImpressions(kafka.bootstrapServers(), missing, 1, Duration.ofSeconds(20)))
                    .extracting(i -> i.impression().getImpressionId()).contains(ad.getString("impression_id"));
            assertThat(readTopic(kafka.bootstrapServers(), topic, 3, Duration.ofSeconds(20)))
                    .extracting(c -> c.click().getImpressionId()).containsAll(clicks);
            await("kafka reported up", Duration.ofSeconds(15), () -> health(p).getJsonObject("kafka").getString("state").equals("up"));
        }
    }

    private static String placementOf(String adId) {
        return adId.equals("ad-3") ? "sidebar" : "home";
    }
}
