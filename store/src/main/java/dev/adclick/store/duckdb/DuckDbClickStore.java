package dev.adclick.store.duckdb;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.store.AdClicks;
import dev.adclick.store.Bucket;
import dev.adclick.store.ClickStore;
import dev.adclick.store.Granularity;
import dev.adclick.store.PipelineStatus;
import dev.adclick.store.StoreUnavailableException;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * {@link ClickStore} on an embedded DuckDB file (the default store).
 *
 * <p>Writes go through the Appender into a staging table, are grouped by key (a statement that
 * holds one key twice would silently drop a row), and land in one
 * {@code INSERT … ON CONFLICT DO UPDATE … WHERE excluded.version > version}: per-row upserts are
 * about 1000× slower (docs/architecture.md, Libraries and facts). One writer at a time per database file in this JVM, across all
 * stores on that file; readers use a small pool of connections.
 */
public final class DuckDbClickStore implements ClickStore {
    private static final int READ_CONNECTIONS = 4;

    private final Path file;
    private final DuckDBConnection writer;
    /** Shared by every store on this file in this JVM (DuckDbDatabases#writeLock). */
    private final Object writeLock;
    private final BlockingQueue<DuckDBConnection> readers = new ArrayBlockingQueue<>(READ_CONNECTIONS);
    private volatile boolean closed;

    private DuckDbClickStore(Path file) throws SQLException {
        this.file = file;
        this.writer = DuckDbDatabases.acquire(file);
        this.writeLock = DuckDbDatabases.writeLock(file);
        synchronized (writeLock) {
            createSchema();
        }
        for (int i = 0; i < READ_CONNECTIONS; i++) readers.add((DuckDBConnection) writer.duplicate());
    }

    private void createSchema() throws SQLException {
        try (Statement s = writer.createStatement()) {
            s.execute(DuckDbSchema.CREATE_TABLE);
            s.execute(DuckDbSchema.CREATE_AD_INDEX);
            s.execute(DuckDbSchema.CREATE_STAGING);
            s.execute(DuckDbSchema.CREATE_STATUS);
        }
    }

    /**
     * Opens (creating if needed) the store in this DuckDB file. Within one JVM every store on the
     * same file shares one database.
     */
    public static DuckDbClickStore open(Path file) throws StoreUnavailableException {
        try {
            return new DuckDbClickStore(file);
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot open DuckDB file " + file + " (is another process using it?): " + e.getMessage(), e);
        }
    }

    @Override
    public void upsert(Collection<MinuteCount> rows) throws StoreUnavailableException {
        if (rows.isEmpty()) return;
        synchronized (writeLock) {
            checkOpen();
            try {
                writer.setAutoCommit(false);
                try (DuckDBAppender app = writer.createAppender(DuckDBConnection.DEFAULT_SCHEMA, DuckDbSchema.STAGING)) {
                    for (MinuteCount r : rows) {
                        app.beginRow();
                        app.append(r.adId());
                        app.append(r.minute());
                        for (CountColumn c : CountColumn.ALL) app.append(r.counts().get(c));
                        app.append(r.version());
                        app.endRow();
                    }
                }
                try (Statement s = writer.createStatement()) {
                    s.execute(DuckDbSchema.MERGE_STAGING);
                    s.execute("DELETE FROM " + DuckDbSchema.STAGING);
                }
                writer.commit();
            } catch (SQLException e) {
                rollbackQuietly();
                throw new StoreUnavailableException("DuckDB upsert of " + rows.size() + " rows failed: " + e.getMessage(), e);
            } finally {
                try {
                    writer.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // the next write starts with setAutoCommit(false) again
                }
            }
        }
    }

    @Override
    public List<Bucket> series(String adId, long from, long to, Granularity g) throws StoreUnavailableException {
        String sql = "SELECT (epoch_ms(minute) // ?) * ? AS bucket, " + DuckDbSchema.SUM_COUNTS
                + " FROM ad_clicks_minute WHERE ad_id = ? AND minute >= epoch_ms(?) AND minute < epoch_ms(?)"
                + " GROUP BY bucket ORDER BY bucket";
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, g.millis());
                ps.setLong(2, g.millis());
                ps.setString(3, adId);
                ps.setLong(4, from);
                ps.setLong(5, to);
                List<Bucket> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Counts counts = counts(rs, 2);
                        if (counts.isZero()) continue; // empty buckets are omitted
                        out.add(new Bucket(rs.getLong(1), counts));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Counts totals(String adId, long from, long to) throws StoreUnavailableException {
        String sql = "SELECT " + DuckDbSchema.SUM_COUNTS
                + " FROM ad_clicks_minute WHERE ad_id = ? AND minute >= epoch_ms(?) AND minute < epoch_ms(?)";
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, adId);
                ps.setLong(2, from);
                ps.setLong(3, to);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return counts(rs, 1);
                }
            }
        });
    }

    @Override
    public List<AdClicks> top(long from, long to, int limit, Collection<String> onlyAds) throws StoreUnavailableException {
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        if (onlyAds != null && onlyAds.isEmpty()) return List.of();
        StringBuilder sql = new StringBuilder("SELECT ad_id, " + DuckDbSchema.SUM_COUNTS + " FROM ad_clicks_minute"
                + " WHERE minute >= epoch_ms(?) AND minute < epoch_ms(?)");
        if (onlyAds != null) sql.append(" AND ad_id IN (").append("?,".repeat(onlyAds.size() - 1)).append("?)");
        sql.append(" GROUP BY ad_id HAVING sum(clicks) > 0 ORDER BY sum(clicks) DESC, ad_id LIMIT ?");
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setLong(i++, from);
                ps.setLong(i++, to);
                if (onlyAds != null) for (String ad : onlyAds) ps.setString(i++, ad);
                ps.setInt(i, limit);
                List<AdClicks> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new AdClicks(rs.getString(1), counts(rs, 2)));
                }
                return out;
            }
        });
    }

    @Override
    public List<MinuteCount> rows(long from, long to) throws StoreUnavailableException {
        String sql = "SELECT ad_id, epoch_ms(minute), " + CountColumn.join("", "") + ", version"
                + " FROM ad_clicks_minute WHERE minute >= epoch_ms(?) AND minute < epoch_ms(?) ORDER BY ad_id, minute";
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                List<MinuteCount> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new MinuteCount(rs.getString(1), rs.getLong(2), counts(rs, 3), rs.getLong(3 + CountColumn.ALL.size())));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void recordStatus(String writerId, PipelineStatus st) throws StoreUnavailableException {
        String sql = "INSERT INTO pipeline_status VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (writer_id) DO UPDATE SET"
                + " watermark = excluded.watermark, updated_at = excluded.updated_at, duplicates = excluded.duplicates,"
                + " invalid = excluded.invalid, too_late = excluded.too_late";
        synchronized (writeLock) {
            checkOpen();
            try (PreparedStatement ps = writer.prepareStatement(sql)) {
                ps.setString(1, writerId);
                ps.setLong(2, st.watermark());
                ps.setLong(3, st.updatedAt());
                ps.setLong(4, st.duplicates());
                ps.setLong(5, st.invalid());
                ps.setLong(6, st.tooLate());
                ps.execute();
            } catch (SQLException e) {
                throw new StoreUnavailableException("DuckDB status write failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Optional<PipelineStatus> status(long maxAgeMs) throws StoreUnavailableException {
        String sql = "SELECT min(watermark), max(updated_at), sum(duplicates), sum(invalid), sum(too_late), count(*)"
                + " FROM pipeline_status WHERE updated_at >= (SELECT max(updated_at) FROM pipeline_status) - ?";
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, maxAgeMs);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(6) == 0) return Optional.<PipelineStatus>empty();
                    return Optional.of(new PipelineStatus(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                }
            }
        });
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        synchronized (writeLock) {
            for (DuckDBConnection c : readers) closeQuietly(c);
            closeQuietly(writer);
        }
        DuckDbDatabases.release(file);
    }

    /** The count columns of a result row, starting at JDBC column {@code first}, in {@link CountColumn} order. */
    private static Counts counts(ResultSet rs, int first) throws SQLException {
        long[] values = new long[CountColumn.ALL.size()];
        for (int i = 0; i < values.length; i++) values[i] = rs.getLong(first + i);
        return Counts.of(values);
    }

    private interface ReadOp<T> {
        T apply(DuckDBConnection c) throws SQLException;
    }

    private <T> T read(ReadOp<T> op) throws StoreUnavailableException {
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
            throw new StoreUnavailableException("DuckDB query failed: " + e.getMessage(), e);
        } finally {
            readers.add(c);
        }
    }

    private void checkOpen() throws StoreUnavailableException {
        if (closed) throw new StoreUnavailableException("store " + file + " is closed", null);
    }

    private void rollbackQuietly() {
        try {
            writer.rollback();
        } catch (SQLException ignored) {
            // the failed transaction is discarded by DuckDB anyway
        }
    }

    private static void closeQuietly(DuckDBConnection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing
        }
    }
}
