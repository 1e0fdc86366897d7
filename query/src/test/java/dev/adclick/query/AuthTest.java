package dev.adclick.query;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for API key checks of {@link QueryServer}: who may read what, and keys changing at run time. */
class AuthTest extends QueryTestBase {
    private static final String RANGE = range(T0, T0 + HOUR);

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        stop();
    }

    @Test
    void noKeyIs401WithAHint() throws Exception {
        start(dir, defaultKeys(), b -> b);
        for (String path : List.of("/api/v1/me", "/api/v1/freshness", "/api/v1/ads/ad-1/clicks?" + RANGE, "/api/v1/ads/top?" + RANGE)) {
            Answer a = get(path, null);
            assertThat(a.status()).as(path).isEqualTo(401);
            assertThat(a.error()).contains("API key is required");
            assertThat(a.raw().headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }
    }

    @Test
    void unknownKeyOrWrongSchemeIs401() throws Exception {
        start(dir, defaultKeys(), b -> b);
        Answer bad = get("/api/v1/me", "not-a-key");
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.error()).isEqualTo("That API key was not accepted.");
        // an admin key prefix must not pass
        assertThat(get("/api/v1/me", ADMIN_KEY.substring(0, 5)).status()).isEqualTo(401);
        assertThat(get("/api/v1/me", ADMIN_KEY + "x").status()).isEqualTo(401);
    }

    @Test
    void anotherAdvertisersAdIs403AndLooksLikeAnUnknownAd() throws Exception {
        start(dir, defaultKeys(), b -> b);
        Answer theirs = get("/api/v1/ads/ad-3/clicks?" + RANGE, ACME_KEY);
        Answer unknown = get("/api/v1/ads/ad-999/clicks?" + RANGE, ACME_KEY);
        assertThat(theirs.status()).isEqualTo(403);
        assertThat(unknown.status()).isEqualTo(403);
        assertThat(theirs.error()).isEqualTo("You do not have access to ad 'ad-3'.");
        assertThat(unknown.error()).isEqualTo("You do not have access to ad 'ad-999'.");
        assertThat(get("/api/v1/ads/ad-3/totals?" + RANGE, ACME_KEY).status()).isEqualTo(403);
        assertThat(get("/api/v1/advertisers/globex/summary?" + RANGE, ACME_KEY).status()).isEqualTo(403);
        assertThat(get("/api/v1/advertisers/nobody/summary?" + RANGE, ACME_KEY).status()).isEqualTo(403);
        assertThat(get("/api/v1/ads/ad-1/clicks?" + RANGE, ACME_KEY).status()).isEqualTo(200);
    }

    @Test
    void adminKeySeesEverythingAndNoAdminKeyMeansNoAdmin() throws Exception {
        start(dir, defaultKeys(), b -> b.adminKey(null));
        assertThat(get("/api/v1/me", ADMIN_KEY).status()).isEqualTo(401);
        stop();
        start(dir, defaultKeys(), b -> b);
        assertThat(get("/api/v1/ads/ad-3/clicks?" + RANGE, ADMIN_KEY).status()).isEqualTo(200);
        assertThat(get("/api/v1/ads/uncatalogued/totals?" + RANGE, ADMIN_KEY).status()).isEqualTo(200);
        assertThat(get("/api/v1/advertisers/globex/summary?" + RANGE, ADMIN_KEY).status()).isEqualTo(200);
    }

    @Test
    void meListsTheFirstAdsByIdUpToTheLimitAndHowManyInAll() throws Exception {
        start(dir, defaultKeys(), b -> b);
        var admin = get("/api/v1/me", ADMIN_KEY).json();
        assertThat(admin.getJsonArray("ads").stream().map(a -> ((io.vertx.core.json.JsonObject) a).getString("ad_id")))
                .containsExactly("ad-1", "ad-2", "ad-3", "ad-4");
        assertThat(admin.getInteger("ads_total")).isEqualTo(4);
        var cut = get("/api/v1/me?limit=2", ADMIN_KEY).json();
        assertThat(cut.getJsonArray("ads").stream().map(a -> ((io.vertx.core.json.JsonObject) a).getString("ad_id")))
                .containsExactly("ad-1", "ad-2");
        assertThat(cut.getInteger("ads_total")).isEqualTo(4);
        // an advertiser's list and total are its own ads only
        var acme = get("/api/v1/me?limit=2", ACME_KEY).json();
        assertThat(acme.getJsonArray("ads").stream().map(a -> ((io.vertx.core.json.JsonObject) a).getString("ad_id")))
                .containsExactly("ad-1", "ad-2");
        assertThat(acme.getInteger("ads_total")).isEqualTo(3);
        for (String bad : List.of("0", "1001", "many")) {
            Answer a = get("/api/v1/me?limit=" + bad, ADMIN_KEY);
            assertThat(a.status()).as(bad).isEqualTo(400);
            assertThat(a.error()).contains("'limit' must be a whole number from 1 to 1000");
        }
    }

    @Test
    void bearerSchemeIsCaseInsensitive() throws Exception {
        start(dir, defaultKeys(), b -> b);
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/v1/me"))
                .header("Authorization", "bearer " + ACME_KEY).build();
        var resp = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).isEqualTo(200);
    }

    @Test
    void revokedKeyStopsWorkingAndNewKeyStartsWorkingWithoutRestart() throws Exception {
        start(dir, defaultKeys(), b -> b);
        assertThat(get("/api/v1/me", ACME_KEY).status()).isEqualTo(200);
        assertThat(get("/api/v1/me", "acme-key-2").status()).isEqualTo(401);

        writeCatalog(dir.resolve("catalog.json"), Map.of("acme", List.of("acme-key-2"), "globex", List.of(GLOBEX_KEY)));

        awaitStatus("/api/v1/me", ACME_KEY, 401);
        Answer revoked = get("/api/v1/me", ACME_KEY);
        assertThat(revoked.error()).isEqualTo("That API key was not accepted.");
        Answer added = get("/api/v1/me", "acme-key-2");
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.json().getJsonObject("advertiser").getString("id")).isEqualTo("acme");
        assertThat(get("/api/v1/me", GLOBEX_KEY).status()).isEqualTo(200);
    }

    private void awaitStatus(String path, String key, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (get(path, key).status() != status) {
            if (System.nanoTime() > deadline) throw new AssertionError(path + " did not answer " + status + " within 10 s");
            Thread.sleep(50);
        }
    }
}
