package dev.adclick.store.clickhouse;

import dev.adclick.store.ClickStore;
import dev.adclick.store.StoreBackend;
import dev.adclick.store.StoreUnavailableException;

/**
 * {@code clickhouse:http://host:8123/db[?user=U&password=P&timeout_ms=N]}, or sharded with
 * {@code ?cluster=NAME&shards=URL1,URL2} (see {@link ClickHouseLocation}); shared by many processes.
 */
public final class ClickHouseBackend implements StoreBackend {
    @Override public String scheme() { return "clickhouse"; }
    @Override public String example() { return "clickhouse:http://host:8123/db"; }
    @Override public boolean ownedByOneProcess() { return false; }

    @Override
    public ClickStore open(String location) throws StoreUnavailableException {
        return ClickHouseClickStore.open(location.substring("clickhouse:".length()));
    }
}
