package dev.adclick.store.duckdb;

import dev.adclick.core.count.MinuteCount;
import dev.adclick.store.ClickStore;
import dev.adclick.store.ClickStoreContractTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link DuckDbClickStore}: the shared contract plus file sharing and durability. */
class DuckDbClickStoreTest extends ClickStoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected ClickStore openEmptyStore() throws Exception {
        return DuckDbClickStore.open(dir.resolve("clicks.duckdb"));
    }

    @Test
    void twoStoresOnOneFileInOneJvmShareTheDatabase() throws Exception {
        try (DuckDbClickStore second = DuckDbClickStore.open(dir.resolve("clicks.duckdb"))) {
            store.upsert(List.of(new MinuteCount("ad-1", T0, 3, 3, 0, 1)));
            assertThat(second.totals("ad-1", T0, T0 + MINUTE).clicks()).isEqualTo(3);
        }
        // closing one store leaves the other working
        assertThat(store.totals("ad-1", T0, T0 + MINUTE).clicks()).isEqualTo(3);
    }

    @Test
    void rowsSurviveClosingAndReopening() throws Exception {
        store.upsert(List.of(new MinuteCount("ad-1", T0, 3, 2, 1, 7)));
        store.close();
        store = DuckDbClickStore.open(dir.resolve("clicks.duckdb"));
        assertThat(store.rows(T0, T0 + MINUTE)).containsExactly(new MinuteCount("ad-1", T0, 3, 2, 1, 7));
    }
}
