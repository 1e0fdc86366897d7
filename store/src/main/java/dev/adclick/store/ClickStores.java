package dev.adclick.store;

import dev.adclick.store.clickhouse.ClickHouseClickStore;
import dev.adclick.store.duckdb.DuckDbClickStore;

import java.nio.file.Path;

/**
 * Opens a {@link ClickStore} from a location string, so that jobs and services can be pointed at
 * a backend by configuration alone:
 * <ul>
 *   <li>{@code duckdb:/path/to/file.duckdb} — embedded DuckDB (the default)</li>
 *   <li>{@code clickhouse:http://host:8123/database} — ClickHouse over HTTP; optional
 *       {@code ?user=U&password=P&timeout_ms=N}; the database and tables are created if missing</li>
 *   <li>{@code clickhouse:http://ch1:8123/db?cluster=NAME&shards=http://ch1:8123,http://ch2:8123} —
 *       sharded ClickHouse behind a {@code Distributed} table (see store/DISCUSSION.md)</li>
 * </ul>
 */
public final class ClickStores {
    private ClickStores() {}

    public static ClickStore open(String location) throws StoreUnavailableException {
        if (location == null || location.isBlank()) throw new IllegalArgumentException("store location is empty; use duckdb:/path/file.duckdb or clickhouse:http://host:8123/db");
        if (location.startsWith("duckdb:")) {
            return DuckDbClickStore.open(Path.of(location.substring("duckdb:".length())));
        }
        if (location.startsWith("clickhouse:")) {
            return ClickHouseClickStore.open(location.substring("clickhouse:".length()));
        }
        throw new IllegalArgumentException("unknown store location '" + location
                + "'; use duckdb:/path/file.duckdb or clickhouse:http://host:8123/db");
    }
}
