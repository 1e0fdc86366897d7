package dev.adclick.query;

import dev.adclick.core.count.Counts;
import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.core.catalog.ApiKeys;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.store.ClickStore;
import dev.adclick.store.duckdb.DuckDbClickStore;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Fixtures of the query tests: a catalogue file with two advertisers, a real DuckDB store, a server
 * on a free port and a plain HTTP client.
 */
abstract class QueryTestBase {
    static final long T0 = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    static final String ADMIN_KEY = "admin-secret-key";
    static final String ACME_KEY = "acme-key-1";
    static final String GLOBEX_KEY = "globex-key-1";

    // HTTP/1.1: the JDK client's default h2c upgrade against Vert.x hung a request past its timeout once.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    ClickStore store;
    AdCatalogHolder catalog;
    QueryServer server;

    /** Opens a store in {@code dir}, writes the catalogue with these keys and starts a server. */
    void start(Path dir, Map<String, List<String>> keysByAdvertiser, UnaryOperator<QueryOptions.Builder> tweak) throws Exception {
        store = DuckDbClickStore.open(dir.resolve("clicks.duckdb"));
        Path file = dir.resolve("catalog.json");
        writeCatalog(file, keysByAdvertiser);
        catalog = AdCatalogHolder.fromFile(file);
        QueryOptions.Builder b = QueryOptions.builder().host("127.0.0.1").port(0).adminKey(ADMIN_KEY)
                .maxRangeDays(31).maxBuckets(50_000).catalogReloadInterval(Duration.ofMillis(100));
        server = QueryServer.start(tweak.apply(b).build(), store, catalog);
    }

    void stop() {
        if (server != null) server.close();
        if (store != null) store.close();
    }

    static Map<String, List<String>> defaultKeys() {
        return Map.of("acme", List.of(ACME_KEY), "globex", List.of(GLOBEX_KEY));
    }

    /**
     * acme owns ad-1, ad-2 and the paused ad-4; globex owns ad-3. The file's modification time is
     * moved forward on every write so a reload never misses a change made within one clock tick.
     */
    static void writeCatalog(Path file, Map<String, List<String>> keysByAdvertiser) throws IOException {
        List<String> advertisers = new ArrayList<>();
        for (String id : List.of("acme", "globex")) {
            List<String> hashes = keysByAdvertiser.getOrDefault(id, List.of()).stream()
                    .map(k -> "\"" + ApiKeys.sha256Hex(k) + "\"").toList();
            String name = id.equals("acme") ? "Acme Outdoor" : "Globex Travel";
            advertisers.add("{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"api_key_sha256\":[" + String.join(",", hashes) + "]}");
        }
        String json = "{\"advertisers\":[" + String.join(",", advertisers) + "],\"ads\":["
                + ad("ad-1", "acme", "Tents", "active") + "," + ad("ad-2", "acme", "Shoes", "active") + ","
                + ad("ad-3", "globex", "Lisbon", "active") + "," + ad("ad-4", "acme", "Stoves", "paused") + "]}";
        long previous = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() : 0;
        Files.writeString(file, json);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(Math.max(System.currentTimeMillis(), previous + 1000)));
    }

    private static String ad(String id, String advertiser, String title, String status) {
        return "{\"id\":\"" + id + "\",\"advertiser\":\"" + advertiser + "\",\"title\":\"" + title
                + "\",\"landing_url\":\"https://example.com/" + id + "\",\"placements\":[\"home\"],\"status\":\"" + status + "\"}";
    }

    static MinuteCount row(String ad, long minute, long clicks, long verified, long suspicious) {
        return new MinuteCount(ad, minute, new Counts(clicks, verified, suspicious), 1);
    }

    /** A row with impressions; every click verified, none suspicious. */
    static MinuteCount shown(String ad, long minute, long served, long rendered, long clicks) {
        return new MinuteCount(ad, minute, new Counts(clicks, clicks, 0, served, rendered), 1);
    }

    /** Distinct users by name (each name one ip hash, one user agent hash). */
    static UniqueUsers users(String... names) {
        UniqueUsers u = UniqueUsers.empty();
        for (String n : names) u.add("ip-" + n, "ua-" + n);
        return u;
    }

    static HourReach reach(String ad, long hour, long version, String... users) {
        return HourReach.of(ad, hour, users(users), version);
    }

    static String iso(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }

    /** Status code, body and headers of one answer. */
    record Answer(int status, String body, HttpResponse<String> raw) {
        JsonObject json() {
            return new JsonObject(body);
        }

        String error() {
            return json().getString("error");
        }
    }

    Answer get(String pathAndQuery, String key) throws IOException, InterruptedException {
        return send("GET", pathAndQuery, key);
    }

    Answer send(String method, String pathAndQuery, String key) throws IOException, InterruptedException {
        return send(method, pathAndQuery, key, null);
    }

    Answer post(String pathAndQuery, String key, String jsonBody) throws IOException, InterruptedException {
        return send("POST", pathAndQuery, key, jsonBody);
    }

    private Answer send(String method, String pathAndQuery, String key, String body) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) r.header("Content-Type", "application/json");
        if (key != null) r.header("Authorization", "Bearer " + key);
        HttpResponse<String> resp = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(resp.statusCode(), resp.body(), resp);
    }

    /** {@code ?from=…&to=…} for a range given in epoch ms. */
    static String range(long from, long to) {
        return "from=" + iso(from) + "&to=" + iso(to);
    }
}
