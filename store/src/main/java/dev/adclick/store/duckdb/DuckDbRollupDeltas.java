package dev.adclick.store.duckdb;

import dev.adclick.core.count.CountColumn;
import dev.adclick.store.CountTable;
import dev.adclick.store.RollupVersions;

import java.util.stream.Collectors;

/**
 * The hour and day rollups kept by increments (docs/architecture.md, store tables, Rollups): each
 * staged minute row that will replace its stored row (or is new) adds {@code staged − stored} to its
 * hour and its day, so an upsert touches the rollup rows of its keys only, instead of summing again
 * every minute of every (ad, hour) and (ad, day) it touches. At 1M ads a flush names tens of
 * thousands of ads, and that recompute was the job's bottleneck (docs/benchmarks.md, 1M ads).
 *
 * <p>Order inside the upsert's transaction: the sealed rows are dropped from staging, then
 * {@link #KEEP_HIGHEST_STAGED}, then {@link #COMPUTE} (it needs the stored rows as they were), then
 * the merges into the minute tables, then {@link #addTo} for each rollup, then both tables cleared.
 * The rule is the merge's own (a staged row counts only if its version is higher than the stored
 * one), so the rollups stay the sums of the minute rows: {@code DuckDbRollupDeltasTest} checks it
 * against {@link DuckDbClickStore#rebuildRollups()}.
 */
final class DuckDbRollupDeltas {
    static final String TABLE = "ad_clicks_rollup_delta";
    /** Staging's shape, the counts as deltas; like staging empty outside a write, dropped and created afresh on open. */
    static final String DROP = "DROP TABLE IF EXISTS " + TABLE;
    static final String CREATE = DuckDbSchema.createStaged(TABLE);
    static final String CLEAR = "DELETE FROM " + TABLE;

    private static final String KEY = "ad_id, minute_ms, " + CountTable.dimensionColumns();

    /**
     * One staged row per key, the highest version (one statement holding a key twice would drop a
     * row in DuckDB, and a key's delta must be counted once); equal versions: any one of them, as
     * they carry the same counts (a version is one write of one key).
     */
    static final String KEEP_HIGHEST_STAGED = "DELETE FROM " + DuckDbSchema.STAGING + " WHERE rowid IN ("
            + " SELECT rowid FROM (SELECT rowid, row_number() OVER (PARTITION BY " + KEY + " ORDER BY version DESC) AS rn FROM "
            + DuckDbSchema.STAGING + ") WHERE rn > 1)";

    /**
     * The deltas of the staged rows that the merge will write: new keys whole, replaced keys as
     * staged minus stored. The stored rows are read within {@code [?, ?]} (first and last staged
     * minute, epoch ms; twice, once per minute table), constant bounds so row groups are pruned.
     */
    static final String COMPUTE = "INSERT INTO " + TABLE
            + " SELECT n.ad_id, n.minute_ms, " + CountTable.DIMENSION_COLUMNS.stream().map(c -> "n." + c).collect(Collectors.joining(", ")) + ", "
            + CountColumn.joined(", ", c -> "n." + c.column() + " - coalesce(o." + c.column() + ", 0)") + ", n.version"
            + " FROM " + DuckDbSchema.STAGING + " n LEFT JOIN (" + stored(DuckDbSchema.TOTALS) + " UNION ALL " + stored(DuckDbSchema.TABLE) + ") o"
            + " ON n.ad_id = o.ad_id AND n.minute_ms = o.minute_ms AND "
            + CountTable.DIMENSION_COLUMNS.stream().map(c -> "n." + c + " = o." + c).collect(Collectors.joining(" AND "))
            + " WHERE o.version IS NULL OR n.version > o.version";

    private static String stored(String table) {
        String minute = CountTable.MINUTE.timeColumn();
        return "SELECT ad_id, epoch_ms(" + minute + ") AS minute_ms, " + CountTable.dimensionColumns() + ", " + DuckDbSchema.VALUE_COLUMNS
                + " FROM " + table + " WHERE " + minute + " >= epoch_ms(?) AND " + minute + " <= epoch_ms(?)";
    }

    /**
     * The deltas summed per (ad, period, dimensions) and added to {@code rollup}'s rows, a missing
     * row inserted; the version is the write clock in the band of the row's sources
     * ({@link RollupVersions#keepBand}: reconciled once any source is). New rows go in
     * {@link DuckDbSchema#ROLLUP_ORDER}.
     */
    static String addTo(CountTable rollup, long clock) {
        long p = rollup.period().millis();
        String t = rollup.table();
        return "INSERT INTO " + t + " (" + rollup.keyColumns() + ", " + DuckDbSchema.VALUE_COLUMNS + ")"
                + " SELECT s.ad_id, epoch_ms((s.minute_ms // " + p + ") * " + p + ") AS period, " + CountTable.dimensionColumns() + ", "
                + CountColumn.join("sum(", ")") + ", " + RollupVersions.sql(clock)
                + " FROM " + TABLE + " s GROUP BY s.ad_id, period, " + CountTable.dimensionColumns() + DuckDbSchema.ROLLUP_ORDER
                + " ON CONFLICT (" + rollup.keyColumns() + ") DO UPDATE SET "
                + CountColumn.joined(", ", c -> c.column() + " = " + t + "." + c.column() + " + excluded." + c.column())
                + ", version = " + RollupVersions.keepBand(clock, "excluded.version", t + ".version");
    }

    private DuckDbRollupDeltas() {}
}
