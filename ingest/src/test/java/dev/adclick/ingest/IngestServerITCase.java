package dev.adclick.ingest;

import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.core.click.Click;
import dev.adclick.ingest.internal.ClickHasher;
import dev.adclick.ingest.token.ClickTokens;
import dev.adclick.ingest.token.TokenCheck;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link IngestServer}: the HTTP contract (docs/architecture.md, Contracts, ingest HTTP) end to end with real Kafka and Redis. */
class IngestServerITCase extends SharedBrokerTestBase {
    @Test
    void servesAnActiveAdOfThePlacementWithASignedClickUrl() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            JsonObject ad = serve(port, "home");
            assertThat(ad.fieldNames()).containsExactlyInAnyOrder("ad_id", "title", "click_url", "impression_url", "impression_id");
            assertThat(ad.getString("ad_id")).isIn("ad-1", "ad-2");
            assertThat(ad.getString("click_url")).startsWith("/c/");
            TokenCheck check = tokens.verify(ad.getString("click_url").substring(3));
            assertThat(check.isValid()).isTrue();
            assertThat(check.token().adId()).isEqualTo(ad.getString("ad_id"));
            assertThat(check.token().impressionId()).isEqualTo(ad.getString("impression_id"));
            seen.add(ad.getString("ad_id"));
            seen.add(ad.getString("impression_id"));
        }
        assertThat(seen).contains("ad-1", "ad-2").hasSize(42); // both ads rotate; every impression id is new
        assertThat(serve(port, "sidebar").getString("ad_id")).isEqualTo("ad-3");
    }

    @Test
    void servingWithoutPlacementIs400AndWithoutAdIs404() {
        assertThat(get(port, "/ads/serve").statusCode()).isEqualTo(400);
        assertThat(get(port, "/ads/serve?placement=").statusCode()).isEqualTo(400);
        assertThat(get(port, "/ads/serve?placement=nowhere").statusCode()).isEqualTo(404);
        assertThat(get(port, "/ads/serve?placement=footer").statusCode()).as("only a paused ad there").isEqualTo(404);
    }

    @Test
    void clickRedirectsToTheLandingUrlAndIsPublishedOnce() {
        long before = System.currentTimeMillis();
        JsonObject ad = serve(port, "sidebar");
        HttpResponse<String> first = get(port, ad.getString("click_url"), "User-Agent", "Mozilla/5.0 test", "Accept-Language", "en");
        HttpResponse<String> second = get(port, ad.getString("click_url"), "User-Agent", "Mozilla/5.0 test");
        long after = System.currentTimeMillis();

        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(first.headers().firstValue("Location")).contains(LANDING_3.toString());
        assertThat(second.statusCode()).as("a repeated click still redirects").isEqualTo(302);
        assertThat(second.headers().firstValue("Location")).contains(LANDING_3.toString());

        List<Published> published = readTopic(kafka.bootstrapServers(), topic, 1, Duration.ofSeconds(20));
        assertThat(published).hasSize(1);
        Published p = published.get(0);
        Click c = p.click();
        assertThat(p.key()).isEqualTo("ad-3");
        assertThat(c.getAdId()).isEqualTo("ad-3");
        assertThat(c.getImpressionId()).isEqualTo(ad.getString("impression_id"));
        assertThat(c.getClickId()).isEqualTo(ClickHasher.verifiedClickId(ad.getString("impression_id")));
        assertThat(c.isVerified()).isTrue();
        assertThat(c.getTs()).isBetween(before, after);
        assertThat(c.getIpHash()).isEqualTo(hasher.ipHash("127.0.0.1"));
        assertThat(c.getUaHash()).isEqualTo(hasher.uaHash("Mozilla/5.0 test"));
        assertThat(dev.adclick.core.click.ClickJson.toJson(c)).doesNotContain("127.0.0.1").doesNotContain("Mozilla");

        await("metrics", Duration.ofSeconds(5), () -> metric(port, "adclick_clicks_total{outcome=\"duplicate\"}") == 1);
        assertThat(metric(port, "adclick_clicks_total{outcome=\"accepted\"}")).isEqualTo(1);
    }

    @Test
    void nothingInTheRequestChangesTheRedirectTarget() {
        String url = serve(port, "home").getString("click_url");
        String token = url.substring(3);
        String adId = tokens.verify(token).token().adId();
        String landing = adId.equals("ad-1") ? LANDING_1.toString() : LANDING_2.toString();
        List<String> variants = List.of(url + "?url=https://evil.example", url + "?next=//evil.example&redirect=https://evil.example",
                url + "#https://evil.example", url + "?Location=https://evil.example");
        for (String v : variants) {
            HttpResponse<String> r = get(port, v, "X-Forwarded-Host", "evil.example",
                    "Referer", "https://evil.example", "X-Original-URL", "https://evil.example");
            assertThat(r.statusCode()).as(v).isEqualTo(302);
            assertThat(r.headers().allValues("Location")).as(v).containsExactly(landing);
            java.util.Map<String, String> raw = rawGet(port, v.split("#")[0], "Host", "evil.example", "X-Forwarded-Proto", "javascript");
            assertThat(raw).containsEntry(":status", "302").containsEntry("location", landing);
        }
        // absolute-form request target naming another host
        java.util.Map<String, String> absolute = rawGet(port, "http://evil.example" + url, "Host", "evil.example");
        assertThat(absolute.get("location")).isIn(null, landing);
        for (String trick : List.of("/c/" + token + "/https://evil.example", "/c/https:%2F%2Fevil.example",
                "/c//evil.example", "/c/" + token + "%2F..%2F..%2Fevil", "/c/%2e%2e/evil.example")) {
            HttpResponse<String> r = get(port, trick);
            assertThat(r.statusCode()).as(trick).isIn(400, 404);
            assertThat(r.headers().firstValue("Location")).as(trick).isEmpty();
        }
        java.util.Map<String, String> classic = rawGet(port, "/ads/ad-3/click?url=https://evil.example", "Host", "evil.example");
        assertThat(classic).containsEntry(":status", "302").containsEntry("location", LANDING_3.toString());
    }

    @Test
    void unknownOrPausedAdIs404AndNothingIsPublished() {
        assertThat(get(port, "/c/" + tokens.mint("ad-paused")).statusCode()).isEqualTo(404);
        assertThat(get(port, "/c/" + tokens.mint("no-such-ad")).statusCode()).isEqualTo(404);
        assertThat(get(port, "/ads/ad-paused/click").statusCode()).isEqualTo(404);
        assertThat(get(port, "/ads/no-such-ad/click").statusCode()).isEqualTo(404);
        assertOnlyMarkerPublished();
        assertThat(metric(port, "adclick_clicks_not_found_total")).isEqualTo(4);
    }

    @Test
    void badTokensAre400PlainTextCountedAndNotPublished() {
        String valid = tokens.mint("ad-1");
        ClickTokens forger = new ClickTokens(List.of("attacker-secret"), Duration.ofHours(24));
        ClickTokens past = new ClickTokens(SECRETS, Duration.ofHours(24),
                java.time.Clock.fixed(Instant.now().minus(Duration.ofHours(25)), java.time.ZoneOffset.UTC));
        List<String> bad = List.of("garbage", "a.b", valid.substring(0, valid.length() - 2), valid.replace('.', 'x'),
                forger.mint("ad-1"), past.mint("ad-1"), valid + "." + valid, "%00%ff", "x".repeat(3000));
        for (String b : bad) {
            HttpResponse<String> r = get(port, "/c/" + b);
            assertThat(r.statusCode()).as(b).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).as(b).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
            assertThat(r.headers().firstValue("Location")).isEmpty();
        }
        assertThat(metric(port, "adclick_clicks_total{outcome=\"rejected\"}")).isEqualTo(bad.size());
        assertThat(metric(port, "adclick_clicks_rejected_total{reason=\"bad_signature\"}")).isEqualTo(1);
        assertThat(metric(port, "adclick_clicks_rejected_total{reason=\"expired\"}")).isEqualTo(1);
        assertOnlyMarkerPublished();
    }

    @Test
    void classicClickIsUnverifiedAndDedupedPerMinuteAndFingerprint() {
        HttpResponse<String> r = get(port, "/ads/ad-2/click", "User-Agent", "UA-1", "Accept-Language", "de");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).contains(LANDING_2.toString());
        get(port, "/ads/ad-2/click", "User-Agent", "UA-1", "Accept-Language", "de");  // same browser, same minute: duplicate
        get(port, "/ads/ad-2/click", "User-Agent", "UA-2", "Accept-Language", "de");  // another browser
        List<Published> published = readTopic(kafka.bootstrapServers(), topic, 2, Duration.ofSeconds(20));
        // the two requests may straddle a minute boundary, which makes three distinct clicks
        assertThat(published).hasSizeBetween(2, 3);
        for (Published p : published) {
            assertThat(p.click().isVerified()).isFalse();
            assertThat(p.click().getImpressionId()).isNull();
            assertThat(p.click().getClickId()).startsWith("f-");
            assertThat(p.key()).isEqualTo("ad-2");
        }
        assertThat(published.stream().map(p -> p.click().getUaHash()).distinct()).hasSize(2);
    }

    @Test
    void forwardedForIsHonouredOnlyFromTrustedProxies() throws Exception {
        get(port, "/c/" + tokens.mint("ad-1"), "X-Forwarded-For", "203.0.113.7");
        try (IngestServer behindProxy = IngestServer.start(options(kafka.bootstrapServers(), topic, tmp.resolve("spool-2"))
                .trustedProxies(List.of("127.0.0.0/8")).build(), AdCatalogHolder.fixed(catalog()))) {
            get(behindProxy.port(), "/c/" + tokens.mint("ad-2"), "X-Forwarded-For", "198.51.100.1, 203.0.113.7");
        }
        List<Published> published = readTopic(kafka.bootstrapServers(), topic, 2, Duration.ofSeconds(20));
        assertThat(published).hasSize(2);
        Published direct = published.stream().filter(p -> p.key().equals("ad-1")).findFirst().orElseThrow();
        Published proxied = published.stream().filter(p -> p.key().equals("ad-2")).findFirst().orElseThrow();
        assertThat(direct.click().getIpHash()).isEqualTo(hasher.ipHash("127.0.0.1"));
        assertThat(proxied.click().getIpHash()).isEqualTo(hasher.ipHash("203.0.113.7"));
    }

    @Test
    void healthzNamesEveryDependencyAndMetricsArePrometheusText() {
        await("kafka up", Duration.ofSeconds(10), () -> health(port).getJsonObject("kafka").getString("state").equals("up"));
        await("redis up", Duration.ofSeconds(10), () -> health(port).getJsonObject("redis").getString("state").equals("up"));
        JsonObject h = health(port);
        assertThat(h.getString("status")).isEqualTo("up");
        assertThat(h.getJsonObject("spool").getString("state")).isEqualTo("up");
        assertThat(h.getJsonObject("spool").getLong("depth")).isZero();

        get(port, "/c/" + tokens.mint("ad-1"));
        get(port, "/c/nonsense");
        await("accepted", Duration.ofSeconds(10), () -> metric(port, "adclick_clicks_total{outcome=\"accepted\"}") == 1);
        HttpResponse<String> m = get(port, "/metrics");
        assertThat(m.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        assertThat(m.body()).contains(
                "adclick_clicks_total{outcome=\"accepted\"} 1.0",
                "adclick_clicks_total{outcome=\"duplicate\"} 0.0",
                "adclick_clicks_total{outcome=\"rejected\"} 1.0",
                "adclick_clicks_rejected_total{reason=\"malformed\"} 1.0",
                "adclick_publish_latency_seconds_count",
                "adclick_spool_depth",
                "adclick_dedupe_fallbacks_total{reason=\"timeout\"}",
                "adclick_ads_served_total");
        await("acked", Duration.ofSeconds(10), () -> metric(port, "adclick_publish_latency_seconds_count") == 1);
        assertThat(metric(port, "adclick_spool_depth")).isZero();
    }

    @Test
    void catalogueChangesApplyWithoutRestart() throws Exception {
        Path file = tmp.resolve("catalog.json");
        Files.writeString(file, catalogJson("active"), StandardCharsets.UTF_8);
        AdCatalogHolder holder = AdCatalogHolder.fromFile(file);
        try (IngestServer s = IngestServer.start(options(kafka.bootstrapServers(), topic, tmp.resolve("spool-3"))
                .catalogReloadInterval(Duration.ofMillis(100)).build(), holder)) {
            String url = "/c/" + tokens.mint("ad-x");
            assertThat(get(s.port(), url).statusCode()).isEqualTo(302);
            Files.writeString(file, catalogJson("paused"), StandardCharsets.UTF_8);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
            await("ad paused", Duration.ofSeconds(10), () -> get(s.port(), url).statusCode() == 404);
            assertThat(get(s.port(), "/ads/serve?placement=home").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void twoInstancesShareLayerOneThroughRedis() throws Exception {
        try (IngestServer other = IngestServer.start(options(kafka.bootstrapServers(), topic, tmp.resolve("spool-b"))
                .redisUri(redis.uri()).redisTimeout(Duration.ofMillis(50)).build(), AdCatalogHolder.fixed(catalog()))) {
            await("redis up on both", Duration.ofSeconds(10), () -> health(port).getJsonObject("redis").getString("state").equals("up")
                    && health(other.port()).getJsonObject("redis").getString("state").equals("up"));
            String shared = "/c/" + tokens.mint("ad-1");
            assertThat(get(port, shared).statusCode()).isEqualTo(302);
            await("first click spooled", Duration.ofSeconds(5), () -> metric(port, "adclick_clicks_total{outcome=\"accepted\"}") == 1);
            assertThat(get(other.port(), shared).statusCode()).isEqualTo(302);
            assertThat(get(other.port(), "/c/" + tokens.mint("ad-2")).statusCode()).isEqualTo(302);
            List<Published> published = readTopic(kafka.bootstrapServers(), topic, 2, Duration.ofSeconds(20));
            assertThat(published).extracting(Published::key).containsExactlyInAnyOrder("ad-1", "ad-2");
            assertThat(metric(other.port(), "adclick_clicks_total{outcome=\"duplicate\"}")).isEqualTo(1);
        }
    }

    /** Publishes one marker click and checks that it is the only record on the topic. */
    private void assertOnlyMarkerPublished() {
        String marker = ClickTokens.newImpressionId();
        assertThat(get(port, "/c/" + tokens.mint("ad-1", marker, System.currentTimeMillis())).statusCode()).isEqualTo(302);
        List<Published> published = readTopic(kafka.bootstrapServers(), topic, 1, Duration.ofSeconds(20));
        assertThat(published).extracting(p -> p.click().getImpressionId()).containsExactly(marker);
    }

    private static String catalogJson(String status) {
        return """
                {"advertisers": [{"id": "acme", "name": "Acme", "api_key_sha256": []}],
                 "ads": [{"id": "ad-x", "advertiser": "acme", "title": "X", "landing_url": "https://acme.example/x",
                          "placements": ["home"], "status": "%s"}]}
                """.formatted(status);
    }
}
