package dev.adclick.store.duckdb;

import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.store.CountTable;
import dev.adclick.store.RollupVersions;
import dev.adclick.store.StoreUnavailableException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link DuckDbClickStore#rebuildRollups()}: both rollup tables recomputed from the minute rows in
 * slices, one transaction each, because one transaction over ~50M minute rows (100k ads × 75
 * minutes) ran DuckDB out of its 4 GB at commit (docs/benchmarks.md, Query API). A slice is a run
 * of consecutive periods holding at most {@code sliceRows} source rows: first its total rows,
 * then its breakdown rows, those split by ad range when one period alone holds more. Slices go in
 * time order and each inserts in {@code (period, placement, ad)} order, so the table ends up with
 * the total rows of a period together. Readers during a rebuild see rollups partly rebuilt: it is
 * maintenance for a bulk loader (bench/query), not for a running stack.
 */
final class DuckDbRollupRebuild {
    /** Source rows per transaction: ~4M kept DuckDB well under 4 GB here (a period of 100k ads has ~37M). */
    static final long SLICE_ROWS = 4_000_000;

    private final DuckDbConnections db;
    private final long sliceRows;
    private final Consumer<String> progress;

    /** Slices of at most {@code sliceRows} source rows ({@link #SLICE_ROWS}; tests take fewer), {@code progress} told after each. */
    DuckDbRollupRebuild(DuckDbConnections db, long sliceRows, Consumer<String> progress) {
        this.db = db;
        this.sliceRows = sliceRows;
        this.progress = progress;
    }

    /** Empties both rollups, then computes every hour row from the minutes and every day row from the hours. */
    void run(List<CountTable> rollups) throws StoreUnavailableException {
        db.transaction("rollup rebuild: emptying", c -> {
            try (Statement s = c.createStatement()) {
                for (CountTable rollup : rollups) s.execute("DELETE FROM " + rollup.table());
            }
            return null;
        });
        for (CountTable rollup : rollups) {
            List<long[]> periods = periods(rollup);
            long rows = 0;
            for (int i = 0; i < periods.size(); ) {
                int j = i + 1; // periods [i, j) make the slice
                long n = periods.get(i)[1];
                while (j < periods.size() && n + periods.get(j)[1] <= sliceRows) n += periods.get(j++)[1];
                long from = periods.get(i)[0], to = periods.get(j - 1)[0] + rollup.period().millis();
                slice(rollup, from, to, true, null, null);
                List<String> cuts = n > sliceRows ? adCuts(rollup, from, to, (int) ((n + sliceRows - 1) / sliceRows)) : List.of();
                for (int k = 0; k <= cuts.size(); k++) { // ad ranges [cut k-1, cut k), the first and last open-ended
                    slice(rollup, from, to, false, k == 0 ? null : cuts.get(k - 1), k == cuts.size() ? null : cuts.get(k));
                }
                rows += n;
                progress.accept(String.format(java.util.Locale.ROOT, "%s: %,d of its source rows done (%d of %d periods)",
                        rollup.table(), rows, j, periods.size()));
                i = j;
            }
        }
    }

    /** The periods of {@code rollup} its source has rows in, in time order, each with its source row count. */
    private List<long[]> periods(CountTable rollup) throws StoreUnavailableException {
        CountTable source = rollup.source().orElseThrow();
        long p = rollup.period().millis();
        String sql = "SELECT (epoch_ms(" + source.timeColumn() + ") // " + p + ") * " + p + " AS period, count(*) FROM "
                + DuckDbSchema.sourceRows(source, null) + " GROUP BY period ORDER BY period";
        return db.read(c -> {
            List<long[]> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) out.add(new long[] {rs.getLong(1), rs.getLong(2)});
            }
            return out;
        });
    }

    /** Ad ids cutting the ads with rows in {@code [from, to)} into up to {@code parts} ranges of about as many ads. */
    private List<String> adCuts(CountTable rollup, long from, long to, int parts) throws StoreUnavailableException {
        CountTable source = rollup.source().orElseThrow();
        // the total rows name every ad of the range (each ad-period has one), at a fraction of the rows
        String sql = "SELECT DISTINCT ad_id FROM " + DuckDbSchema.sourceRows(source, true) + " WHERE " + source.timeColumn() + " >= epoch_ms(?) AND "
                + source.timeColumn() + " < epoch_ms(?) AND " + Dimension.PLACEMENT.field() + " = '" + Dimensions.ALL + "' ORDER BY ad_id";
        List<String> ads = db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
            }
            return out;
        });
        List<String> cuts = new ArrayList<>();
        for (int k = 1; k < parts && !ads.isEmpty(); k++) {
            String cut = ads.get((int) ((long) ads.size() * k / parts));
            if (cuts.isEmpty() || !cut.equals(cuts.get(cuts.size() - 1))) cuts.add(cut);
        }
        return cuts;
    }

    /** One transaction: the total rows, or the breakdown rows of ads in {@code [adFrom, adTo)} (null: unbounded), of {@code [from, to)}. */
    private void slice(CountTable rollup, long from, long to, boolean totals, String adFrom, String adTo) throws StoreUnavailableException {
        db.transaction("rollup rebuild of " + rollup.table(), c -> {
            String sql = DuckDbSchema.recomputeSlice(rollup, RollupVersions.clock(), totals, adFrom != null, adTo != null);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setLong(i++, from);
                ps.setLong(i++, to);
                if (adFrom != null) ps.setString(i++, adFrom);
                if (adTo != null) ps.setString(i, adTo);
                ps.execute();
            }
            return null;
        });
    }
}
