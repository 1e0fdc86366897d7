package dev.adclick.store.duckdb;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.store.CountTable;
import dev.adclick.store.Granularity;
import dev.adclick.store.TopOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A file of the version before {@link DuckDbSchema#TOTALS} (total rows in {@code ad_clicks_minute}):
 * opening it moves them, in slices, without losing or doubling a row, also when a first attempt
 * stops half-way; every read answers as before.
 */
class DuckDbTotalsMigrationTest {
    private static final long T0 = Instant.parse("2026-11-27T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000L, HOUR = 60 * MINUTE;
    private static final int ADS = 5, MINUTES = 120;

    @TempDir
    Path dir;

    @Test
    void totalRowsMoveToTheirTableInSlicesAndResumeAfterAStop() throws Exception {
        Path file = dir.resolve("before-totals.duckdb");
        List<MinuteCount> all;
        List<Object> answers;
        try (DuckDbClickStore store = DuckDbClickStore.open(file)) {
            for (int m = 0; m < MINUTES; m += 30) {
                List<MinuteCount> batch = new ArrayList<>();
                for (int k = m; k < m + 30; k++) {
                    for (int a = 0; a < ADS; a++) {
                        long t = T0 + k * MINUTE;
                        batch.add(new MinuteCount("ad-" + a, t, new Counts(3 + a, 2, 1, 30, 20 + k), 1));
                        batch.add(new MinuteCount("ad-" + a, t, Dimensions.of("top", "FR", "mobile"), new Counts(2 + a, 2, 0, 20, 15 + k), 1));
                        batch.add(new MinuteCount("ad-" + a, t, Dimensions.of("side", "DE", "desktop"), new Counts(1, 0, 1, 10, 5), 1));
                    }
                }
                store.upsert(batch);
            }
            all = store.rows(0, Long.MAX_VALUE);
            answers = answers(store);
        }
        assertThat(all).hasSize(3 * ADS * MINUTES);
        // the layout before: the total rows in the minute table, no table of their own
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + DuckDbSchema.TABLE + " SELECT * FROM " + DuckDbSchema.TOTALS);
            s.execute("DROP TABLE " + DuckDbSchema.TOTALS);
        }

        // a first attempt in slices of 50 total rows (10 minutes of 5 ads) stops after 3 of its 12 slices
        List<String> progress = new ArrayList<>();
        try (DuckDbConnections db = new DuckDbConnections(file)) {
            db.write("schema", c -> c.createStatement().execute(DuckDbSchema.createTable(CountTable.MINUTE, DuckDbSchema.TOTALS)));
            assertThatThrownBy(() -> new DuckDbTotalsMigration(db, 50, line -> {
                progress.add(line);
                if (progress.size() == 3) throw new IllegalStateException("stopped");
            }).run()).hasMessage("stopped");
        }
        assertThat(progress).containsExactly("moving the minute total rows to ad_clicks_minute_total: 50 of 600 done",
                "moving the minute total rows to ad_clicks_minute_total: 100 of 600 done",
                "moving the minute total rows to ad_clicks_minute_total: 150 of 600 done");
        assertThat(counts(file)).containsExactly(450L, 150L, 3L * ADS * MINUTES); // moved, not copied: every row once

        for (int open = 0; open < 2; open++) { // the first open moves the rest, the second finds none to move
            try (DuckDbClickStore store = DuckDbClickStore.open(file)) {
                assertThat(store.rows(0, Long.MAX_VALUE)).isEqualTo(all);
                assertThat(answers(store)).isEqualTo(answers);
            }
            assertThat(counts(file)).containsExactly(0L, (long) ADS * MINUTES, 3L * ADS * MINUTES);
        }

        // the moved rows keep their versions: a lower one does not replace them, a higher one does
        try (DuckDbClickStore store = DuckDbClickStore.open(file)) {
            store.upsert(List.of(new MinuteCount("ad-1", T0, new Counts(99, 0, 0), 0)));
            assertThat(store.totals("ad-1", T0, T0 + MINUTE)).isEqualTo(new Counts(4, 2, 1, 30, 20));
            store.upsert(List.of(new MinuteCount("ad-1", T0, new Counts(99, 0, 0), 2)));
            assertThat(store.totals("ad-1", T0, T0 + MINUTE)).isEqualTo(new Counts(99, 0, 0));
        }
    }

    /** Reads of totals (minute series, hour-crossing totals, a top) and of breakdown rows. */
    private static List<Object> answers(DuckDbClickStore s) throws Exception {
        long from = T0 + 15 * MINUTE, to = T0 + 95 * MINUTE;
        return List.of(s.series("ad-2", T0, T0 + 2 * HOUR, Granularity.MINUTE, DimensionFilter.NONE),
                s.totalsOf(null, from, to, DimensionFilter.NONE),
                s.top(from, to, 3, null, TopOrder.CLICKS, 0, DimensionFilter.NONE),
                s.breakdown("ad-3", from, to, Dimension.COUNTRY, DimensionFilter.NONE),
                s.series("ad-3", from, to, Granularity.HOUR, DimensionFilter.of(java.util.Map.of(Dimension.COUNTRY, "FR"))));
    }

    /** Total rows in the minute table, rows in the totals table, rows in both. */
    private static List<Long> counts(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM " + DuckDbSchema.TABLE + " WHERE " + DuckDbSchema.rowsOf(true) + "),"
                     + " (SELECT count(*) FROM " + DuckDbSchema.TOTALS + "),"
                     + " (SELECT count(*) FROM " + DuckDbSchema.TABLE + ") + (SELECT count(*) FROM " + DuckDbSchema.TOTALS + ")")) {
            rs.next();
            return List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        }
    }
}
