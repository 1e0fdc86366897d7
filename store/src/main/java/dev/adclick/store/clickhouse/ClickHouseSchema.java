package dev.adclick.store.clickhouse;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.CountKey;
import dev.adclick.store.CountTable;
import dev.adclick.store.PipelineStatus;
import dev.adclick.store.StoreUnavailableException;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ClickHouse DDL (docs/architecture.md, Contracts, store table) and the small SQL helpers every statement uses.
 *
 * <p>{@code minute} is {@code DateTime('UTC')}: a {@code DateTime} holds epoch seconds whatever
 * its zone, but the zone decides what {@code toYYYYMMDD(minute)} returns, so declaring UTC makes
 * the partitions UTC days whatever the server's {@code timezone} is (reconciliation and
 * {@code DROP PARTITION} think in UTC days). Statements never go through the server's zone either:
 * values travel as epoch seconds ({@code toUInt32(minute)}, {@code toDateTime(N)}), so the code
 * also works on a table created with a plain {@code DateTime}.
 *
 * <p>Only SQL that ClickHouse 18.16 and current releases both accept: no query parameters, no
 * {@code DateTime64}, no {@code SETTINGS} that 18.16 lacks.
 */
final class ClickHouseSchema {
    static final String TABLE = CountTable.MINUTE.table();
    static final String STATUS_TABLE = "pipeline_status";
    static final String REACH_TABLE = "ad_reach_hour";
    /** In sharded mode: the table on each shard that holds the rows; {@link #TABLE} is the Distributed one on top. */
    static final String LOCAL_SUFFIX = "_local";

    /** Largest value of a {@code DateTime} (UInt32 epoch seconds, year 2106). */
    static final long MAX_DATETIME_SECONDS = 0xFFFF_FFFFL;

    private ClickHouseSchema() {}

    static String createDatabase(String db) {
        return "CREATE DATABASE IF NOT EXISTS " + db;
    }

    /** Highest version wins on merge; reads take {@code argMax(…, version)} so it also wins before merges. */
    static String createTable(String db, CountTable t) {
        return createTable(db, t.table(), t);
    }

    /**
     * A count table (docs/architecture.md, store tables) under a name (the per-shard table in sharded
     * mode, or a table being migrated): key, dimensions, counts, version. The minute table is
     * partitioned by UTC day (reconciliation and {@code DROP PARTITION} think in days), the rollups
     * by UTC month: a batch over many days then makes a few rollup parts rather than one per day
     * (a part is a set of files per column, and merges work within a partition).
     */
    static String createTable(String db, String name, CountTable t) {
        String time = t.timeColumn();
        return "CREATE TABLE IF NOT EXISTS " + db + "." + name + " ("
                + " ad_id String,"
                + " " + time + " DateTime('UTC'),"
                + CountTable.DIMENSION_COLUMNS.stream().map(c -> " " + c + " String,").collect(Collectors.joining())
                + " " + CountColumn.join("", " UInt64") + ","
                + " version UInt64"
                + ") ENGINE = ReplacingMergeTree(version)"
                + " PARTITION BY " + (t == CountTable.MINUTE ? "toYYYYMMDD(" : "toYYYYMM(") + time + ")"
                + " ORDER BY (" + t.keyColumns() + ")";
    }

    /** The columns of a table (empty if there is no such table). */
    static Set<String> columns(ClickHouseHttp http, String db, String table) throws StoreUnavailableException {
        return new HashSet<>(http.select("SELECT name FROM system.columns WHERE database = " + literal(db)
                + " AND table = " + literal(table), n -> n.get("name").asText()));
    }

    /**
     * Count columns that a table written by an earlier version lacks, added as {@code UInt64 DEFAULT 0}
     * (docs/architecture.md, store table). Checked in {@code system.columns} first: 18.16 has no
     * {@code ADD COLUMN IF NOT EXISTS}.
     */
    static void addMissingColumns(ClickHouseHttp http, String db, String table) throws StoreUnavailableException {
        Set<String> existing = columns(http, db, table);
        if (existing.isEmpty()) return;
        for (CountColumn c : CountColumn.ALL) {
            if (!existing.contains(c.column())) {
                http.execute("ALTER TABLE " + db + "." + table + " ADD COLUMN " + c.column() + " UInt64 DEFAULT 0");
            }
        }
    }

    /** Per ad and UTC hour the latest reach sketch (base64 text, see ClickHouseReach); monthly partitions: rows are few. */
    static String createReachTable(String db) {
        return createReachTable(db, REACH_TABLE);
    }

    static String createReachTable(String db, String name) {
        return "CREATE TABLE IF NOT EXISTS " + db + "." + name + " ("
                + " ad_id String,"
                + " hour DateTime('UTC'),"
                + " sketch String,"
                + " version UInt64"
                + ") ENGINE = ReplacingMergeTree(version)"
                + " PARTITION BY toYYYYMM(hour)"
                + " ORDER BY (ad_id, hour)";
    }

    /**
     * One row per writer; a newer report replaces the older one (ties: the later insert wins).
     * 18.16 only takes an unsigned integer or a date as the version column, hence UInt64.
     */
    static String createStatusTable(String db) {
        return createStatusTable(db, STATUS_TABLE);
    }

    /** {@link #createStatusTable(String)} under another name (the per-shard table in sharded mode). */
    static String createStatusTable(String db, String name) {
        return "CREATE TABLE IF NOT EXISTS " + db + "." + name + " ("
                + " writer_id String,"
                + " watermark Int64,"
                + " updated_at UInt64,"
                + " duplicates Int64,"
                + " invalid Int64,"
                + " too_late Int64,"
                + " " + VISIBLE_LAG + " Int64 DEFAULT " + PipelineStatus.UNKNOWN_LAG
                + ") ENGINE = ReplacingMergeTree(updated_at)"
                + " ORDER BY writer_id";
    }

    /** The event → visible figure of a status row ({@code PipelineStatus.visibleLagMs}). */
    static final String VISIBLE_LAG = "visible_lag_ms";

    /**
     * A status table created before the event → visible figure gets its column ({@code -1}: unknown).
     * Checked in {@code system.columns} first: 18.16 has no {@code ADD COLUMN IF NOT EXISTS}.
     */
    static void addMissingStatusColumns(ClickHouseHttp http, String db, String table) throws StoreUnavailableException {
        List<String> found = http.select("SELECT name FROM system.columns WHERE database = " + literal(db)
                + " AND table = " + literal(table) + " AND name = " + literal(VISIBLE_LAG), n -> n.get("name").asText());
        if (found.isEmpty()) {
            http.execute("ALTER TABLE " + db + "." + table + " ADD COLUMN " + VISIBLE_LAG + " Int64 DEFAULT " + PipelineStatus.UNKNOWN_LAG);
        }
    }

    /**
     * A {@code Distributed} table named {@code name} over {@code name + LOCAL_SUFFIX} on every shard
     * of {@code cluster}, rows placed by {@code cityHash64(shardingColumn)}: every version of one key
     * lands on the same shard, so {@code ReplacingMergeTree} merges and {@code FINAL} see them all.
     */
    static String createDistributedTable(String db, String name, String cluster, String shardingColumn) {
        return "CREATE TABLE IF NOT EXISTS " + db + "." + name + " AS " + db + "." + name + LOCAL_SUFFIX
                + " ENGINE = Distributed(" + cluster + ", " + db + ", " + name + LOCAL_SUFFIX + ", cityHash64(" + shardingColumn + "))";
    }

    /** A ClickHouse string literal (backslash escapes work in every version). */
    static String literal(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\0' -> b.append("\\0");
                default -> b.append(c);
            }
        }
        return b.append('\'').toString();
    }

    /** {@code minute >= from AND minute < to} for a millisecond range, in epoch seconds (zone-free). */
    static String minuteRange(long fromMs, long toMs) {
        return timeRange(CountKey.MINUTE, fromMs, toMs);
    }

    /** {@code <column> >= from AND <column> < to} for a millisecond range, in epoch seconds (zone-free). */
    static String timeRange(String column, long fromMs, long toMs) {
        return column + " >= toDateTime(" + secondsAtOrAfter(fromMs) + ") AND " + column + " < toDateTime(" + secondsAtOrAfter(toMs) + ")";
    }

    /**
     * The first whole second at or after this instant, clamped to the {@code DateTime} range.
     * For whole-second minute values {@code m}: {@code m*1000 >= ms} iff {@code m >= ceil(ms/1000)}.
     */
    static long secondsAtOrAfter(long ms) {
        if (ms <= 0) return 0;
        if (ms >= MAX_DATETIME_SECONDS * 1000) return MAX_DATETIME_SECONDS;
        return (ms + 999) / 1000;
    }
}
