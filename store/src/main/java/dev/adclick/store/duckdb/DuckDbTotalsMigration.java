package dev.adclick.store.duckdb;

import dev.adclick.store.CountTable;
import dev.adclick.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Moves the minute total rows that a file written before {@link DuckDbSchema#TOTALS} keeps in
 * {@code ad_clicks_minute} into their own table, when a store opens it, before the store reads or
 * writes. In slices of consecutive minutes holding at most {@code sliceRows} total rows, one
 * transaction each (insert into the totals table, delete from the minute table: no row is lost or
 * doubled by a crash between slices), because one transaction over tens of millions of rows ran
 * DuckDB out of memory at commit ({@link DuckDbRollupRebuild}). Progress goes to the log after each
 * slice. Once no total row is left in the minute table the check costs nothing: the breakdown
 * values all sort after {@code *}, so DuckDB's zone maps on {@code placement} skip every row group.
 * A store opened on a half-moved file (a crash) moves the rest. The rollups stay as they are: the
 * moved rows keep their counts and versions.
 */
final class DuckDbTotalsMigration {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbTotalsMigration.class);

    private final DuckDbConnections db;
    private final long sliceRows;
    private final Consumer<String> progress;

    DuckDbTotalsMigration(DuckDbConnections db, long sliceRows, Consumer<String> progress) {
        this.db = db;
        this.sliceRows = sliceRows;
        this.progress = progress;
    }

    /** With {@link DuckDbRollupRebuild#SLICE_ROWS} per transaction, progress to the log. */
    static void run(DuckDbConnections db) throws StoreUnavailableException {
        new DuckDbTotalsMigration(db, DuckDbRollupRebuild.SLICE_ROWS, LOG::info).run();
    }

    /** Returns the number of total rows moved (0 for a file that has none left in the minute table). */
    long run() throws StoreUnavailableException {
        List<long[]> minutes = minutes();
        long all = minutes.stream().mapToLong(m -> m[1]).sum(), moved = 0;
        for (int i = 0; i < minutes.size(); ) {
            int j = i + 1; // minutes [i, j) make the slice
            long n = minutes.get(i)[1];
            while (j < minutes.size() && n + minutes.get(j)[1] <= sliceRows) n += minutes.get(j++)[1];
            move(minutes.get(i)[0], minutes.get(j - 1)[0] + CountTable.MINUTE.period().millis());
            moved += n;
            progress.accept(String.format(Locale.ROOT, "moving the minute total rows to %s: %,d of %,d done",
                    DuckDbSchema.TOTALS, moved, all));
            i = j;
        }
        return moved;
    }

    /** The minutes with total rows in the minute table, in time order, each with their count. */
    private List<long[]> minutes() throws StoreUnavailableException {
        String sql = "SELECT epoch_ms(minute) AS m, count(*) FROM " + DuckDbSchema.TABLE + " WHERE " + DuckDbSchema.rowsOf(true)
                + " GROUP BY m ORDER BY m";
        return db.read(c -> {
            List<long[]> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) out.add(new long[] {rs.getLong(1), rs.getLong(2)});
            }
            return out;
        });
    }

    /**
     * One transaction: the total rows of {@code [from, to)} into the totals table, then out of the
     * minute table. A row already there (written by another store on the file meanwhile) is
     * replaced only by a higher version, the store's rule ({@link DuckDbSchema#MERGE_STAGING}).
     */
    private void move(long from, long to) throws StoreUnavailableException {
        String range = " WHERE " + DuckDbSchema.rowsOf(true) + " AND minute >= epoch_ms(?) AND minute < epoch_ms(?)";
        String columns = CountTable.MINUTE.keyColumns() + ", " + DuckDbSchema.VALUE_COLUMNS;
        String insert = "INSERT INTO " + DuckDbSchema.TOTALS + " (" + columns + ") SELECT " + columns + " FROM " + DuckDbSchema.TABLE + range
                + " ORDER BY minute, ad_id" + DuckDbSchema.onVersionConflict(DuckDbSchema.TOTALS);
        db.transaction("moving minute total rows", c -> {
            for (String sql : List.of(insert, "DELETE FROM " + DuckDbSchema.TABLE + range)) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, from);
                    ps.setLong(2, to);
                    ps.execute();
                }
            }
            return null;
        });
    }
}
