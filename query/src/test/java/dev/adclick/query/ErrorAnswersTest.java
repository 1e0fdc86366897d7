package dev.adclick.query;

import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.core.catalog.AdCatalogLoader;
import dev.adclick.store.ClickStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.adclick.query.ParameterValidationTest.assertNoInternals;
import static org.assertj.core.api.Assertions.assertThat;

/** Tests that unknown routes, wrong methods and failing stores answer JSON errors without internals. */
class ErrorAnswersTest extends QueryTestBase {
    private static final String RANGE = range(T0, T0 + HOUR);

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        stop();
    }

    @Test
    void unknownApiRouteIs404Json() throws Exception {
        start(dir, defaultKeys(), b -> b);
        Answer a = get("/api/v1/nothing-here", ACME_KEY);
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.error()).isEqualTo("There is no such API endpoint: /api/v1/nothing-here");
        assertThat(get("/api/v2/ads", null).status()).isEqualTo(404);
        assertThat(get("/api/v1/ads/ad-1", ACME_KEY).status()).isEqualTo(404);
    }

    @Test
    void otherMethodsAre405Json() throws Exception {
        start(dir, defaultKeys(), b -> b);
        Answer a = send("POST", "/api/v1/freshness", ACME_KEY);
        assertThat(a.status()).isEqualTo(405);
        assertThat(a.error()).isEqualTo("This endpoint does not answer POST requests.");
        assertThat(send("DELETE", "/api/v1/ads/ad-1/clicks?" + RANGE, ADMIN_KEY).status()).isEqualTo(405);
    }

    @Test
    void storeUnavailableIs503() throws Exception {
        startWith(TestingClickStore.unavailable());
        for (String path : new String[] {"/api/v1/ads/ad-1/clicks?" + RANGE, "/api/v1/ads/top?" + RANGE, "/api/v1/freshness",
                "/api/v1/stats?" + RANGE, "/api/v1/ads/ad-1/totals?" + RANGE, "/api/v1/advertisers/acme/summary?" + RANGE}) {
            Answer a = get(path, ACME_KEY);
            assertThat(a.status()).as(path).isEqualTo(503);
            assertThat(a.error()).isEqualTo("The click store is unavailable right now; please try again shortly.");
            assertNoInternals(a.body());
        }
    }

    @Test
    void unexpectedFailureIs500WithoutDetail() throws Exception {
        startWith(TestingClickStore.broken());
        Answer a = get("/api/v1/ads/ad-1/clicks?" + RANGE, ACME_KEY);
        assertThat(a.status()).isEqualTo(500);
        assertThat(a.json().encode()).isEqualTo("{\"error\":\"internal error\"}");
        assertNoInternals(a.body());
    }

    private void startWith(ClickStore fake) throws Exception {
        writeCatalog(dir.resolve("catalog.json"), defaultKeys());
        store = fake;
        catalog = AdCatalogHolder.fixed(AdCatalogLoader.load(dir.resolve("catalog.json")));
        server = QueryServer.start(QueryOptions.builder().port(0).adminKey(ADMIN_KEY).build(), store, catalog);
    }
}
