package dev.adclick.store.clickhouse;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.store.CountTable;
import dev.adclick.store.RollupVersions;
import dev.adclick.store.StoreUnavailableException;

import java.util.List;
import java.util.Set;

import static dev.adclick.store.clickhouse.ClickHouseSchema.timeRange;

/**
 * Brings an {@code ad_clicks_minute} written by an earlier version to the current schema when a
 * store opens it (docs/architecture.md, store tables): count columns it lacks are added, and a table
 * keyed by {@code (ad_id, minute)} alone (before the dimensions) is rebuilt with the SQL 18.16 has:
 * create the new table, {@code INSERT … SELECT} every old row twice (its total row, {@code *}, and an
 * all-{@code unknown} breakdown row: events counted then have no dimensions) with the same counts and
 * version, compute the hour and day rollups from it, then {@code RENAME} the old table aside and the
 * new one into place, and drop the old one.
 *
 * <p>Until the rename the old table stays as it was, so a migration that stops midway (a crash, a
 * server error) starts over on the next open: the half-built table is dropped first and the
 * rollups are recomputed with a later version. Copies and rollups go in chunks of
 * {@link ClickHouseClickStore#MAX_DAYS_PER_INSERT} days (newer servers refuse an insert into more
 * than 100 partitions).
 */
final class ClickHouseMigration {
    static final String MIGRATING = "_migrating";
    static final String LEGACY = "_legacy";
    private static final long DAY_SECONDS = 86_400L;

    private ClickHouseMigration() {}

    /**
     * Migrates {@code db.ad_clicks_minute<suffix>} if it is of an earlier version ({@code suffix}:
     * empty, or {@link ClickHouseSchema#LOCAL_SUFFIX} for a shard's tables, migrated on that shard).
     *
     * @return whether the table was rebuilt (a Distributed table over it must then be recreated)
     */
    static boolean migrate(ClickHouseHttp http, String db, String suffix) throws StoreUnavailableException {
        String minute = CountTable.MINUTE.table() + suffix;
        Set<String> columns = ClickHouseSchema.columns(http, db, minute);
        if (columns.isEmpty()) return false; // a fresh database: the tables are created as they are now
        ClickHouseSchema.addMissingColumns(http, db, minute);
        if (columns.contains(Dimension.PLACEMENT.field())) return false;

        String migrating = CountTable.MINUTE.table() + MIGRATING + suffix;
        http.execute("DROP TABLE IF EXISTS " + db + "." + migrating);
        http.execute(ClickHouseSchema.createTable(db, migrating, CountTable.MINUTE));
        for (CountTable rollup : List.of(CountTable.HOUR, CountTable.DAY)) {
            http.execute(ClickHouseSchema.createTable(db, rollup.table() + suffix, rollup));
        }
        List<long[]> range = http.select("SELECT toUInt32(min(minute)) AS lo, toUInt32(max(minute)) AS hi, count() AS n FROM "
                + db + "." + minute, n -> new long[] {n.get("lo").asLong(), n.get("hi").asLong(), n.get("n").asLong()});
        long[] r = range.get(0);
        if (r[2] > 0) {
            long chunk = ClickHouseClickStore.MAX_DAYS_PER_INSERT * DAY_SECONDS;
            for (long start = Math.floorDiv(r[0], DAY_SECONDS) * DAY_SECONDS; start <= r[1]; start += chunk) {
                copy(http, db, minute, migrating, start, start + chunk);
                rollups(http, db, migrating, suffix, start, start + chunk);
            }
        }
        http.execute("RENAME TABLE " + db + "." + minute + " TO " + db + "." + minute + LEGACY + ", "
                + db + "." + migrating + " TO " + db + "." + minute);
        http.execute("DROP TABLE " + db + "." + minute + LEGACY);
        return true;
    }

    /** Every old row of {@code [from, to)} (epoch seconds) as its total row and its all-unknown breakdown row. */
    private static void copy(ClickHouseHttp http, String db, String from, String to, long fromSeconds, long toSeconds)
            throws StoreUnavailableException {
        String values = "[" + ClickHouseSchema.literal(Dimensions.ALL) + ", " + ClickHouseSchema.literal(Dimension.UNKNOWN) + "]";
        String d = "dims_value";
        http.execute("INSERT INTO " + db + "." + to + " (" + CountTable.MINUTE.keyColumns() + ", " + CountColumn.join("", "") + ", version)"
                + " SELECT ad_id, minute, " + d + ", " + d + ", " + d + ", " + CountColumn.join("", "") + ", version"
                + " FROM " + db + "." + from + " ARRAY JOIN " + values + " AS " + d
                + " WHERE " + timeRange(CountTable.MINUTE.timeColumn(), fromSeconds * 1000, toSeconds * 1000));
    }

    /** The hour rows of {@code [from, to)} from the migrated minutes, then the day rows from those hours. */
    private static void rollups(ClickHouseHttp http, String db, String minutes, String suffix, long fromSeconds, long toSeconds)
            throws StoreUnavailableException {
        http.execute(ClickHouseRollups.insert(CountTable.HOUR, db + "." + CountTable.HOUR.table() + suffix, db + "." + minutes,
                timeRange(CountTable.MINUTE.timeColumn(), fromSeconds * 1000, toSeconds * 1000), RollupVersions.clock()));
        http.execute(ClickHouseRollups.insert(CountTable.DAY, db + "." + CountTable.DAY.table() + suffix,
                db + "." + CountTable.HOUR.table() + suffix,
                timeRange(CountTable.HOUR.timeColumn(), fromSeconds * 1000, toSeconds * 1000), RollupVersions.clock()));
    }
}
