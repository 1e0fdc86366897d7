package dev.adclick.store.duckdb;

import dev.adclick.store.StoreUnavailableException;
import org.duckdb.DuckDBConnection;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The connections of one store on one DuckDB file: a writer that takes turns with every other
 * store on the file in this JVM ({@link DuckDbDatabases#writeLock}), and a small pool of readers.
 * The count and reach tables share them. Each reader keeps its prepared statements by SQL text
 * ({@link #prepared}): DuckDB's parse, bind and plan of a read cost about as much as running a
 * one-ad read (issue 15's profile), and a read's text repeats (only its {@code ?} values change).
 */
final class DuckDbConnections implements AutoCloseable {
    private static final int READ_CONNECTIONS = 4;
    /**
     * Prepared statements kept per reader, least recently used dropped first: a read's text depends
     * on its read plan's shape (parts, filter, a list of ads), so a few dozen cover the API's reads.
     */
    private static final int STATEMENTS_PER_READER = 64;

    interface Op<T> {
        T apply(DuckDBConnection c) throws SQLException;
    }

    /** Several writes of this store, each its own {@link #transaction} call, run by {@link #atomically}. */
    interface Writes {
        void run() throws StoreUnavailableException;
    }

    private final Path file;
    private final DuckDBConnection writer;
    private final Object writeLock;
    private final BlockingQueue<DuckDBConnection> readers = new ArrayBlockingQueue<>(READ_CONNECTIONS);
    /**
     * Per reader, its statements; a reader's map is used only by the thread that took the reader
     * from {@link #readers} (the queue's hand-over orders the accesses), so it needs no lock.
     */
    private final Map<DuckDBConnection, Map<String, PreparedStatement>> statements = new IdentityHashMap<>();
    private volatile boolean closed;
    /** Inside {@link #atomically} (read and written under the write lock): transactions join the open one. */
    private boolean joined;

    DuckDbConnections(Path file) throws SQLException {
        this.file = file;
        this.writer = DuckDbDatabases.acquire(file);
        this.writeLock = DuckDbDatabases.writeLock(file);
        for (int i = 0; i < READ_CONNECTIONS; i++) {
            DuckDBConnection reader = (DuckDBConnection) writer.duplicate();
            readers.add(reader);
            statements.put(reader, new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                    if (size() <= STATEMENTS_PER_READER) return false;
                    closeQuietly(eldest.getValue());
                    return true;
                }
            });
        }
    }

    Path file() {
        return file;
    }

    /** Runs {@code op} on the writer, holding the file's write lock, in autocommit mode. */
    <T> T write(String what, Op<T> op) throws StoreUnavailableException {
        synchronized (writeLock) {
            checkOpen();
            try {
                return op.apply(writer);
            } catch (SQLException e) {
                throw new StoreUnavailableException("DuckDB " + what + " failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Runs {@code writes} as one transaction: each {@link #transaction} they call joins it, and all
     * of it is rolled back if any throws (reconciliation's corrections and its seal, MinuteRows#seal).
     */
    void atomically(String what, Writes writes) throws StoreUnavailableException {
        synchronized (writeLock) {
            checkOpen();
            try {
                writer.setAutoCommit(false);
                joined = true;
                writes.run();
                writer.commit();
            } catch (SQLException e) {
                rollbackQuietly(writer);
                throw new StoreUnavailableException("DuckDB " + what + " failed: " + e.getMessage(), e);
            } catch (StoreUnavailableException | RuntimeException e) {
                rollbackQuietly(writer);
                throw e;
            } finally {
                joined = false;
                try {
                    writer.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // the next transaction starts with setAutoCommit(false) again
                }
            }
        }
    }

    /** Runs {@code op} on the writer in one transaction, rolled back if it throws (inside {@link #atomically}: in its transaction). */
    <T> T transaction(String what, Op<T> op) throws StoreUnavailableException {
        synchronized (writeLock) {
            if (joined) return write(what, op);
        }
        return write(what, c -> {
            c.setAutoCommit(false);
            try {
                T result = op.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // the next transaction starts with setAutoCommit(false) again
                }
            }
        });
    }

    <T> T read(Op<T> op) throws StoreUnavailableException {
        checkOpen();
        DuckDBConnection c;
        try {
            c = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for a DuckDB connection", e);
        }
        try {
            return op.apply(c);
        } catch (SQLException e) {
            forgetStatements(c); // a failed execution may leave its statement unusable: prepare afresh
            throw new StoreUnavailableException("DuckDB query failed: " + e.getMessage(), e);
        } finally {
            readers.add(c);
        }
    }

    /**
     * The statement {@code sql} prepared on reader {@code c} (inside {@link #read}), prepared once
     * and kept: the caller binds every parameter, runs it and closes its result set, never the
     * statement. DuckDB re-binds a kept statement itself if the schema changed since.
     */
    PreparedStatement prepared(DuckDBConnection c, String sql) throws SQLException {
        Map<String, PreparedStatement> kept = statements.get(c);
        PreparedStatement ps = kept.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            kept.put(sql, ps);
        }
        return ps;
    }

    private void forgetStatements(DuckDBConnection c) {
        Map<String, PreparedStatement> kept = statements.get(c);
        kept.values().forEach(DuckDbConnections::closeQuietly);
        kept.clear();
    }

    void checkOpen() throws StoreUnavailableException {
        if (closed) throw new StoreUnavailableException("store " + file + " is closed", null);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        synchronized (writeLock) {
            for (DuckDBConnection c : readers) {
                forgetStatements(c);
                closeQuietly(c);
            }
            closeQuietly(writer);
        }
        DuckDbDatabases.release(file);
    }

    private static void rollbackQuietly(DuckDBConnection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the failed transaction is discarded by DuckDB anyway
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing
        }
    }
}
