package dev.adclick.store;

import dev.adclick.core.config.Setting;

/**
 * The store location setting. Kept apart from {@link StoreLocations} so that launchers (the loopback
 * cluster) can name it without loading any backend's classes.
 */
public final class StoreSettings {
    private StoreSettings() {}

    public static final Setting<String> STORE = Setting.text("store", null,
            "Where counts are stored: duckdb:/path/file.duckdb, clickhouse:http://host:8123/db, or sharded"
                    + " clickhouse:http://ch1:8123/db?cluster=NAME&shards=URL1,URL2. Unset in ./adclick run: duckdb:<data.dir>/adclick.duckdb.",
            v -> v.matches("[a-z][a-z0-9+.-]*:.+"), "scheme:location, e.g. duckdb:/path/file.duckdb or clickhouse:http://host:8123/db");
}
