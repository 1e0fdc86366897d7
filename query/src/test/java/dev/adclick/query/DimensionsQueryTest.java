package dev.adclick.query;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimensions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dimension reads of the API against a real DuckDB store: filters on every read, breakdowns,
 * CSV answers equal to their JSON, and the row limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DimensionsQueryTest extends QueryTestBase {
    /** A placement that needs CSV quoting: a comma and a quote. */
    private static final String ODD = "side,bar \"x\"";
    private static final Dimensions HOME_US_MOBILE = new Dimensions("home", "US", "mobile");
    private static final Dimensions HOME_NL_DESKTOP = new Dimensions("home", "NL", "desktop");
    private static final Dimensions ODD_US_BOT = new Dimensions(ODD, "US", "bot");
    private static final String R = range(T0, T0 + HOUR);

    @BeforeAll
    void startServer(@TempDir Path dir) throws Exception {
        start(dir, defaultKeys(), b -> b.maxBreakdownRows(3));
        // ad-1, minute 0: US mobile home 5 clicks (4 verified), NL desktop home 2, a bot click on ODD
        Map<Dimensions, Counts> m0 = new LinkedHashMap<>();
        m0.put(HOME_US_MOBILE, new Counts(5, 4, 0, 20, 10));
        m0.put(HOME_NL_DESKTOP, new Counts(2, 2, 0, 8, 8));
        m0.put(ODD_US_BOT, new Counts(0, 0, 1, 3, 0));
        // minute 5: 1 click of no known dimension (a v1 click), and 2 more from the US on ODD
        Map<Dimensions, Counts> m5 = new LinkedHashMap<>();
        m5.put(Dimensions.UNKNOWN, new Counts(1, 0, 0, 0, 0));
        m5.put(new Dimensions(ODD, "US", "desktop"), new Counts(2, 1, 0, 2, 2));
        List<MinuteCount> rows = new ArrayList<>(withTotal("ad-1", T0, m0));
        rows.addAll(withTotal("ad-1", T0 + 5 * MINUTE, m5));
        rows.addAll(withTotal("ad-2", T0, Map.of(HOME_NL_DESKTOP, new Counts(7, 7, 0, 9, 9))));
        rows.addAll(withTotal("ad-3", T0, Map.of(HOME_US_MOBILE, new Counts(9, 9, 0, 9, 9))));
        store.upsert(rows);
    }

    @AfterAll
    void stopServer() {
        stop();
    }

    /** The total row and the breakdown rows of one (ad, minute), written together as every writer does. */
    private static List<MinuteCount> withTotal(String ad, long minute, Map<Dimensions, Counts> byDims) {
        List<MinuteCount> rows = new ArrayList<>();
        Counts total = Counts.ZERO;
        for (Map.Entry<Dimensions, Counts> e : byDims.entrySet()) {
            rows.add(new MinuteCount(ad, minute, e.getKey(), e.getValue(), 1));
            total = total.plus(e.getValue());
        }
        rows.add(new MinuteCount(ad, minute, Dimensions.TOTAL, total, 1));
        return rows;
    }

    @Test
    void aBreakdownHasOneRowPerValueMostClicksFirstSummingToTheTotals() throws Exception {
        JsonObject a = ok("/api/v1/ads/ad-1/breakdown?" + R + "&by=country");
        assertThat(a.fieldNames()).containsExactly("ad_id", "by", "from", "to", "rows");
        assertThat(a.getString("by")).isEqualTo("country");
        assertThat(lines(a.getJsonArray("rows"), "key")).containsExactly(
                "US clicks=7 verified=5 suspicious=1 served=25 impressions=12",
                "NL clicks=2 verified=2 suspicious=0 served=8 impressions=8",
                "unknown clicks=1 verified=0 suspicious=0 served=0 impressions=0");
        assertThat(a.getJsonArray("rows").getJsonObject(0).getDouble("ctr")).isEqualTo(7 / 12.0);
        assertThat(a.getJsonArray("rows").getJsonObject(2).getValue("ctr")).as("no impressions: no CTR").isNull();
        JsonObject totals = ok("/api/v1/ads/ad-1/totals?" + R);
        for (String f : List.of("clicks", "verified_clicks", "suspicious_clicks", "served_impressions", "impressions")) {
            long sum = a.getJsonArray("rows").stream().mapToLong(r -> ((JsonObject) r).getLong(f)).sum();
            assertThat(sum).as(f).isEqualTo(totals.getLong(f));
        }
        // by device (of the US: 4 devices in all is over this test's limit of 3): bot has only a suspicious click (0 clicks)
        assertThat(keys(ok("/api/v1/ads/ad-1/breakdown?" + R + "&by=device&country=US"))).containsExactly("mobile", "desktop", "bot");
    }

    @Test
    void filtersRestrictEveryRead() throws Exception {
        JsonObject us = ok("/api/v1/ads/ad-1/totals?" + R + "&country=US");
        assertThat(us.getLong("clicks")).isEqualTo(7);
        assertThat(us.getLong("suspicious_clicks")).isEqualTo(1);
        assertThat(us.getValue("unique_users")).as("reach sketches are per ad, not per country").isNull();
        assertThat(ok("/api/v1/ads/ad-1/totals?" + R + "&country=US&device=desktop").getLong("clicks")).isEqualTo(2);
        // unknown selects the events without a value
        assertThat(ok("/api/v1/ads/ad-1/totals?" + R + "&placement=unknown").getLong("clicks")).isEqualTo(1);

        JsonObject series = ok("/api/v1/ads/ad-1/clicks?" + R + "&placement=" + enc(ODD));
        assertThat(lines(series.getJsonArray("buckets"), "start")).containsExactly(
                iso(T0) + " clicks=0 verified=0 suspicious=1 served=3 impressions=0",
                iso(T0 + 5 * MINUTE) + " clicks=2 verified=1 suspicious=0 served=2 impressions=2");
        assertThat(series.getLong("total")).isEqualTo(2);

        // a breakdown may be filtered on its own dimension too
        assertThat(keys(ok("/api/v1/ads/ad-1/breakdown?" + R + "&by=placement&country=US"))).containsExactly("home", ODD);

        JsonObject top = get("/api/v1/ads/top?" + R + "&country=NL", ADMIN_KEY).json();
        assertThat(lines(top.getJsonArray("ads"), "ad_id")).containsExactly("ad-2 clicks=7 impressions=9", "ad-1 clicks=2 impressions=8");

        JsonObject summary = ok("/api/v1/advertisers/acme/summary?" + R + "&device=desktop");
        assertThat(summary.getJsonObject("totals").getLong("clicks")).isEqualTo(2 + 2 + 7);
        assertThat(summary.getJsonObject("totals").getValue("unique_users")).isNull();
        JsonObject stats = ok("/api/v1/stats?" + R + "&device=bot");
        assertThat(stats.getLong("suspicious_clicks")).isEqualTo(1);
        assertThat(stats.getJsonObject("totals").getLong("clicks")).isZero();
    }

    @Test
    void aValueNoEventHasIsAnEmptyAnswerNotAnError() throws Exception {
        assertThat(ok("/api/v1/ads/ad-1/totals?" + R + "&country=ZZ").getLong("clicks")).isZero();
        assertThat(ok("/api/v1/ads/ad-1/clicks?" + R + "&device=toaster").getJsonArray("buckets")).isEmpty();
        assertThat(ok("/api/v1/ads/ad-1/breakdown?" + R + "&by=country&placement=nowhere").getJsonArray("rows")).isEmpty();
        assertThat(ok("/api/v1/ads/top?" + R + "&country=ZZ").getJsonArray("ads")).isEmpty();
        Answer csv = get("/api/v1/ads/ad-1/breakdown?" + R + "&by=country&placement=nowhere&format=csv", ACME_KEY);
        assertThat(csv.body()).isEqualTo("key,clicks,verified_clicks,suspicious_clicks,served_impressions,impressions,ctr\r\n");
    }

    @Test
    void csvAnswersHoldTheJsonRowsField(/* by field */) throws Exception {
        String breakdown = "/api/v1/ads/ad-1/breakdown?" + R + "&by=placement";
        assertCsvEqualsJson(breakdown, "rows");
        assertCsvEqualsJson("/api/v1/ads/ad-1/clicks?" + R, "buckets");
        assertCsvEqualsJson("/api/v1/ads/top?" + R, "ads");

        Answer csv = get(breakdown + "&format=csv", ACME_KEY);
        assertThat(csv.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        // RFC 4180: the comma and the quote of the placement are quoted, quotes doubled, CRLF line ends
        assertThat(csv.body()).isEqualTo("key,clicks,verified_clicks,suspicious_clicks,served_impressions,impressions,ctr\r\n"
                + "home,7,6,0,28,18,0.3888888888888889\r\n"
                + "\"side,bar \"\"x\"\"\",2,1,1,5,2,1.0\r\n"
                + "unknown,1,0,0,0,0,\r\n");
        assertThat(csv.body()).startsWith("key,").contains("\r\n");

        // Accept: text/csv asks for it too; format=json wins over the header
        assertThat(withAccept(breakdown, "text/csv").body()).isEqualTo(csv.body());
        assertThat(withAccept(breakdown + "&format=json", "text/csv").body()).startsWith("{");
        assertThat(get("/api/v1/ads/ad-1/clicks?" + R + "&format=csv", ACME_KEY).body())
                .startsWith("start,clicks,verified_clicks,suspicious_clicks,served_impressions,impressions,ctr\r\n");
        assertThat(get("/api/v1/ads/top?" + R + "&format=csv", ACME_KEY).body()).startsWith("ad_id,clicks,impressions,ctr\r\n");
    }

    @Test
    void aBreakdownOfMoreRowsThanTheLimitIsA400() throws Exception {
        // 4 devices, the limit is 3 here; the default is 1,000
        Answer a = get("/api/v1/ads/ad-1/breakdown?" + R + "&by=device", ACME_KEY);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.error()).isEqualTo("That breakdown by device has 4 rows, more than the limit of 3; narrow it with a filter or a shorter range.");
        assertThat(get("/api/v1/ads/ad-1/breakdown?" + R + "&by=device&country=US", ACME_KEY).status()).isEqualTo(200);
    }

    @Test
    void aBreakdownOfAnotherAdvertisersAdIsForbidden() throws Exception {
        assertThat(get("/api/v1/ads/ad-3/breakdown?" + R + "&by=country", ACME_KEY).status()).isEqualTo(403);
        assertThat(get("/api/v1/ads/ad-3/breakdown?" + R + "&by=country", GLOBEX_KEY).status()).isEqualTo(200);
    }

    /** Every CSV line is the JSON row of the same index, field by field (ctr: the same number, or empty for null). */
    private void assertCsvEqualsJson(String path, String rowsField) throws Exception {
        JsonArray json = get(path, ADMIN_KEY).json().getJsonArray(rowsField);
        String csv = get(path + "&format=csv", ADMIN_KEY).body();
        List<List<String>> lines = parseCsv(csv);
        assertThat(json).as(path + " has rows to compare").isNotEmpty();
        assertThat(lines).hasSize(json.size() + 1);
        List<String> header = lines.get(0);
        assertThat(header).containsExactlyElementsOf(json.getJsonObject(0).fieldNames());
        for (int i = 0; i < json.size(); i++) {
            JsonObject row = json.getJsonObject(i);
            for (int c = 0; c < header.size(); c++) {
                Object v = row.getValue(header.get(c));
                String cell = lines.get(i + 1).get(c);
                if (v == null) assertThat(cell).isEmpty();
                else if (v instanceof Number n && !(v instanceof Long || v instanceof Integer)) assertThat(Double.parseDouble(cell)).isEqualTo(n.doubleValue());
                else assertThat(cell).as(path + " row " + i + " " + header.get(c)).isEqualTo(String.valueOf(v));
            }
        }
    }

    /** A small RFC 4180 reader for the checks (quoted fields, doubled quotes, CRLF). */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> out = new ArrayList<>();
        List<String> line = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') { cell.append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cell.append(ch);
            } else if (ch == '"') quoted = true;
            else if (ch == ',') { line.add(cell.toString()); cell.setLength(0); }
            else if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                line.add(cell.toString()); cell.setLength(0); out.add(line); line = new ArrayList<>(); i++;
            } else cell.append(ch);
        }
        assertThat(line).as("the last line ends in CRLF").isEmpty();
        return out;
    }

    private JsonObject ok(String path) throws Exception {
        Answer a = get(path, ACME_KEY);
        assertThat(a.status()).as(path + ": " + a.body()).isEqualTo(200);
        return a.json();
    }

    private static List<String> keys(JsonObject breakdown) {
        return breakdown.getJsonArray("rows").stream().map(r -> ((JsonObject) r).getString("key")).toList();
    }

    /** Each row as "first-field clicks=… …", for readable exact comparisons. */
    private static List<String> lines(JsonArray rows, String first) {
        List<String> out = new ArrayList<>();
        for (Object o : rows) {
            JsonObject r = (JsonObject) o;
            StringBuilder s = new StringBuilder(String.valueOf(r.getValue(first))).append(" clicks=").append(r.getLong("clicks"));
            if (r.containsKey("verified_clicks")) {
                s.append(" verified=").append(r.getLong("verified_clicks")).append(" suspicious=").append(r.getLong("suspicious_clicks"))
                        .append(" served=").append(r.getLong("served_impressions"));
            }
            out.add(s.append(" impressions=").append(r.getLong("impressions")).toString());
        }
        return out;
    }

    private Answer withAccept(String path, String accept) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + ACME_KEY).header("Accept", accept).GET().build();
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(req, HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
