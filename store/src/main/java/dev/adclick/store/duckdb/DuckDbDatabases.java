package dev.adclick.store.duckdb;

import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One open DuckDB database per file per JVM, shared and reference-counted.
 *
 * <p>DuckDB lets only one process open a file, and inside the embedded stack several parts of the
 * same JVM need it (the Flink sink, which Flink builds from a serialized copy, and the query API).
 * They all get connections duplicated from one root connection here, instead of each opening the
 * file, which would fail with a lock error.
 */
final class DuckDbDatabases {
    private static final Map<String, Entry> OPEN = new HashMap<>();

    /**
     * DuckDB checkpoints (moves the WAL's changes into the file) when its WAL passes this size. At
     * the default 16 MB the sink triggered one every few upserts at 1M ads, and each re-serializes
     * every ART index (primary key and {@code ad_id} index of five tables) whatever the change
     * (duckdb/duckdb#24848, open): with 1 GB the job carried 2.6× the events (docs/benchmarks.md,
     * 1M ads). The price is the WAL's replay when a killed process reopens the file, ~17 s for
     * 256 MB measured on the loaded 2-core machine, ~65 s at 1 GB: 256 MB keeps a restart short and
     * still checkpoints 16× less often. A clean close checkpoints as before.
     */
    static final String CHECKPOINT_THRESHOLD = "256MB";

    private DuckDbDatabases() {}

    private static final class Entry {
        final DuckDBConnection root;
        /** Serializes schema creation and writes of every store on this file (see {@link #writeLock}). */
        final Object writeLock = new Object();
        int users;

        Entry(DuckDBConnection root) {
            this.root = root;
        }
    }

    /** A new connection to the database at this path (":memory:" is not shared). */
    static synchronized DuckDBConnection acquire(Path file) throws SQLException {
        String key = file.toAbsolutePath().normalize().toString();
        Entry e = OPEN.get(key);
        if (e == null) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
            } catch (IOException io) {
                throw new SQLException("cannot create the directory of " + file + ": " + io.getMessage(), io);
            }
            DuckDBConnection root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + key);
            try (var s = root.createStatement()) {
                s.execute("SET checkpoint_threshold = '" + CHECKPOINT_THRESHOLD + "'"); // a database-wide setting
            } catch (SQLException ex) {
                root.close();
                throw ex;
            }
            e = new Entry(root);
            OPEN.put(key, e);
        }
        e.users++;
        return (DuckDBConnection) e.root.duplicate();
    }

    /**
     * The lock that all stores on this file take around schema changes and writes. Two writers on
     * one DuckDB database conflict (catalog write-write conflicts on CREATE, duplicate keys in the
     * shared staging table), and DuckDB resolves that by failing a transaction; taking turns is
     * cheaper than retrying. Only valid while the caller holds an acquisition.
     */
    static synchronized Object writeLock(Path file) {
        Entry e = OPEN.get(file.toAbsolutePath().normalize().toString());
        if (e == null) throw new IllegalStateException(file + " is not open");
        return e.writeLock;
    }

    /** Gives back one acquisition; the last one closes the database (flushing its WAL). */
    static synchronized void release(Path file) {
        String key = file.toAbsolutePath().normalize().toString();
        Entry e = OPEN.get(key);
        if (e == null) return;
        if (--e.users == 0) {
            OPEN.remove(key);
            try {
                e.root.close();
            } catch (SQLException ignored) {
                // closing a database that is going away; nothing useful to do
            }
        }
    }
}
