package dev.adclick.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link StoreLocations}: one registry of schemes, found through the service loader. */
class StoreLocationsTest {
    @TempDir
    Path dir;

    @Test
    void theBuiltInBackendsAreRegisteredAndSayWhoOwnsThem() {
        assertThat(StoreLocations.backendOf("duckdb:/x/y.duckdb").ownedByOneProcess()).isTrue();
        assertThat(StoreLocations.backendOf("clickhouse:http://127.0.0.1:8123/db").ownedByOneProcess()).isFalse();
    }

    @Test
    void opensADuckDbLocation() throws Exception {
        try (ClickStore s = StoreLocations.open("duckdb:" + dir.resolve("a.duckdb"))) {
            assertThat(s.totals("ad-1", 0, 60_000).clicks()).isZero();
        }
    }

    @Test
    void unknownOrEmptyLocationsNameTheKnownSchemes() {
        assertThatThrownBy(() -> StoreLocations.open("mysql://db")).hasMessageContaining("unknown store location 'mysql://db'")
                .hasMessageContaining("duckdb:/path/file.duckdb").hasMessageContaining("clickhouse:http://host:8123/db");
        assertThatThrownBy(() -> StoreLocations.open(" ")).hasMessageContaining("empty");
    }

    @Test
    void aRegisteredBackendIsFoundByItsScheme() {
        StoreLocations.register(new StoreBackend() {
            @Override public String scheme() { return "testing"; }
            @Override public String example() { return "testing:x"; }
            @Override public boolean ownedByOneProcess() { return false; }
            @Override public ClickStore open(String location) { throw new IllegalArgumentException("opened " + location); }
        });
        assertThatThrownBy(() -> StoreLocations.open("testing:abc")).hasMessage("opened testing:abc");
    }

    @Test
    void describedLocationsHideOnlyThePassword() {
        assertThat(StoreLocations.describe("clickhouse:http://ch:8123/db?user=adclick&password=s3cret+%26x&timeout_ms=5"))
                .isEqualTo("clickhouse:http://ch:8123/db?user=adclick&password=***&timeout_ms=5");
        assertThat(StoreLocations.describe("clickhouse:http://ch:8123/db?password=p")).isEqualTo("clickhouse:http://ch:8123/db?password=***");
        assertThat(StoreLocations.describe("clickhouse:http://me:pw@ch:8123/db")).isEqualTo("clickhouse:http://me:***@ch:8123/db");
        assertThat(StoreLocations.describe("duckdb:/data/adclick.duckdb")).isEqualTo("duckdb:/data/adclick.duckdb");
        assertThatThrownBy(() -> StoreLocations.open("nosuch:x?password=hunter2")).hasMessageNotContaining("hunter2");
    }
}
