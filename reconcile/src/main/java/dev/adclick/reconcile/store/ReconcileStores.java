package dev.adclick.reconcile.store;

import dev.adclick.store.MinuteRows;
import dev.adclick.store.ClickStores;
import dev.adclick.store.StoreUnavailableException;

/**
 * Opens the store to reconcile: {@code adclick+http://host:port} (through a running stack) here,
 * every other location ({@code duckdb:…}, {@code clickhouse:…}) through {@link ClickStores}.
 */
public final class ReconcileStores {
    private ReconcileStores() {}

    /**
     * @param adminKey admin key for {@code adclick+http}; ignored by the other backends, may be null
     */
    public static MinuteRows open(String location, String adminKey) throws StoreUnavailableException {
        if (location != null && location.startsWith(StackHttpClickStore.SCHEME)) {
            return StackHttpClickStore.open(location, adminKey);
        }
        return ClickStores.open(location);
    }
}
