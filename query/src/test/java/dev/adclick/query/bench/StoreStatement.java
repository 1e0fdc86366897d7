package dev.adclick.query.bench;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.store.ReadPlan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The JDBC baseline: the statement text the store itself ran for a read, taken from DuckDB's query
 * log (the benchmark's connection shares the store's database instance), and run again over a plain
 * JDBC connection. So the baseline is the store's SQL by construction, not a copy that could drift.
 *
 * <p>The log holds the text with its {@code ?}s, not their values; they are bound here in the order
 * the store's reads write them (store/…/duckdb/DuckDbReads): per part of the {@link ReadPlan}, the
 * ad for a one-ad read, its {@code from} and {@code to}, the {@code *} of the row selection (total
 * rows, or for a breakdown "not the total rows"); then the limit of a top. A different order gives
 * a different answer, which {@link QueryBenchmark} checks against the HTTP answer, or a bind error.
 */
final class StoreStatement {
    final String sql;
    /** Prepared once and run again, as the store keeps its statements (DuckDbConnections#prepared): the same work both ways. */
    private PreparedStatement prepared;

    private StoreStatement(String sql) {
        this.sql = sql;
    }

    /** Runs {@code storeCall} once with DuckDB's query log on and keeps the one SELECT it ran. */
    static StoreStatement capture(Connection c, Callable<?> storeCall) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CALL truncate_duckdb_logs()");
            s.execute("CALL enable_logging('QueryLog')");
            try {
                storeCall.call();
            } finally {
                s.execute("CALL disable_logging()");
            }
            List<String> selects = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT message FROM duckdb_logs WHERE type = 'QueryLog' AND message ILIKE 'SELECT%'")) {
                while (rs.next()) selects.add(rs.getString(1));
            }
            if (selects.size() != 1) throw new IllegalStateException("expected one SELECT from the store call, the log has " + selects);
            return new StoreStatement(selects.get(0));
        }
    }

    /**
     * The answer rows, each as {@code key|<counts in CountColumn order>} (the first column, then the
     * counts that follow it); all-zero rows are left out, as the store leaves them out of a series.
     */
    List<String> run(Connection c, List<ReadPlan.Segment> plan, String ad, Integer limit) throws SQLException {
        List<Object> params = new ArrayList<>();
        for (ReadPlan.Segment seg : plan) {
            if (ad != null) params.add(ad);
            params.add(seg.from());
            params.add(seg.to());
            params.add(Dimensions.ALL);
        }
        if (limit != null) params.add(limit);
        long marks = sql.chars().filter(ch -> ch == '?').count();
        if (marks != params.size()) {
            throw new IllegalStateException("the store's statement has " + marks + " parameters, the benchmark binds " + params.size() + ": " + sql);
        }
        List<String> out = new ArrayList<>();
        if (prepared == null) prepared = c.prepareStatement(sql);
        PreparedStatement ps = prepared;
        for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                StringBuilder line = new StringBuilder(rs.getString(1));
                boolean zero = true;
                for (int i = 0; i < CountColumn.ALL.size(); i++) {
                    long v = rs.getLong(2 + i);
                    zero &= v == 0;
                    line.append('|').append(v);
                }
                if (!zero) out.add(line.toString());
            }
        }
        return out;
    }
}
