package dev.adclick.store.duckdb;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.store.CountTable;
import dev.adclick.store.RollupVersions;

import java.util.stream.Collectors;

/** The DuckDB DDL, the merge and the rollup statements, in one place; the columns come from {@link CountColumn} and {@link CountTable}. */
final class DuckDbSchema {
    static final String TABLE = CountTable.MINUTE.table();
    static final String STAGING = "ad_clicks_minute_staging";
    /** The new table a legacy {@code ad_clicks_minute} is copied into before it takes its name (DuckDbMigration). */
    static final String MIGRATING = "ad_clicks_minute_migrating";
    /**
     * The minute TOTAL rows, apart from the breakdown rows in {@link #TABLE} (docs/architecture.md,
     * store tables, DuckDB): a read of totals (series, totals, top without a filter) fetches only
     * them, 1 row in ~6 of the minute rows. Same shape as {@link #TABLE} ({@link #createTable}),
     * its dimensions always {@code *}. Written with the breakdown rows in one transaction.
     */
    static final String TOTALS = "ad_clicks_minute_total";

    /** Every count table has this shape (docs/architecture.md, store tables): key, dimensions, counts, version. */
    static String createTable(CountTable t, String name) {
        return "CREATE TABLE IF NOT EXISTS " + name + " ("
                + " ad_id VARCHAR NOT NULL,"
                + " " + t.timeColumn() + " TIMESTAMP NOT NULL, "
                + CountTable.DIMENSION_COLUMNS.stream().map(c -> c + " VARCHAR NOT NULL, ").collect(Collectors.joining())
                + CountColumn.join("", " BIGINT NOT NULL") + ","
                + " version BIGINT NOT NULL,"
                + " PRIMARY KEY (" + t.keyColumns() + "))";
    }

    static String createTable(CountTable t) {
        return createTable(t, t.table());
    }

    /**
     * Per-ad reads (one ad's series) would scan the whole table otherwise: the stream writes rows
     * in time order, and DuckDB uses neither the composite primary key nor zone maps for an
     * {@code ad_id = ?} filter on such data. Measured on 10M rows: 69 ms → 26 ms p50 (docs/benchmarks.md).
     */
    static String createAdIndex(CountTable t) {
        return createAdIndex(t.table());
    }

    static String createAdIndex(String table) {
        return "CREATE INDEX IF NOT EXISTS " + table + "_by_ad ON " + table + " (ad_id)";
    }

    static String dropAdIndex(CountTable t) {
        return "DROP INDEX IF EXISTS " + t.table() + "_by_ad";
    }

    /**
     * Count columns that a table written by an earlier version lacks, added when a store opens it
     * (DuckDB refuses ALTER on a table with an index, so the ad index is dropped and rebuilt around it;
     * only missing columns are added: DuckDB has no NOT NULL column with IF NOT EXISTS).
     */
    static String addColumn(CountColumn c) {
        return "ALTER TABLE " + TABLE + " ADD COLUMN " + c.column() + " BIGINT NOT NULL DEFAULT 0";
    }

    static final String EXISTING_COLUMNS = "SELECT column_name FROM information_schema.columns WHERE table_name = '" + TABLE + "'";

    static final String REACH_TABLE = "ad_reach_hour";
    static final String REACH_STAGING = "ad_reach_hour_staging";
    static final String CREATE_REACH = "CREATE TABLE IF NOT EXISTS " + REACH_TABLE + " ("
            + " ad_id VARCHAR NOT NULL, hour TIMESTAMP NOT NULL, sketch BLOB NOT NULL, version BIGINT NOT NULL,"
            + " PRIMARY KEY (ad_id, hour))";
    static final String DROP_REACH_STAGING = "DROP TABLE IF EXISTS " + REACH_STAGING;
    static final String CREATE_REACH_STAGING = "CREATE TABLE " + REACH_STAGING + " ("
            + " ad_id VARCHAR, hour_ms BIGINT, sketch BLOB, version BIGINT)";
    /** Same rule as {@link #MERGE_STAGING}: highest version per key in the batch, then only if higher than stored. */
    static final String MERGE_REACH_STAGING = "INSERT INTO " + REACH_TABLE
            + " SELECT ad_id, epoch_ms(hour_ms), sketch, version FROM ("
            + "   SELECT *, row_number() OVER (PARTITION BY ad_id, hour_ms ORDER BY version DESC) AS rn FROM " + REACH_STAGING
            + " ) WHERE rn = 1"
            + " ON CONFLICT (ad_id, hour) DO UPDATE SET sketch = excluded.sketch, version = excluded.version"
            + " WHERE excluded.version > " + REACH_TABLE + ".version";

    static final String CREATE_STATUS = "CREATE TABLE IF NOT EXISTS pipeline_status ("
            + " writer_id VARCHAR PRIMARY KEY, watermark BIGINT, updated_at BIGINT,"
            + " duplicates BIGINT, invalid BIGINT, too_late BIGINT, " + DuckDbSchema.VISIBLE_LAG + " BIGINT)";

    /** The event → visible figure ({@code PipelineStatus.visibleLagMs}); files written before it get the column (NULL = unknown). */
    static final String VISIBLE_LAG = "visible_lag_ms";
    static final String STATUS_COLUMNS = "SELECT column_name FROM information_schema.columns WHERE table_name = 'pipeline_status'";
    static final String ADD_VISIBLE_LAG = "ALTER TABLE pipeline_status ADD COLUMN " + VISIBLE_LAG + " BIGINT";

    /**
     * Staging rows carry the minute as epoch ms; the merge converts it. Column order = appender order.
     * Staging is empty outside a write, so it is dropped and created afresh on open: its columns
     * then always follow {@link CountColumn}, also in a file written by an earlier version.
     */
    static final String DROP_STAGING = "DROP TABLE IF EXISTS " + STAGING;
    static final String CREATE_STAGING = createStaged(STAGING);

    /** A table of staged minute rows, {@link #STAGING}'s shape (also the rollup deltas', {@link DuckDbRollupDeltas}). */
    static String createStaged(String name) {
        return "CREATE TABLE " + name + " ("
                + " ad_id VARCHAR, minute_ms BIGINT, " + CountTable.DIMENSION_COLUMNS.stream().map(c -> c + " VARCHAR, ").collect(Collectors.joining())
                + CountColumn.join("", " BIGINT") + ", version BIGINT)";
    }

    /** The value columns of every count table, after the key: {@code clicks, …, version}. */
    static final String VALUE_COLUMNS = CountColumn.join("", "") + ", version";

    /**
     * Names the columns: in a migrated file the added count columns come after {@code version}.
     * Staging holds one row per key by then ({@link DuckDbRollupDeltas#KEEP_HIGHEST_STAGED}: DuckDB
     * drops rows when one statement holds a key twice); a row replaces the stored one only if its
     * version is higher.
     */
    static final String MERGE_STAGING = merge(TABLE, false);

    /** The staged total rows into {@link #TOTALS}, by the same rule as {@link #MERGE_STAGING}. */
    static final String MERGE_TOTALS = merge(TOTALS, true);

    /** The staged total rows ({@code totals}) or breakdown rows into {@code table}, by the rule of {@link #MERGE_STAGING}. */
    private static String merge(String table, boolean totals) {
        return "INSERT INTO " + table + " (" + CountTable.MINUTE.keyColumns() + ", " + VALUE_COLUMNS + ")"
                + " SELECT ad_id, epoch_ms(minute_ms), " + CountTable.dimensionColumns() + ", " + VALUE_COLUMNS + " FROM " + STAGING
                + " WHERE " + rowsOf(totals) + onVersionConflict(table);
    }

    /** A row replaces the stored one of its key in a minute table only if its version is higher. */
    static String onVersionConflict(String table) {
        return " ON CONFLICT (" + CountTable.MINUTE.keyColumns() + ") DO UPDATE SET "
                + CountColumn.joined(", ", c -> c.column() + " = excluded." + c.column()) + ", version = excluded.version"
                + " WHERE excluded.version > " + table + ".version";
    }

    /** The total rows ({@code placement = '*'}) or the breakdown rows: {@link Dimensions} puts {@code *} in all dimensions or none. */
    static String rowsOf(boolean totals) {
        return Dimension.PLACEMENT.field() + (totals ? " = '" : " <> '") + Dimensions.ALL + "'";
    }

    /** The minute table that holds the total rows ({@code totals}) or the breakdown rows. */
    static String minuteTable(boolean totals) {
        return totals ? TOTALS : TABLE;
    }

    /**
     * The rows of {@code source} a rollup is computed from, as a {@code FROM} item: for the minutes
     * both minute tables ({@code totals} null), or the one of the total or breakdown rows; the
     * columns are named, as a migrated {@link #TABLE} has its later count columns after version.
     */
    static String sourceRows(CountTable source, Boolean totals) {
        if (source != CountTable.MINUTE) return source.table();
        if (totals != null) return minuteTable(totals);
        String columns = CountTable.MINUTE.keyColumns() + ", " + VALUE_COLUMNS;
        return "(SELECT " + columns + " FROM " + TOTALS + " UNION ALL SELECT " + columns + " FROM " + TABLE + ")";
    }

    /** Every row of a rollup, from the whole table one step finer (a migration has no staged keys). */
    static String recomputeAll(CountTable rollup, long clock) {
        return rollup(rollup, clock, null, "") + onConflict(rollup);
    }

    /**
     * The rows of a rollup from the source rows with time in {@code [?, ?)} (epoch ms), either its
     * total rows or its breakdown rows, optionally only of ads {@code >= ?} and {@code < ?}: one
     * slice of {@link DuckDbRollupRebuild}.
     */
    static String recomputeSlice(CountTable rollup, long clock, boolean totals, boolean adFrom, boolean adTo) {
        String time = "s." + rollup.source().orElseThrow().timeColumn();
        // into an emptied table, slices apart: no conflict, and a plain INSERT keeps the ORDER BY
        // (with ON CONFLICT DuckDB inserts from parallel threads in no set order: tried, totals split)
        return rollup(rollup, clock, totals, " WHERE " + time + " >= epoch_ms(?) AND " + time + " < epoch_ms(?)"
                + " AND s." + rowsOf(totals) + (adFrom ? " AND s.ad_id >= ?" : "") + (adTo ? " AND s.ad_id < ?" : ""));
    }

    /**
     * Rollup rows are inserted in {@code (period, total first, ad_id, …)} order: the total rows of
     * a period lie together, so DuckDB's zone maps on {@code placement} skip the row groups of
     * breakdown rows when a read wants totals (a top over the hour rollup: 15 of 23 row groups
     * scanned → 2 of 22, 10.5 → 3.0 ms; docs/benchmarks.md), and the breakdown rows follow in ad
     * order, so zone maps on {@code ad_id} skip most of a period for a one-ad read. A row updated
     * later keeps its place: the order holds for the rows a statement inserts (all of them in a
     * rebuild, a batch's new keys in the stream).
     */
    static final String ROLLUP_ORDER = " ORDER BY period, placement <> '" + Dimensions.ALL + "', s.ad_id, "
            + CountTable.dimensionColumns();

    /**
     * {@code INSERT … SELECT} of the rollup rows from the source rows the restriction selects, in
     * {@link #ROLLUP_ORDER}; {@code totals} as in {@link #sourceRows}.
     */
    private static String rollup(CountTable rollup, long clock, Boolean totals, String restriction) {
        CountTable source = rollup.source().orElseThrow();
        long p = rollup.period().millis();
        return "INSERT INTO " + rollup.table() + " (" + rollup.keyColumns() + ", " + VALUE_COLUMNS + ")"
                + " SELECT s.ad_id, epoch_ms((epoch_ms(s." + source.timeColumn() + ") // " + p + ") * " + p + ") AS period, "
                + CountTable.dimensionColumns() + ", " + CountColumn.join("sum(", ")") + ", " + RollupVersions.sql(clock)
                + " FROM " + sourceRows(source, totals) + " s" + restriction
                + " GROUP BY s.ad_id, period, " + CountTable.dimensionColumns() + ROLLUP_ORDER;
    }

    /** A recomputed row replaces the stored one, whatever its version. */
    private static String onConflict(CountTable rollup) {
        return " ON CONFLICT (" + rollup.keyColumns() + ") DO UPDATE SET "
                + CountColumn.joined(", ", c -> c.column() + " = excluded." + c.column()) + ", version = excluded.version";
    }

    /** {@code sum(c)} of every count column, in order (for series and totals). */
    static final String SUM_COUNTS = CountColumn.join("coalesce(sum(", "), 0)");

    private DuckDbSchema() {}
}
