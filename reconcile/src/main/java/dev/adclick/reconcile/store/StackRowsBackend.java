package dev.adclick.reconcile.store;

import dev.adclick.store.ClickStore;
import dev.adclick.store.MinuteRows;
import dev.adclick.store.StoreBackend;

/**
 * {@code adclick+http://host:port}: the rows of a running stack, through its admin API, for when the
 * stack process owns the store file (docs/architecture.md, "Embedded mode and DuckDB ownership").
 */
public final class StackRowsBackend implements StoreBackend {
    private final String adminKey;

    /** @param adminKey the stack's admin key; may be null when no stack location is used */
    public StackRowsBackend(String adminKey) {
        this.adminKey = adminKey;
    }

    @Override public String scheme() { return "adclick+http"; }
    @Override public String example() { return "adclick+http://host:port"; }
    @Override public boolean ownedByOneProcess() { return false; }

    @Override
    public ClickStore open(String location) {
        throw new IllegalArgumentException(location + " serves reconciliation only (rows and corrections); queries go to the query API");
    }

    @Override
    public MinuteRows openRows(String location) {
        return StackRows.open(location, adminKey);
    }
}
