package dev.adclick.store.duckdb;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.store.AdCounts;
import dev.adclick.store.Bucket;
import dev.adclick.store.ClickStore;
import dev.adclick.store.Granularity;
import dev.adclick.store.PipelineStatus;
import dev.adclick.store.StoreUnavailableException;
import dev.adclick.store.TopOrder;
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
import java.util.HashSet;
import java.util.Set;

/**
 * {@link ClickStore} on an embedded DuckDB file (the default store).
 *
 * <p>Writes go through the Appender into a staging table, are grouped by key (a statement that
 * holds one key twice would silently drop a row), and land in one
 * {@code INSERT … ON CONFLICT DO UPDATE … WHERE excluded.version > version}: per-row upserts are
 * about 1000× slower (docs/architecture.md, Libraries and facts). One writer at a time per database file in this JVM, across all
 * stores on that file; readers use a small pool of connections ({@link DuckDbConnections}). Reach
 * rows live in {@link DuckDbReach}.
 */
public final class DuckDbClickStore implements ClickStore {
    private final DuckDbConnections db;
    private final DuckDbReach reach;

    private DuckDbClickStore(Path file) throws SQLException, StoreUnavailableException {
        this.db = new DuckDbConnections(file);
        this.reach = new DuckDbReach(db);
        try {
            db.write("schema creation", c -> {
                createSchema(c);
                return null;
            });
        } catch (StoreUnavailableException e) {
            db.close();
            throw e;
        }
    }

    private static void createSchema(DuckDBConnection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(DuckDbSchema.CREATE_TABLE);
            addMissingColumns(s);
            s.execute(DuckDbSchema.CREATE_AD_INDEX);
            s.execute(DuckDbSchema.DROP_STAGING);
            s.execute(DuckDbSchema.CREATE_STAGING);
            s.execute(DuckDbSchema.CREATE_STATUS);
            addMissingStatusColumn(s);
            DuckDbReach.createSchema(s);
        }
    }

    /** A file written before a count column existed gets it, 0 in every row (docs/architecture.md, store table). */
    private static void addMissingColumns(Statement s) throws SQLException {
        Set<String> existing = new HashSet<>();
        try (ResultSet rs = s.executeQuery(DuckDbSchema.EXISTING_COLUMNS)) {
            while (rs.next()) existing.add(rs.getString(1));
        }
        List<CountColumn> missing = CountColumn.ALL.stream().filter(c -> !existing.contains(c.column())).toList();
        if (missing.isEmpty()) return;
        s.execute(DuckDbSchema.DROP_AD_INDEX);
        for (CountColumn c : missing) s.execute(DuckDbSchema.addColumn(c));
    }

    /** A status table written before the event → visible figure gets its column (NULL, read as unknown). */
    private static void addMissingStatusColumn(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery(DuckDbSchema.STATUS_COLUMNS)) {
            while (rs.next()) if (rs.getString(1).equals(DuckDbSchema.VISIBLE_LAG)) return;
        }
        s.execute(DuckDbSchema.ADD_VISIBLE_LAG);
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
        db.transaction("upsert of " + rows.size() + " rows", c -> {
            try (DuckDBAppender app = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, DuckDbSchema.STAGING)) {
                for (MinuteCount r : rows) {
                    app.beginRow();
                    app.append(r.adId());
                    app.append(r.minute());
                    for (CountColumn col : CountColumn.ALL) app.append(r.counts().get(col));
                    app.append(r.version());
                    app.endRow();
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute(DuckDbSchema.MERGE_STAGING);
                s.execute("DELETE FROM " + DuckDbSchema.STAGING);
            }
            return null;
        });
    }

    @Override
    public void upsertReach(Collection<HourReach> rows) throws StoreUnavailableException {
        reach.upsert(rows);
    }

    @Override
    public List<HourReach> reachRows(long from, long to) throws StoreUnavailableException {
        return reach.rows(from, to);
    }

    @Override
    public UniqueUsers reach(Collection<String> adIds, long from, long to) throws StoreUnavailableException {
        return reach.users(adIds, from, to);
    }

    @Override
    public List<Bucket> series(String adId, long from, long to, Granularity g) throws StoreUnavailableException {
        String sql = "SELECT (epoch_ms(minute) // ?) * ? AS bucket, " + DuckDbSchema.SUM_COUNTS
                + " FROM ad_clicks_minute WHERE ad_id = ? AND minute >= epoch_ms(?) AND minute < epoch_ms(?)"
                + " GROUP BY bucket ORDER BY bucket";
        return db.read(c -> {
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
        return db.read(c -> {
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
    public List<AdCounts> top(long from, long to, int limit, Collection<String> onlyAds, TopOrder by, long minImpressions)
            throws StoreUnavailableException {
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        if (onlyAds != null && onlyAds.isEmpty()) return List.of();
        StringBuilder sql = new StringBuilder("SELECT ad_id, " + DuckDbSchema.SUM_COUNTS + " FROM ad_clicks_minute"
                + " WHERE minute >= epoch_ms(?) AND minute < epoch_ms(?)");
        if (onlyAds != null) sql.append(" AND ad_id IN (").append("?,".repeat(onlyAds.size() - 1)).append("?)");
        sql.append(" GROUP BY ad_id HAVING ").append(by.having(DuckDbClickStore::sum, minImpressions))
                .append(" ORDER BY ").append(by.orderBy(DuckDbClickStore::sum)).append(", ad_id LIMIT ?");
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setLong(i++, from);
                ps.setLong(i++, to);
                if (onlyAds != null) for (String ad : onlyAds) ps.setString(i++, ad);
                ps.setInt(i, limit);
                List<AdCounts> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new AdCounts(rs.getString(1), counts(rs, 2)));
                }
                return out;
            }
        });
    }

    private static String sum(CountColumn c) {
        return "sum(" + c.column() + ")";
    }

    @Override
    public List<MinuteCount> rows(long from, long to) throws StoreUnavailableException {
        String sql = "SELECT ad_id, epoch_ms(minute), " + CountColumn.join("", "") + ", version"
                + " FROM ad_clicks_minute WHERE minute >= epoch_ms(?) AND minute < epoch_ms(?) ORDER BY ad_id, minute";
        return db.read(c -> {
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
        String sql = "INSERT INTO pipeline_status (writer_id, watermark, updated_at, duplicates, invalid, too_late, "
                + DuckDbSchema.VISIBLE_LAG + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (writer_id) DO UPDATE SET"
                + " watermark = excluded.watermark, updated_at = excluded.updated_at, duplicates = excluded.duplicates,"
                + " invalid = excluded.invalid, too_late = excluded.too_late, "
                + DuckDbSchema.VISIBLE_LAG + " = excluded." + DuckDbSchema.VISIBLE_LAG;
        db.write("status write", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, writerId);
                ps.setLong(2, st.watermark());
                ps.setLong(3, st.updatedAt());
                ps.setLong(4, st.duplicates());
                ps.setLong(5, st.invalid());
                ps.setLong(6, st.tooLate());
                if (st.visibleLagKnown()) ps.setLong(7, st.visibleLagMs());
                else ps.setNull(7, java.sql.Types.BIGINT);
                return ps.execute();
            }
        });
    }

    @Override
    public Optional<PipelineStatus> status(long maxAgeMs) throws StoreUnavailableException {
        // the worst event → visible lag of the live writers that measured one (NULL: none did)
        String sql = "SELECT min(watermark), max(updated_at), sum(duplicates), sum(invalid), sum(too_late), count(*),"
                + " coalesce(max(CASE WHEN " + DuckDbSchema.VISIBLE_LAG + " >= 0 THEN " + DuckDbSchema.VISIBLE_LAG + " END), "
                + PipelineStatus.UNKNOWN_LAG + ")"
                + " FROM pipeline_status WHERE updated_at >= (SELECT max(updated_at) FROM pipeline_status) - ?";
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, maxAgeMs);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(6) == 0) return Optional.<PipelineStatus>empty();
                    return Optional.of(new PipelineStatus(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(7)));
                }
            }
        });
    }

    @Override
    public void close() {
        db.close();
    }

    /** The count columns of a result row, starting at JDBC column {@code first}, in {@link CountColumn} order. */
    private static Counts counts(ResultSet rs, int first) throws SQLException {
        long[] values = new long[CountColumn.ALL.size()];
        for (int i = 0; i < values.length; i++) values[i] = rs.getLong(first + i);
        return Counts.of(values);
    }
}
