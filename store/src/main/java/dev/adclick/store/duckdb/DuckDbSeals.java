package dev.adclick.store.duckdb;

import dev.adclick.store.PeriodSeal;
import dev.adclick.store.StoreUnavailableException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The table {@code sealed_periods} of a DuckDB store (docs/architecture.md, Write versions): one
 * row per reconciled period. Every upsert first deletes from its staging table the rows a seal
 * refuses ({@link PeriodSeal#refuses}), in the upsert's own transaction under the file's write
 * lock, so no seal can be committed between the check and the write.
 */
final class DuckDbSeals {
    static final String TABLE = "sealed_periods";
    static final String CREATE = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + " period_start TIMESTAMP NOT NULL, period_end TIMESTAMP NOT NULL, version BIGINT NOT NULL,"
            + " PRIMARY KEY (period_start, period_end))";

    /** Staged minute rows a seal refuses, deleted before the merge (so the rollup recompute does not see them either). */
    static final String DROP_SEALED_ROWS = refused(DuckDbSchema.STAGING, "minute_ms");
    /** Staged reach rows a seal refuses. */
    static final String DROP_SEALED_REACH = refused(DuckDbSchema.REACH_STAGING, "hour_ms");

    private DuckDbSeals() {}

    private static String refused(String staging, String timeMs) {
        return "DELETE FROM " + staging + " USING " + TABLE + " p WHERE " + staging + "." + timeMs + " >= epoch_ms(p.period_start)"
                + " AND " + staging + "." + timeMs + " < epoch_ms(p.period_end) AND " + staging + ".version < p.version";
    }

    /** Records the seal (a higher version replaces a lower one of the same period), in the caller's transaction. */
    static void record(DuckDbConnections db, PeriodSeal seal) throws StoreUnavailableException {
        String sql = "INSERT INTO " + TABLE + " VALUES (epoch_ms(?), epoch_ms(?), ?) ON CONFLICT (period_start, period_end)"
                + " DO UPDATE SET version = excluded.version WHERE excluded.version > " + TABLE + ".version";
        db.transaction("seal of " + seal, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, seal.from());
                ps.setLong(2, seal.to());
                ps.setLong(3, seal.version());
                return ps.execute();
            }
        });
    }

    static List<PeriodSeal> overlapping(DuckDbConnections db, long from, long to) throws StoreUnavailableException {
        String sql = "SELECT epoch_ms(period_start), epoch_ms(period_end), version FROM " + TABLE
                + " WHERE period_start < epoch_ms(?) AND period_end > epoch_ms(?) ORDER BY period_start, period_end";
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, to);
                ps.setLong(2, from);
                List<PeriodSeal> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new PeriodSeal(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
                }
                return out;
            }
        });
    }

    static void createSchema(Statement s) throws SQLException {
        s.execute(CREATE);
    }
}
