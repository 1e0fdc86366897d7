package dev.adclick.store.duckdb;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.store.CountTable;
import org.duckdb.DuckDBConnection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Brings a file written by an earlier version to the current schema when a store opens it, inside
 * the schema transaction (docs/architecture.md, store tables):
 * <ul>
 *   <li>count columns it lacks are added (0 in every row);</li>
 *   <li>an {@code ad_clicks_minute} keyed by {@code (ad_id, minute)} alone (before the dimensions)
 *       is rebuilt: create the new table, copy, drop the old one, rename. Every old row becomes
 *       its total row (in {@link DuckDbSchema#TOTALS}) and an all-{@code unknown} breakdown row
 *       with the same counts and version (events counted before the dimensions existed have
 *       none), then the hour and day rollups are computed for all of it.</li>
 *   <li>total rows still in {@code ad_clicks_minute} (a file from before {@link DuckDbSchema#TOTALS})
 *       move to their table after this transaction, in slices ({@link DuckDbTotalsMigration}).</li>
 * </ul>
 */
final class DuckDbMigration {
    private DuckDbMigration() {}

    static void migrate(DuckDBConnection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            Set<String> existing = new HashSet<>();
            try (ResultSet rs = s.executeQuery(DuckDbSchema.EXISTING_COLUMNS)) {
                while (rs.next()) existing.add(rs.getString(1));
            }
            if (existing.isEmpty()) return; // a fresh file: the tables are created as they are now
            List<CountColumn> missing = CountColumn.ALL.stream().filter(col -> !existing.contains(col.column())).toList();
            boolean legacyKey = !existing.contains(Dimension.PLACEMENT.field());
            if (missing.isEmpty() && !legacyKey) return;
            s.execute(DuckDbSchema.dropAdIndex(CountTable.MINUTE));
            for (CountColumn col : missing) s.execute(DuckDbSchema.addColumn(col));
            if (legacyKey) rebuildWithDimensions(s);
        }
    }

    private static void rebuildWithDimensions(Statement s) throws SQLException {
        String table = DuckDbSchema.TABLE;
        s.execute("DROP TABLE IF EXISTS " + DuckDbSchema.MIGRATING);
        s.execute(DuckDbSchema.createTable(CountTable.MINUTE, DuckDbSchema.MIGRATING));
        String columns = CountTable.MINUTE.keyColumns() + ", " + DuckDbSchema.VALUE_COLUMNS;
        s.execute(DuckDbSchema.createTable(CountTable.MINUTE, DuckDbSchema.TOTALS));
        s.execute("INSERT INTO " + DuckDbSchema.TOTALS + " (" + columns + ")"
                + " SELECT ad_id, minute, " + values(Dimensions.TOTAL) + ", " + DuckDbSchema.VALUE_COLUMNS + " FROM " + table);
        s.execute("INSERT INTO " + DuckDbSchema.MIGRATING + " (" + columns + ")"
                + " SELECT ad_id, minute, " + values(Dimensions.UNKNOWN) + ", " + DuckDbSchema.VALUE_COLUMNS + " FROM " + table);
        s.execute("DROP TABLE " + table);
        s.execute("ALTER TABLE " + DuckDbSchema.MIGRATING + " RENAME TO " + table);
        for (CountTable rollup : DuckDbClickStore.ROLLUPS) s.execute(DuckDbSchema.createTable(rollup));
        DuckDbClickStore.rebuildRollups(s);
    }

    /** {@code '*', '*', '*'} or {@code 'unknown', …}: constants of the code, no user input. */
    private static String values(Dimensions d) {
        StringBuilder b = new StringBuilder();
        for (Dimension dim : Dimension.values()) b.append(b.length() == 0 ? "" : ", ").append('\'').append(d.get(dim)).append('\'');
        return b.toString();
    }

}
