package dev.adclick.store.duckdb;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.store.CountTable;
import dev.adclick.store.PeriodSeal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollups kept by increments ({@link DuckDbRollupDeltas}) are, after any sequence of upserts,
 * exactly what a recompute from the minute rows gives ({@link DuckDbClickStore#rebuildRollups()}):
 * batches with new keys, rewrites, stale and equal versions, a key twice in one batch,
 * reconciled rows, and stream rows refused by a seal.
 */
class DuckDbRollupDeltasTest {
    private static final long T0 = Instant.parse("2026-11-27T22:00:00Z").toEpochMilli(); // two hours before a day's end
    private static final long MINUTE = 60_000L, HOUR = 60 * MINUTE;
    private static final List<Dimensions> DIMS = List.of(Dimensions.TOTAL, Dimensions.of("top", "FR", "mobile"),
            Dimensions.of("side", "DE", "desktop"), Dimensions.UNKNOWN);

    @Test
    void rollupsKeptByIncrementsEqualTheRecomputeFromTheMinutes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("deltas.duckdb");
        try (DuckDbClickStore store = DuckDbClickStore.open(file);
             Connection sql = DriverManager.getConnection("jdbc:duckdb:" + file)) { // the same database instance as the store's
            writeMixedBatches(store);
            assertThat(count(sql, "ad_clicks_hour")).isGreaterThan(1_000);
            assertThat(count(sql, "ad_clicks_day")).isGreaterThan(500);
            for (CountTable rollup : DuckDbClickStore.ROLLUPS) {
                assertThat(reconciledBandMismatches(sql, rollup)).as(rollup + " band").isZero();
            }
            List<String> incremental = rollupRows(sql);
            store.rebuildRollups();
            assertThat(incremental).containsExactlyElementsOf(rollupRows(sql));
        }
    }

    /** 60 batches of new keys and rewrites, stale and equal versions, a key twice; the first hour reconciled and sealed at batch 40. */
    private static void writeMixedBatches(DuckDbClickStore store) throws Exception {
        Random random = new Random(15);
        long version = 1_000;
        List<MinuteCount> written = new ArrayList<>(); // rows written before, to rewrite with a stale or equal version
        for (int batch = 0; batch < 60; batch++) {
            if (batch == 40) { // reconcile the first hour: corrections in the high band, then the seal
                long reconciled = WriteVersions.reconciled(version++);
                List<MinuteCount> corrections = new ArrayList<>();
                for (int i = 0; i < 50; i++) corrections.add(row(random, random.nextInt(60), reconciled));
                store.seal(new PeriodSeal(T0, T0 + HOUR, reconciled), dedupe(corrections), List.of());
            }
            List<MinuteCount> rows = new ArrayList<>();
            long v = version++;
            for (int i = 0; i < 200; i++) rows.add(row(random, random.nextInt(150), v)); // the two hours and into the next day
            for (int i = 0; i < 20 && !written.isEmpty(); i++) { // stale and equal versions: ignored
                MinuteCount old = written.get(random.nextInt(written.size()));
                rows.add(new MinuteCount(old.key(), counts(random), old.version() - random.nextInt(2)));
            }
            rows.add(rows.get(0).withVersion(v - 1)); // one key twice in the batch: the higher version wins
            store.upsert(rows);
            written.addAll(rows.subList(0, 200));
        }
    }

    private static MinuteCount row(Random random, int minute, long version) {
        String ad = "ad-" + random.nextInt(400);
        return new MinuteCount(ad, T0 + minute * MINUTE, DIMS.get(random.nextInt(DIMS.size())), counts(random), version);
    }

    private static Counts counts(Random random) {
        int clicks = random.nextInt(50);
        return new Counts(clicks, random.nextInt(clicks + 1), random.nextInt(10), random.nextInt(900), random.nextInt(800));
    }

    /** A reconciled write carries each key once. */
    private static List<MinuteCount> dedupe(List<MinuteCount> rows) {
        java.util.Map<Object, MinuteCount> byKey = new java.util.LinkedHashMap<>();
        for (MinuteCount r : rows) byKey.put(r.key(), r);
        return new ArrayList<>(byKey.values());
    }

    /** Rollup rows whose band (reconciled or not) differs from the band of their highest source minute. */
    private static long reconciledBandMismatches(Connection sql, CountTable rollup) throws SQLException {
        long p = rollup.period().millis();
        String minutes = "(SELECT * FROM ad_clicks_minute_total UNION ALL SELECT * FROM ad_clicks_minute)";
        String q = "SELECT count(*) FROM " + rollup.table() + " r JOIN (SELECT ad_id, (epoch_ms(minute) // " + p + ") * " + p
                + " AS period, placement, country, device, max(version) AS v FROM " + minutes
                + " GROUP BY ALL) m ON r.ad_id = m.ad_id AND epoch_ms(r." + rollup.timeColumn() + ") = m.period"
                + " AND r.placement = m.placement AND r.country = m.country AND r.device = m.device"
                + " WHERE (r.version >= " + WriteVersions.RECONCILED_BASE + ") <> (m.v >= " + WriteVersions.RECONCILED_BASE + ")";
        try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery(q)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(Connection sql, String table) throws SQLException {
        try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every hour and day row, key and counts, in key order. */
    private static List<String> rollupRows(Connection sql) throws SQLException {
        List<String> out = new ArrayList<>();
        for (CountTable rollup : DuckDbClickStore.ROLLUPS) {
            String q = "SELECT ad_id, epoch_ms(" + rollup.timeColumn() + "), placement, country, device, clicks, verified_clicks,"
                    + " suspicious_clicks, served_impressions, impressions FROM " + rollup.table() + " ORDER BY ALL";
            try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery(q)) {
                while (rs.next()) {
                    StringBuilder b = new StringBuilder(rollup.table());
                    for (int i = 1; i <= 10; i++) b.append(' ').append(rs.getString(i));
                    out.add(b.toString());
                }
            }
        }
        return out;
    }
}
