package dev.adclick.store.duckdb;

import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.store.StoreUnavailableException;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static dev.adclick.store.duckdb.DuckDbSchema.REACH_STAGING;
import static dev.adclick.store.duckdb.DuckDbSchema.REACH_TABLE;

/** The table {@code ad_reach_hour} of a DuckDB store: written like the counts (staging, then one versioned merge). */
final class DuckDbReach {
    private final DuckDbConnections db;

    DuckDbReach(DuckDbConnections db) {
        this.db = db;
    }

    void upsert(Collection<HourReach> rows) throws StoreUnavailableException {
        if (rows.isEmpty()) return;
        db.transaction("reach upsert of " + rows.size() + " rows", c -> {
            try (DuckDBAppender app = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, REACH_STAGING)) {
                for (HourReach r : rows) {
                    app.beginRow();
                    app.append(r.adId());
                    app.append(r.hour());
                    app.append(r.sketch());
                    app.append(r.version());
                    app.endRow();
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute(DuckDbSeals.DROP_SEALED_REACH); // a sealed period takes no lower version (PeriodSeal)
                s.execute(DuckDbSchema.MERGE_REACH_STAGING);
                s.execute("DELETE FROM " + REACH_STAGING);
            }
            return null;
        });
    }

    List<HourReach> rows(long from, long to) throws StoreUnavailableException {
        String sql = "SELECT ad_id, epoch_ms(hour), sketch, version FROM " + REACH_TABLE
                + " WHERE hour >= epoch_ms(?) AND hour < epoch_ms(?) ORDER BY ad_id, hour";
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                List<HourReach> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new HourReach(rs.getString(1), rs.getLong(2), rs.getBytes(3), rs.getLong(4)));
                }
                return out;
            }
        });
    }

    /** The union of the sketches of these ads ({@code null}: every ad) over the whole hours {@code [from, to)} touches. */
    UniqueUsers users(Collection<String> adIds, long from, long to) throws StoreUnavailableException {
        UniqueUsers users = UniqueUsers.empty();
        if ((adIds != null && adIds.isEmpty()) || to <= from) return users;
        String sql = "SELECT sketch FROM " + REACH_TABLE + " WHERE "
                + (adIds == null ? "" : "ad_id IN (" + "?,".repeat(adIds.size() - 1) + "?) AND ")
                + "hour >= epoch_ms(?) AND hour < epoch_ms(?)";
        return db.read(c -> {
            PreparedStatement ps = db.prepared(c, sql);
            int i = 1;
            if (adIds != null) for (String ad : adIds) ps.setString(i++, ad);
            ps.setLong(i++, HourReach.hourOf(from));
            ps.setLong(i, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) users.merge(rs.getBytes(1));
            }
            return users;
        });
    }

    static void createSchema(Statement s) throws SQLException {
        s.execute(DuckDbSchema.CREATE_REACH);
        s.execute(DuckDbSchema.DROP_REACH_STAGING);
        s.execute(DuckDbSchema.CREATE_REACH_STAGING);
    }
}
