package dev.adclick.query;

import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.core.catalog.AdCatalogLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for starting and closing {@link QueryServer} and for checking {@link QueryOptions}. */
class QueryServerLifecycleTest extends QueryTestBase {
    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        stop();
    }

    @Test
    void aBusyPortFailsTheStartNamingHostAndPort() throws Exception {
        start(dir, defaultKeys(), b -> b);
        QueryOptions same = QueryOptions.builder().port(server.port()).build();
        assertThatThrownBy(() -> QueryServer.start(same, store, catalog))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:" + server.port());
    }

    @Test
    void closeIsIdempotentAndStopsListening() throws Exception {
        start(dir, defaultKeys(), b -> b);
        assertThat(get("/api/v1/me", ACME_KEY).status()).isEqualTo(200);
        server.close();
        server.close();
        assertThatThrownBy(() -> get("/api/v1/me", ACME_KEY)).isInstanceOf(ConnectException.class);
        // the store stays open for its owner
        assertThat(store.totals("ad-1", T0, T0 + HOUR).clicks()).isZero();
    }

    @Test
    void serverWithoutAdminAndWithAFixedCatalogueStarts() throws Exception {
        try (QueryServer s = QueryServer.start(QueryOptions.builder().port(0).adminKey("").build(),
                new TestingClickStore.Empty(), AdCatalogHolder.fixed(AdCatalogLoader.loadDefault()))) {
            assertThat(s.port()).isPositive();
        }
    }

    @Test
    void optionsRejectBadValuesNamingTheBound() {
        assertThatThrownBy(() -> QueryOptions.builder().port(70_000).build()).hasMessage("port must be 0..65535, was 70000");
        assertThatThrownBy(() -> QueryOptions.builder().maxRangeDays(0).build()).hasMessage("maxRangeDays must be >= 1, was 0");
        assertThatThrownBy(() -> QueryOptions.builder().maxBuckets(0).build()).hasMessage("maxBuckets must be >= 1, was 0");
        assertThatThrownBy(() -> QueryOptions.builder().ingestMetricsUrls(List.of("localhost:8080/metrics")).build())
                .hasMessageContaining("must be http(s)://host:port/path");
        assertThatThrownBy(() -> QueryOptions.builder().host(null).build()).isInstanceOf(NullPointerException.class).hasMessage("host");
        QueryOptions defaults = QueryOptions.builder().build();
        assertThat(defaults.port()).isEqualTo(8081);
        assertThat(defaults.adminKey()).isNull();
        assertThat(defaults.maxRangeDays()).isEqualTo(31);
        assertThat(defaults.maxBuckets()).isEqualTo(50_000);
        assertThat(defaults.ingestMetricsUrls()).isEmpty();
    }
}
