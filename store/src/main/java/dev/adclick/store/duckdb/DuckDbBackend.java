package dev.adclick.store.duckdb;

import dev.adclick.store.ClickStore;
import dev.adclick.store.StoreBackend;
import dev.adclick.store.StoreUnavailableException;

import java.nio.file.Path;

/** {@code duckdb:/path/file.duckdb}: an embedded DuckDB file, which one process owns. */
public final class DuckDbBackend implements StoreBackend {
    @Override public String scheme() { return "duckdb"; }
    @Override public String example() { return "duckdb:/path/file.duckdb"; }
    @Override public boolean ownedByOneProcess() { return true; }

    @Override
    public ClickStore open(String location) throws StoreUnavailableException {
        return DuckDbClickStore.open(Path.of(location.substring("duckdb:".length())));
    }
}
