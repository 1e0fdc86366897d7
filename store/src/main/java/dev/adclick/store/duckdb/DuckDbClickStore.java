package dev.adclick.store.duckdb;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.store.AdCounts;
import dev.adclick.store.BreakdownRow;
import dev.adclick.store.Bucket;
import dev.adclick.store.ClickStore;
import dev.adclick.store.CountTable;
import dev.adclick.store.Granularity;
import dev.adclick.store.PeriodSeal;
import dev.adclick.store.PipelineStatus;
import dev.adclick.store.RollupVersions;
import dev.adclick.store.StoreUnavailableException;
import dev.adclick.store.TopOrder;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * {@link ClickStore} on an embedded DuckDB file (the default store).
 *
 * <p>Writes go through the Appender into a staging table, are grouped by key (a statement that
 * holds one key twice would silently drop a row), and land in one
 * {@code INSERT … ON CONFLICT DO UPDATE … WHERE excluded.version > version}: per-row upserts are
 * about 1000× slower (docs/architecture.md, Libraries and facts). The same transaction adds the
 * rows' increments to their hour and day rollups ({@link DuckDbRollupDeltas}). Reads are in {@link DuckDbReads}. One writer at a time per database file in this JVM, across all
 * stores on that file; readers use a small pool of connections ({@link DuckDbConnections}). Reach
 * rows live in {@link DuckDbReach}.
 */
public final class DuckDbClickStore implements ClickStore {
    /** The rollups, each computed from the one before it (hours from minutes, days from hours). */
    static final List<CountTable> ROLLUPS = List.of(CountTable.HOUR, CountTable.DAY);
    /** The table of the minute total rows (a bulk loader writes them there, the breakdown rows into {@code ad_clicks_minute}). */
    public static final String MINUTE_TOTALS_TABLE = DuckDbSchema.TOTALS;

    private final DuckDbConnections db;
    private final DuckDbReach reach;
    private final DuckDbReads reads;

    private DuckDbClickStore(Path file) throws SQLException, StoreUnavailableException {
        this.db = new DuckDbConnections(file);
        this.reach = new DuckDbReach(db);
        this.reads = new DuckDbReads(db);
        try {
            db.transaction("schema creation", c -> {
                createSchema(c);
                return null;
            });
            DuckDbTotalsMigration.run(db); // after the schema transaction: in slices, each its own
        } catch (StoreUnavailableException e) {
            db.close();
            throw e;
        }
    }

    /** Creates what is missing and migrates a file of an earlier version, in one transaction ({@link DuckDbMigration}). */
    private static void createSchema(DuckDBConnection c) throws SQLException {
        DuckDbMigration.migrate(c);
        try (Statement s = c.createStatement()) {
            for (CountTable t : CountTable.values()) {
                s.execute(DuckDbSchema.createTable(t));
                s.execute(DuckDbSchema.createAdIndex(t));
            }
            s.execute(DuckDbSchema.createTable(CountTable.MINUTE, DuckDbSchema.TOTALS));
            s.execute(DuckDbSchema.createAdIndex(DuckDbSchema.TOTALS));
            s.execute(DuckDbSchema.DROP_STAGING);
            s.execute(DuckDbSchema.CREATE_STAGING);
            s.execute(DuckDbRollupDeltas.DROP);
            s.execute(DuckDbRollupDeltas.CREATE);
            s.execute(DuckDbSchema.CREATE_STATUS);
            addMissingStatusColumn(s);
            DuckDbReach.createSchema(s);
            DuckDbSeals.createSchema(s);
        }
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

    /**
     * One transaction: the rows into staging (Appender), merged by key and version into the minute
     * tables (total rows into their own, {@link #MINUTE_TOTALS_TABLE}), and what each row adds to its
     * minute added to its hour and day rollups ({@link DuckDbRollupDeltas}), so a reader sees the
     * minutes and their rollups change together.
     */
    @Override
    public void upsert(Collection<MinuteCount> rows) throws StoreUnavailableException {
        if (rows.isEmpty()) return;
        long first = rows.stream().mapToLong(MinuteCount::minute).min().getAsLong();
        long last = rows.stream().mapToLong(MinuteCount::minute).max().getAsLong();
        db.transaction("upsert of " + rows.size() + " rows", c -> {
            try (DuckDBAppender app = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, DuckDbSchema.STAGING)) {
                for (MinuteCount r : rows) {
                    app.beginRow();
                    app.append(r.adId());
                    app.append(r.minute());
                    for (Dimension d : Dimension.values()) app.append(r.dims().get(d));
                    for (CountColumn col : CountColumn.ALL) app.append(r.counts().get(col));
                    app.append(r.version());
                    app.endRow();
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute(DuckDbSeals.DROP_SEALED_ROWS); // a sealed period takes no lower version (PeriodSeal)
                s.execute(DuckDbRollupDeltas.KEEP_HIGHEST_STAGED);
            }
            try (PreparedStatement ps = c.prepareStatement(DuckDbRollupDeltas.COMPUTE)) { // before the merges: it reads the stored rows
                for (int i = 1; i <= 4; i += 2) {
                    ps.setLong(i, first);
                    ps.setLong(i + 1, last);
                }
                ps.execute();
            }
            try (Statement s = c.createStatement()) {
                s.execute(DuckDbSchema.MERGE_STAGING);
                s.execute(DuckDbSchema.MERGE_TOTALS); // the total rows have their own table (DuckDbSchema.TOTALS)
                long clock = RollupVersions.clock();
                for (CountTable rollup : ROLLUPS) s.execute(DuckDbRollupDeltas.addTo(rollup, clock));
                s.execute("DELETE FROM " + DuckDbSchema.STAGING);
                s.execute(DuckDbRollupDeltas.CLEAR);
            }
            return null;
        });
    }

    /**
     * Maintenance for a bulk loader that wrote the minute tables by SQL, bypassing
     * {@link #upsert} (bench/query): rebuilds both rollup tables from the minute rows with the
     * store's rollup statement, in slices of a few million rows, one transaction each
     * ({@link DuckDbRollupRebuild}), so afterwards every hour and day row is the sum of its minutes
     * and no other row is left. Not atomic: run it before readers arrive.
     */
    public void rebuildRollups() throws StoreUnavailableException {
        rebuildRollups(line -> {});
    }

    /** {@link #rebuildRollups()}, telling {@code progress} after each slice. */
    public void rebuildRollups(java.util.function.Consumer<String> progress) throws StoreUnavailableException {
        rebuildRollups(DuckDbRollupRebuild.SLICE_ROWS, progress);
    }

    void rebuildRollups(long sliceRows, java.util.function.Consumer<String> progress) throws StoreUnavailableException {
        new DuckDbRollupRebuild(db, sliceRows, progress).run(ROLLUPS);
    }

    /** Computes every hour row from the minutes, then every day row from the hours, in the caller's transaction (the migration). */
    static void rebuildRollups(Statement s) throws SQLException {
        for (CountTable rollup : ROLLUPS) s.execute(DuckDbSchema.recomputeAll(rollup, RollupVersions.clock()));
    }

    @Override
    public void upsertReach(Collection<HourReach> rows) throws StoreUnavailableException {
        reach.upsert(rows);
    }

    /** The rows, the reach rows and the seal in one transaction ({@link DuckDbConnections#atomically}). */
    @Override
    public void seal(PeriodSeal seal, Collection<MinuteCount> rows, Collection<HourReach> reachRows) throws StoreUnavailableException {
        db.atomically("reconciled write of " + rows.size() + " rows and " + reachRows.size() + " reach rows with the " + seal, () -> {
            upsert(rows);
            reach.upsert(reachRows);
            DuckDbSeals.record(db, seal);
        });
    }

    @Override
    public List<PeriodSeal> seals(long from, long to) throws StoreUnavailableException {
        return DuckDbSeals.overlapping(db, from, to);
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
    public List<Bucket> series(String adId, long from, long to, Granularity g, DimensionFilter filter) throws StoreUnavailableException {
        return reads.series(adId, from, to, g, filter);
    }

    @Override
    public Counts totalsOf(Collection<String> onlyAds, long from, long to, DimensionFilter filter) throws StoreUnavailableException {
        return reads.totals(onlyAds, from, to, filter);
    }

    @Override
    public List<AdCounts> top(long from, long to, int limit, Collection<String> onlyAds, TopOrder by, long minImpressions,
                              DimensionFilter filter) throws StoreUnavailableException {
        return reads.top(from, to, limit, onlyAds, by, minImpressions, filter);
    }

    @Override
    public List<BreakdownRow> breakdown(String adId, long from, long to, Dimension by, DimensionFilter filter)
            throws StoreUnavailableException {
        return reads.breakdown(adId, from, to, by, filter);
    }

    @Override
    public List<MinuteCount> rows(long from, long to) throws StoreUnavailableException {
        return reads.rows(from, to);
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
}
