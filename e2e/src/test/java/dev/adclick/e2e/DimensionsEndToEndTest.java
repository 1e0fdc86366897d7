package dev.adclick.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adclick.core.count.CountColumn;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.ingest.internal.dimension.CountryLookup;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Placement, country and device end to end (docs/architecture.md, Contracts): "browsers" with known
 * countries (public addresses whose country the shipped database states, through
 * {@code X-Forwarded-For} from the trusted loopback proxy) and desktop, mobile and bot User-Agents
 * are served ads in three placements, render some and click some; the query API's breakdowns hold
 * exactly those rows, they sum to the totals, filters select them, CSV says what JSON says, and bad
 * input is refused clearly.
 */
class DimensionsEndToEndTest extends OneStackPerClass {
    static final String DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    static final String MOBILE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    static final String BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    private static final List<String> PLACEMENTS = List.of("home", "sidebar", "article");

    /** A browser: its address, the country the shipped database gives it, its User-Agent and device. */
    private record Browser(String ip, String country, String userAgent, String device) {}

    private static final List<Browser> BROWSERS = List.of(
            new Browser("8.8.8.8", "US", DESKTOP, "desktop"),
            new Browser("193.0.6.139", "NL", MOBILE, "mobile"),
            new Browser("133.11.0.1", "JP", DESKTOP, "desktop"),
            new Browser("200.160.0.8", "BR", MOBILE, "mobile"),
            new Browser("81.2.69.160", "GB", BOT, "bot"));

    /** Expected counts per ad, dimension and key, in {@link CountColumn} order. */
    private final Map<String, Map<Dimension, Map<String, long[]>>> expected = new TreeMap<>();

    @Test
    void breakdownsFiltersAndCsvHoldExactlyWhatTheBrowsersDid() throws Exception {
        try (CountryLookup db = CountryLookup.open(null, "geoip.database")) {
            for (Browser b : BROWSERS) assertThat(db.country(b.ip())).as("the shipped database's country of " + b.ip()).isEqualTo(b.country());
        }
        long from = startOfAFreshMinute(50);
        String range = "from=" + iso(from) + "&to=" + iso(from + 10 * MINUTE);
        int n = 0;
        for (String placement : PLACEMENTS) {
            for (Browser b : BROWSERS) {
                for (int k = 0; k < 2; k++, n++) {
                    HttpResponse<String> serve = get(stack.ingestUrl() + "/ads/serve?placement=" + placement, b.ip(), b.userAgent());
                    assertThat(serve.statusCode()).as(serve.body()).isEqualTo(200);
                    JsonNode ad = JSON.readTree(serve.body());
                    String adId = ad.path("ad_id").asText();
                    add(adId, placement, b, CountColumn.SERVED_IMPRESSIONS);
                    if (n % 3 != 2) { // two of three render (the beacon), the third's is blocked
                        assertThat(get(stack.ingestUrl() + ad.path("impression_url").asText(), b.ip(), b.userAgent()).statusCode()).isEqualTo(200);
                        add(adId, placement, b, CountColumn.IMPRESSIONS);
                    }
                    if (n % 2 == 0) { // every other one is clicked; a bot's click is suspicious, not counted
                        assertThat(get(stack.ingestUrl() + ad.path("click_url").asText(), b.ip(), b.userAgent()).statusCode()).isEqualTo(302);
                        if (b.device().equals("bot")) {
                            add(adId, placement, b, CountColumn.SUSPICIOUS_CLICKS);
                        } else {
                            add(adId, placement, b, CountColumn.CLICKS);
                            add(adId, placement, b, CountColumn.VERIFIED_CLICKS);
                        }
                    }
                }
            }
        }
        // a classic link without a token: no placement (unknown), unverified
        Browser us = BROWSERS.get(0);
        assertThat(get(stack.ingestUrl() + "/ads/ad-001/click", us.ip(), us.userAgent()).statusCode()).isEqualTo(302);
        add("ad-001", null, us, CountColumn.CLICKS);

        // exact breakdown rows of every ad, by every dimension
        for (String adId : expected.keySet()) {
            for (Dimension by : Dimension.values()) {
                String path = "/api/v1/ads/" + adId + "/breakdown?" + range + "&by=" + by.field();
                List<String> want = expectedRows(adId, by);
                List<String> got = awaitValue(() -> rows(path), want, Duration.ofSeconds(90));
                assertThat(got).as(adId + " by " + by.field()).isEqualTo(want);
            }
            // the rows sum to the totals
            JsonNode totals = api(stack, "/api/v1/ads/" + adId + "/totals?" + range);
            JsonNode rows = api(stack, "/api/v1/ads/" + adId + "/breakdown?" + range + "&by=country").path("rows");
            for (CountColumn c : CountColumn.ALL) {
                long sum = 0;
                for (JsonNode r : rows) sum += r.path(c.column()).asLong();
                assertThat(sum).as(adId + " " + c.column()).isEqualTo(totals.path(c.column()).asLong());
            }
        }

        // filters: each selects what the browsers of that value did
        for (String adId : expected.keySet()) {
            for (Dimension d : Dimension.values()) {
                for (Map.Entry<String, long[]> e : expected.get(adId).get(d).entrySet()) {
                    JsonNode t = api(stack, "/api/v1/ads/" + adId + "/totals?" + range + "&" + d.field() + "=" + e.getKey());
                    assertThat(line(e.getKey(), t)).as(adId + " " + d.field() + "=" + e.getKey()).isEqualTo(line(e.getKey(), e.getValue()));
                }
            }
        }
        // a filter on two dimensions, and one on the dimension broken down by
        String someAd = expected.keySet().iterator().next();
        String country = expected.get(someAd).get(Dimension.COUNTRY).keySet().iterator().next();
        JsonNode byDevice = api(stack, "/api/v1/ads/" + someAd + "/breakdown?" + range + "&by=device&country=" + country);
        long clicks = 0;
        for (JsonNode r : byDevice.path("rows")) clicks += r.path("clicks").asLong();
        assertThat(clicks).isEqualTo(expected.get(someAd).get(Dimension.COUNTRY).get(country)[0]);
        assertThat(api(stack, "/api/v1/ads/ad-001/totals?" + range + "&placement=unknown&country=US").path("clicks").asLong()).isEqualTo(1);
        // top under a filter: every ad's home clicks
        Map<String, Long> homeClicks = new TreeMap<>();
        for (JsonNode a : api(stack, "/api/v1/ads/top?" + range + "&limit=100&placement=home").path("ads")) {
            if (a.path("clicks").asLong() > 0) homeClicks.put(a.path("ad_id").asText(), a.path("clicks").asLong());
        }
        Map<String, Long> wantHome = new TreeMap<>();
        expected.forEach((ad, dims) -> {
            long[] home = dims.get(Dimension.PLACEMENT).get("home");
            if (home != null && home[0] > 0) wantHome.put(ad, home[0]);
        });
        assertThat(homeClicks).isEqualTo(wantHome);

        // CSV says what JSON says
        assertCsvEqualsJson("/api/v1/ads/" + someAd + "/breakdown?" + range + "&by=country", "rows");
        assertCsvEqualsJson("/api/v1/ads/" + someAd + "/clicks?" + range, "buckets");
        assertCsvEqualsJson("/api/v1/ads/top?" + range + "&limit=20", "ads");

        // bad input
        HttpResponse<String> badBy = raw("/api/v1/ads/" + someAd + "/breakdown?" + range + "&by=browser");
        assertThat(badBy.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badBy.body()).path("error").asText()).contains("placement, country, device");
        JsonNode none = api(stack, "/api/v1/ads/" + someAd + "/breakdown?" + range + "&by=device&country=ZZ");
        assertThat(none.path("rows").size()).as("a country no click has: an empty answer").isZero();
        assertThat(api(stack, "/api/v1/ads/" + someAd + "/totals?" + range + "&device=toaster").path("clicks").asLong()).isZero();
        assertThat(raw("/api/v1/ads/" + someAd + "/totals?" + range + "&country=*").statusCode()).isEqualTo(400);
        HttpResponse<String> tooMany = raw("/api/v1/ads/top?" + range + "&limit=5000");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooMany.body()).path("error").asText()).contains("1 to 1000");
        HttpResponse<String> tooLong = raw("/api/v1/ads/" + someAd + "/breakdown?from=" + iso(from - 40 * 24 * 60 * MINUTE)
                + "&to=" + iso(from) + "&by=country");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLong.body()).path("error").asText()).contains("31 days");
    }

    private void add(String adId, String placement, Browser b, CountColumn column) {
        Map<Dimension, Map<String, long[]>> dims = expected.computeIfAbsent(adId, k -> new EnumMap<>(Dimension.class));
        Map<Dimension, String> keys = Map.of(Dimension.PLACEMENT, placement == null ? Dimension.UNKNOWN : placement,
                Dimension.COUNTRY, b.country(), Dimension.DEVICE, b.device());
        for (Dimension d : Dimension.values()) {
            dims.computeIfAbsent(d, k -> new TreeMap<>()).computeIfAbsent(keys.get(d), k -> new long[CountColumn.ALL.size()])
                    [column.ordinal()]++;
        }
    }

    /** The expected rows of one breakdown in the API's order: most clicks first, ties by key. */
    private List<String> expectedRows(String adId, Dimension by) {
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(expected.get(adId).get(by).entrySet());
        rows.sort((a, b) -> a.getValue()[0] != b.getValue()[0] ? Long.compare(b.getValue()[0], a.getValue()[0]) : a.getKey().compareTo(b.getKey()));
        return rows.stream().map(e -> line(e.getKey(), e.getValue())).toList();
    }

    private static String line(String key, long[] counts) {
        StringBuilder s = new StringBuilder(key);
        for (CountColumn c : CountColumn.ALL) s.append(' ').append(c.column()).append('=').append(counts[c.ordinal()]);
        return s.toString();
    }

    private static String line(String key, JsonNode counts) {
        long[] v = new long[CountColumn.ALL.size()];
        for (CountColumn c : CountColumn.ALL) v[c.ordinal()] = counts.path(c.column()).asLong();
        return line(key, v);
    }

    private static List<String> rows(String path) {
        try {
            List<String> out = new ArrayList<>();
            for (JsonNode r : api(stack, path).path("rows")) out.add(line(r.path("key").asText(), r));
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every CSV line is the JSON row of the same index: the header names its fields, each cell its value. */
    private static void assertCsvEqualsJson(String path, String rowsField) throws Exception {
        JsonNode json = api(stack, path).path(rowsField);
        assertThat(json.size()).as(path + " has rows").isPositive();
        HttpResponse<String> csv = raw(path + "&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize(json.size() + 1);
        List<String> header = List.of(lines[0].split(","));
        List<String> fields = new ArrayList<>();
        json.get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(header).as(path).isEqualTo(fields);
        for (int i = 0; i < json.size(); i++) {
            Map<String, String> cells = new LinkedHashMap<>();
            // the keys here (ad ids, country codes, ISO times) need no quoting
            String[] values = lines[i + 1].split(",", -1);
            for (int c = 0; c < header.size(); c++) cells.put(header.get(c), values[c]);
            for (String f : header) {
                JsonNode v = json.get(i).path(f);
                if (v.isNull()) assertThat(cells.get(f)).as(f).isEmpty();
                else if (v.isFloatingPointNumber()) assertThat(Double.parseDouble(cells.get(f))).as(f).isEqualTo(v.asDouble());
                else assertThat(cells.get(f)).as(path + " row " + i + " " + f).isEqualTo(v.asText());
            }
        }
    }

    private static HttpResponse<String> raw(String pathAndQuery) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(stack.queryUrl() + pathAndQuery)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + stack.adminKey()).GET().build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }
}
