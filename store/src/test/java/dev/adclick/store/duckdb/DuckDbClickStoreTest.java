package dev.adclick.store.duckdb;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.store.ClickStore;
import dev.adclick.store.ClickStoreContractTest;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.store.BreakdownRow;
import dev.adclick.store.Bucket;
import dev.adclick.store.Granularity;
import dev.adclick.store.PipelineStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link DuckDbClickStore}: the shared contract plus file sharing and durability. */
class DuckDbClickStoreTest extends ClickStoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected ClickStore openEmptyStore() throws Exception {
        return DuckDbClickStore.open(dir.resolve("clicks.duckdb"));
    }

    @Test
    void twoStoresOnOneFileInOneJvmShareTheDatabase() throws Exception {
        try (DuckDbClickStore second = DuckDbClickStore.open(dir.resolve("clicks.duckdb"))) {
            store.upsert(List.of(new MinuteCount("ad-1", T0, new Counts(3, 3, 0), 1)));
            assertThat(second.totals("ad-1", T0, T0 + MINUTE).clicks()).isEqualTo(3);
        }
        // closing one store leaves the other working
        assertThat(store.totals("ad-1", T0, T0 + MINUTE).clicks()).isEqualTo(3);
    }

    /** Checkpoints every 16 MB of WAL re-serialized every index and were the sink's main cost at 1M ads (DuckDbDatabases). */
    @Test
    void theDatabaseCheckpointsOnlyAfter256MbOfWal() throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("clicks.duckdb"));
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT current_setting('checkpoint_threshold')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("244.1 MiB"); // 256 MB as DuckDB prints it
        }
    }

    @Test
    void rowsSurviveClosingAndReopening() throws Exception {
        store.upsert(List.of(new MinuteCount("ad-1", T0, new Counts(3, 2, 1), 7)));
        store.close();
        store = DuckDbClickStore.open(dir.resolve("clicks.duckdb"));
        assertThat(store.rows(T0, T0 + MINUTE)).containsExactly(new MinuteCount("ad-1", T0, new Counts(3, 2, 1), 7));
    }

    /** A file of the click-only version: its table, index and staging table as that version created them. */
    @Test
    void aFileWrittenBeforeImpressionsGetsTheColumnsAndKeepsItsRows() throws Exception {
        Path old = dir.resolve("old.duckdb");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + old);
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ad_clicks_minute (ad_id VARCHAR NOT NULL, minute TIMESTAMP NOT NULL, clicks BIGINT NOT NULL,"
                    + " verified_clicks BIGINT NOT NULL, suspicious_clicks BIGINT NOT NULL, version BIGINT NOT NULL, PRIMARY KEY (ad_id, minute))");
            s.execute("CREATE INDEX ad_clicks_minute_by_ad ON ad_clicks_minute (ad_id)");
            s.execute("CREATE TABLE ad_clicks_minute_staging (ad_id VARCHAR, minute_ms BIGINT, clicks BIGINT, verified_clicks BIGINT,"
                    + " suspicious_clicks BIGINT, version BIGINT)");
            s.execute("INSERT INTO ad_clicks_minute VALUES ('ad-1', epoch_ms(" + T0 + "), 4, 3, 1, 5)");
        }
        try (DuckDbClickStore s = DuckDbClickStore.open(old)) {
            // the old row became its total row and an all-unknown breakdown row (events of then have no dimensions)
            assertThat(s.rows(T0, T0 + MINUTE)).containsExactly(new MinuteCount("ad-1", T0, new Counts(4, 3, 1, 0, 0), 5),
                    new MinuteCount("ad-1", T0, Dimensions.UNKNOWN, new Counts(4, 3, 1, 0, 0), 5));
            s.upsert(List.of(new MinuteCount("ad-1", T0, new Counts(4, 3, 1, 70, 60), 6),
                    new MinuteCount("ad-1", T0, Dimensions.UNKNOWN, new Counts(4, 3, 1, 70, 60), 6)));
            assertThat(s.totals("ad-1", T0, T0 + MINUTE)).isEqualTo(new Counts(4, 3, 1, 70, 60));
        }
        try (DuckDbClickStore s = DuckDbClickStore.open(old)) { // a second open finds nothing to add
            assertThat(s.series("ad-1", T0, T0 + HOUR, dev.adclick.store.Granularity.MINUTE)).hasSize(1);
            assertThat(s.rows(T0, T0 + HOUR)).hasSize(2);
        }
    }

    /**
     * A file of the version before dimensions (impressions, reach, no placement/country/device):
     * rebuilt with the new key on open, each row its total and all-unknown breakdown row, and the
     * rollups of the migrated range computed, so hour and day reads equal the old minutes.
     */
    @Test
    void aFileWrittenBeforeDimensionsIsRebuiltWithTotalAndUnknownRowsAndItsRollups() throws Exception {
        Path old = dir.resolve("before-dimensions.duckdb");
        long day = 24 * HOUR;
        List<MinuteCount> legacy = List.of(new MinuteCount("ad-1", T0, new Counts(4, 3, 1, 40, 30), 5),
                new MinuteCount("ad-1", T0 + 59 * MINUTE, new Counts(2, 2, 0, 9, 8), 7),
                new MinuteCount("ad-1", T0 + HOUR, new Counts(1, 0, 0, 0, 0), 6),
                new MinuteCount("ad-1", T0 + day, new Counts(5, 5, 0, 50, 40), WriteVersions.reconciled(9)),
                new MinuteCount("ad-2", T0, new Counts(3, 0, 3, 0, 0), 5));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + old);
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ad_clicks_minute (ad_id VARCHAR NOT NULL, minute TIMESTAMP NOT NULL, clicks BIGINT NOT NULL,"
                    + " verified_clicks BIGINT NOT NULL, suspicious_clicks BIGINT NOT NULL, served_impressions BIGINT NOT NULL,"
                    + " impressions BIGINT NOT NULL, version BIGINT NOT NULL, PRIMARY KEY (ad_id, minute))");
            s.execute("CREATE INDEX ad_clicks_minute_by_ad ON ad_clicks_minute (ad_id)");
            s.execute("CREATE TABLE ad_clicks_minute_staging (ad_id VARCHAR, minute_ms BIGINT, clicks BIGINT, verified_clicks BIGINT,"
                    + " suspicious_clicks BIGINT, served_impressions BIGINT, impressions BIGINT, version BIGINT)");
            for (MinuteCount r : legacy) {
                Counts n = r.counts();
                s.execute("INSERT INTO ad_clicks_minute VALUES ('" + r.adId() + "', epoch_ms(" + r.minute() + "), " + n.clicks() + ", "
                        + n.verifiedClicks() + ", " + n.suspiciousClicks() + ", " + n.servedImpressions() + ", " + n.impressions() + ", "
                        + r.version() + ")");
            }
        }
        List<MinuteCount> expected = new java.util.ArrayList<>();
        for (MinuteCount r : legacy) {
            expected.add(r);
            expected.add(new MinuteCount(r.adId(), r.minute(), Dimensions.UNKNOWN, r.counts(), r.version()));
        }
        DimensionFilter unknownDevice = DimensionFilter.of(java.util.Map.of(Dimension.DEVICE, Dimension.UNKNOWN));
        for (int open = 0; open < 2; open++) { // the second open finds nothing to migrate
            try (DuckDbClickStore s = DuckDbClickStore.open(old)) {
                assertThat(s.rows(0, Long.MAX_VALUE)).containsExactlyInAnyOrderElementsOf(expected);
                for (DimensionFilter f : List.of(DimensionFilter.NONE, unknownDevice)) {
                    assertThat(s.series("ad-1", T0 - day, T0 + 2 * day, Granularity.HOUR, f)).containsExactly(
                            new Bucket(T0, new Counts(6, 5, 1, 49, 38)), new Bucket(T0 + HOUR, new Counts(1, 0, 0, 0, 0)),
                            new Bucket(T0 + day, new Counts(5, 5, 0, 50, 40)));
                    assertThat(s.series("ad-1", T0 - 10 * HOUR, T0 + 2 * day, Granularity.DAY, f)).containsExactly(
                            new Bucket(T0 - 10 * HOUR, new Counts(7, 5, 1, 49, 38)), new Bucket(T0 - 10 * HOUR + day, new Counts(5, 5, 0, 50, 40)));
                    assertThat(s.totals("ad-1", T0 - 10 * HOUR, T0 + 14 * HOUR, f)).isEqualTo(new Counts(7, 5, 1, 49, 38));
                }
                assertThat(s.breakdown("ad-2", T0, T0 + HOUR, Dimension.COUNTRY, DimensionFilter.NONE))
                        .containsExactly(new BreakdownRow(Dimension.UNKNOWN, new Counts(3, 0, 3, 0, 0)));
            }
        }
    }

    /** A status table of the version before the event → visible figure: it gets the column, its row reads as unknown. */
    @Test
    void aStatusTableWrittenBeforeTheVisibleLagGetsTheColumn() throws Exception {
        Path old = dir.resolve("old-status.duckdb");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + old);
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE pipeline_status (writer_id VARCHAR PRIMARY KEY, watermark BIGINT, updated_at BIGINT,"
                    + " duplicates BIGINT, invalid BIGINT, too_late BIGINT)");
            s.execute("INSERT INTO pipeline_status VALUES ('aggregate/0', " + T0 + ", 1000, 1, 2, 3)");
        }
        try (DuckDbClickStore s = DuckDbClickStore.open(old)) {
            assertThat(s.status(60_000)).contains(new PipelineStatus(T0, 1000, 1, 2, 3, PipelineStatus.UNKNOWN_LAG));
            s.recordStatus("aggregate/0", new PipelineStatus(T0 + 1, 2000, 1, 2, 3, 750));
            assertThat(s.status(60_000)).contains(new PipelineStatus(T0 + 1, 2000, 1, 2, 3, 750));
        }
        try (DuckDbClickStore s = DuckDbClickStore.open(old)) { // a second open finds nothing to add
            assertThat(s.status(60_000).orElseThrow().visibleLagMs()).isEqualTo(750);
        }
    }

    @Test
    void storesOpenedAndWritingConcurrentlyOnOneFileNeverConflict() throws Exception {
        Path file = dir.resolve("sub/dir/concurrent.duckdb"); // parent directories are created
        int writers = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                done.add(pool.submit(() -> {
                    try (DuckDbClickStore s = DuckDbClickStore.open(file)) {
                        for (int i = 0; i < 50; i++) {
                            s.upsert(List.of(new MinuteCount("ad-" + id, T0 + i * MINUTE, new Counts(i, 0, 0), i + 1),
                                    new MinuteCount("shared", T0, new Counts(i, 0, 0), id * 100 + i + 1)));
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
        try (DuckDbClickStore s = DuckDbClickStore.open(file)) {
            assertThat(s.rows(T0, T0 + HOUR)).hasSize(writers * 50 + 1);
            assertThat(s.rows(T0, T0 + MINUTE)).filteredOn(r -> r.adId().equals("shared"))
                    .extracting(MinuteCount::version).containsExactly(350L); // writer 3, last write
        }
    }

    /**
     * A bulk loader writes minute rows by SQL, behind the store's back: the rebuild makes every
     * hour and day row the sum of the minutes as they are, and drops rollup rows whose minutes are gone.
     */
    @Test
    void rebuildRollupsRecomputesThemFromMinuteRowsWrittenBySql() throws Exception {
        long day = 24 * HOUR;
        Dimensions fr = Dimensions.of("top", "FR", "mobile");
        store.upsert(List.of(new MinuteCount("ad-1", T0, new Counts(2, 1, 0, 20, 10), 1),
                new MinuteCount("ad-1", T0, fr, new Counts(2, 1, 0, 20, 10), 1)));
        store.upsert(List.of(new MinuteCount("ad-2", T0, new Counts(9, 9, 0), 1)));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("clicks.duckdb"));
             java.sql.Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + DuckDbSchema.TOTALS + " WHERE ad_id = 'ad-2'"); // ad-2 had only a total row
            for (String[] row : List.of(new String[] {"*", "*", "*", "5"}, new String[] {"top", "FR", "mobile", "3"},
                    new String[] {"side", "DE", "desktop", "2"})) {
                String table = row[0].equals("*") ? DuckDbSchema.TOTALS : "ad_clicks_minute"; // total rows have their own table
                s.execute("INSERT INTO " + table + " VALUES ('ad-1', epoch_ms(" + (T0 + HOUR + MINUTE) + "), '" + row[0] + "', '" + row[1]
                        + "', '" + row[2] + "', " + row[3] + ", 0, 0, 0, 0, 1)");
            }
        }
        assertThat(store.totals("ad-2", T0, T0 + day)).isEqualTo(new Counts(9, 9, 0)); // the stale day row, until the rebuild
        ((DuckDbClickStore) store).rebuildRollups();
        assertThat(store.totals("ad-2", T0, T0 + day)).isEqualTo(Counts.ZERO);
        assertThat(store.series("ad-1", T0, T0 + day, Granularity.HOUR)).containsExactly(
                new Bucket(T0, new Counts(2, 1, 0, 20, 10)), new Bucket(T0 + HOUR, new Counts(5, 0, 0, 0, 0)));
        assertThat(store.breakdown("ad-1", T0, T0 + day, Dimension.COUNTRY, DimensionFilter.NONE)).containsExactly(
                new BreakdownRow("FR", new Counts(5, 1, 0, 20, 10)), new BreakdownRow("DE", new Counts(2, 0, 0, 0, 0)));
    }
}
