package dev.adclick.ingest;

import dev.adclick.core.catalog.Ad;
import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.core.catalog.Advertiser;
import dev.adclick.core.click.Click;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionKind;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every click and impression carries its placement (from the token), country (the bundled database,
 * from the client address under the trusted-proxy rule) and device (from the User-Agent): issue 13,
 * docs/architecture.md, Contracts, topics clicks v2 and impressions. Real Kafka and Redis.
 */
class DimensionsITCase extends SharedBrokerTestBase {
    /** Public addresses and the country the bundled database states for them (checked by hand against it). */
    static final Map<String, String> KNOWN_COUNTRIES = Map.of(
            "8.8.8.8", "US", "193.0.6.139", "NL", "133.11.0.1", "JP", "200.160.0.8", "BR", "81.2.69.160", "GB", "80.67.169.12", "FR");
    static final String DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    static final String MOBILE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    static final String TABLET = "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    static final String BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    private static final Map<String, String> DEVICES = Map.of(DESKTOP, "desktop", MOBILE, "mobile", TABLET, "tablet", BOT, "bot");
    private static final List<String> PLACEMENTS = List.of("home", "sidebar", "footer");

    /** One ad per placement, so each serve's placement is known. */
    private static AdCatalog threePlacements() {
        return new AdCatalog(List.of(
                new Ad("ad-home", "acme", "Tents", LANDING_1, List.of("home"), true),
                new Ad("ad-sidebar", "acme", "Shoes", LANDING_2, List.of("sidebar"), true),
                new Ad("ad-footer", "globex", "Trips", URI.create("https://globex.example/footer"), List.of("footer"), true)),
                List.of(new Advertiser("acme", "Acme", List.of()), new Advertiser("globex", "Globex", List.of())));
    }

    private record Expected(String placement, String country, String device) {}

    @Test
    void servesBeaconsAndClicksThroughATrustedProxyCarryPlacementCountryAndDevice() {
        String clicks = newTopicName();
        try {
            createTopics(kafka, clicks);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Expected> byImpression = new HashMap<>();
        List<String> ips = new ArrayList<>(KNOWN_COUNTRIES.keySet());
        List<String> uas = new ArrayList<>(DEVICES.keySet());
        try (IngestServer proxied = IngestServer.start(options(kafka.bootstrapServers(), clicks, tmp.resolve("spool-proxied"))
                .trustedProxies(List.of("127.0.0.0/8")).build(), AdCatalogHolder.fixed(threePlacements()))) {
            int p = proxied.port();
            for (int i = 0; i < 12; i++) {
                String ip = ips.get(i % ips.size());
                String ua = uas.get(i % uas.size());
                String placement = PLACEMENTS.get(i % PLACEMENTS.size());
                // the browser's address as the proxy appends it; the hop before it is the client's own claim, not believed
                String[] headers = {"X-Forwarded-For", "10.9.9.9, " + ip, "User-Agent", ua};
                JsonObject ad = new JsonObject(get(p, "/ads/serve?placement=" + placement, headers).body());
                assertThat(get(p, ad.getString("impression_url"), headers).statusCode()).isEqualTo(200);
                assertThat(get(p, ad.getString("click_url"), headers).statusCode()).isEqualTo(302);
                byImpression.put(ad.getString("impression_id"), new Expected(placement, KNOWN_COUNTRIES.get(ip), DEVICES.get(ua)));
            }
            // a link without a token has no placement; a direct loopback client has no country
            assertThat(get(p, "/ads/ad-home/click", "X-Forwarded-For", "193.0.6.139", "User-Agent", BOT).statusCode()).isEqualTo(302);
            assertThat(get(p, "/ads/ad-footer/click", "User-Agent", MOBILE).statusCode()).isEqualTo(302);
        }

        List<Published> published = readTopic(kafka.bootstrapServers(), clicks, 14, Duration.ofSeconds(30));
        assertThat(published).hasSize(14);
        List<Expected> classic = new ArrayList<>();
        for (Published pub : published) {
            Click c = pub.click();
            assertThat(c.getV()).isEqualTo(Click.FORMAT_VERSION);
            Expected got = new Expected(c.getPlacement(), c.getCountry(), c.getDevice());
            if (c.getImpressionId() == null) classic.add(got);
            else assertThat(got).as("click of %s", c.getImpressionId()).isEqualTo(byImpression.get(c.getImpressionId()));
        }
        assertThat(classic).containsExactlyInAnyOrder(new Expected(null, "NL", "bot"), new Expected(null, null, "mobile"));

        List<PublishedImpression> impressions = readImpressions(kafka.bootstrapServers(), impressionsTopic(clicks), 24, Duration.ofSeconds(30));
        assertThat(impressions).hasSize(24);
        for (PublishedImpression pi : impressions) {
            Impression i = pi.impression();
            assertThat(new Expected(i.getPlacement(), i.getCountry(), i.getDevice()))
                    .as("%s of %s", i.getKind().json(), i.getImpressionId()).isEqualTo(byImpression.get(i.getImpressionId()));
        }
        assertThat(impressions.stream().filter(i -> i.impression().getKind() == ImpressionKind.RENDERED)).hasSize(12);
    }

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnoredThePeerDecides() {
        // the shared server trusts no proxy: the claimed US address must not give the click a country
        assertThat(get(port, "/c/" + tokens.mint("ad-1", dev.adclick.ingest.token.ClickTokens.newImpressionId(), System.currentTimeMillis(), "home"),
                "X-Forwarded-For", "8.8.8.8", "User-Agent", DESKTOP).statusCode()).isEqualTo(302);
        List<Published> published = readTopic(kafka.bootstrapServers(), topic, 1, Duration.ofSeconds(20));
        assertThat(published).hasSize(1);
        Click c = published.get(0).click();
        assertThat(c.getCountry()).as("127.0.0.1, the peer, has no country").isNull();
        assertThat(c.getPlacement()).isEqualTo("home");
        assertThat(c.getDevice()).isEqualTo("desktop");
        assertThat(c.getIpHash()).isEqualTo(hasher.ipHash("127.0.0.1"));
    }
}
