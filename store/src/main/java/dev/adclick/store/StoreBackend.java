package dev.adclick.store;

/**
 * One kind of store location, named by its scheme ({@code duckdb:…}, {@code clickhouse:…}). A new
 * backend is a package implementing {@link ClickStore} plus one of these, listed in
 * {@code META-INF/services/dev.adclick.store.StoreBackend} (docs/architecture.md, "How to add a store backend").
 */
public interface StoreBackend {

    /** The scheme, without the colon, e.g. {@code duckdb}. */
    String scheme();

    /** An example location, for help and error messages, e.g. {@code duckdb:/path/file.duckdb}. */
    String example();

    /**
     * True when only one process can open a location at a time (DuckDB): other processes, such as
     * reconciliation, must go through the process that owns it (docs/architecture.md, "Embedded mode").
     */
    boolean ownedByOneProcess();

    /**
     * Opens the store.
     *
     * @param location the whole location, scheme included, never null
     * @throws IllegalArgumentException when the location is malformed
     */
    ClickStore open(String location) throws StoreUnavailableException;

    /** Opens only the rows (what reconciliation reads and corrects); by default the whole store. */
    default MinuteRows openRows(String location) throws StoreUnavailableException {
        return open(location);
    }
}
