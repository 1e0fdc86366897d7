package dev.adclick.store.clickhouse;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.store.BreakdownRow;
import dev.adclick.store.Bucket;
import dev.adclick.store.ClickStore;
import dev.adclick.store.ClickStoreContractTest;
import dev.adclick.store.StoreLocations;
import dev.adclick.store.Granularity;
import dev.adclick.store.PipelineStatus;
import dev.adclick.store.StoreUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link ClickHouseClickStore}: the shared contract against a real ClickHouse server
 * (running in a non-UTC zone), plus partitions, zones, quoting and the location string. Each test
 * gets its own database on one server per class.
 */
@Tag("it-clickhouse")
class ClickHouseClickStoreTest extends ClickStoreContractTest {
    private static final long LAST_MINUTE_OF_NOV_27 = Instant.parse("2026-11-27T23:59:00Z").toEpochMilli();
    private static final long FIRST_MINUTE_OF_NOV_28 = Instant.parse("2026-11-28T00:00:00Z").toEpochMilli();

    private static ClickHouseServerProcess server;
    private String database;

    @BeforeAll
    static void startServer() throws Exception {
        server = ClickHouseServerProcess.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) server.close();
    }

    @Override
    protected ClickStore openEmptyStore() throws Exception {
        database = "t_" + UUID.randomUUID().toString().replace("-", "");
        return ClickHouseClickStore.open(server.httpUrl() + "/" + database);
    }

    private ClickHouseHttp admin() {
        return new ClickHouseHttp(ClickHouseLocation.parse(server.httpUrl() + "/" + database));
    }

    /** A database of the click-only version: its table as that version created it. */
    @Test
    void aTableWrittenBeforeImpressionsGetsTheColumnsAndKeepsItsRows() throws Exception {
        String db = "old_" + UUID.randomUUID().toString().replace("-", "");
        ClickHouseHttp http = new ClickHouseHttp(ClickHouseLocation.parse(server.httpUrl() + "/" + db));
        http.execute("CREATE DATABASE " + db);
        http.execute("CREATE TABLE " + db + ".ad_clicks_minute (ad_id String, minute DateTime('UTC'), clicks UInt64, verified_clicks UInt64,"
                + " suspicious_clicks UInt64, version UInt64) ENGINE = ReplacingMergeTree(version) PARTITION BY toYYYYMMDD(minute)"
                + " ORDER BY (ad_id, minute)");
        http.execute("INSERT INTO " + db + ".ad_clicks_minute VALUES ('ad-1', " + T0 / 1000 + ", 4, 3, 1, 5)");
        try (ClickStore s = ClickHouseClickStore.open(server.httpUrl() + "/" + db)) {
            // the old row became its total row and an all-unknown breakdown row (events of then have no dimensions)
            assertThat(s.rows(T0, T0 + MINUTE)).containsExactly(new MinuteCount("ad-1", T0, new Counts(4, 3, 1, 0, 0), 5),
                    new MinuteCount("ad-1", T0, Dimensions.UNKNOWN, new Counts(4, 3, 1, 0, 0), 5));
            s.upsert(List.of(new MinuteCount("ad-1", T0, new Counts(4, 3, 1, 70, 60), 6),
                    new MinuteCount("ad-1", T0, Dimensions.UNKNOWN, new Counts(4, 3, 1, 70, 60), 6)));
            assertThat(s.totals("ad-1", T0, T0 + MINUTE)).isEqualTo(new Counts(4, 3, 1, 70, 60));
        }
        try (ClickStore s = ClickHouseClickStore.open(server.httpUrl() + "/" + db)) { // a second open finds nothing to add
            assertThat(s.totals("ad-1", T0, T0 + MINUTE)).isEqualTo(new Counts(4, 3, 1, 70, 60));
        }
    }

    /**
     * A table of the version before dimensions, created with its DDL and holding two unmerged
     * versions of one key, beside the leftover of a migration cut short: rebuilt on open (total and all-unknown rows, same counts and versions),
     * its rollups computed, and left alone by the next open.
     */
    @Test
    void aTableWrittenBeforeDimensionsIsRebuiltWithTotalAndUnknownRowsAndItsRollups() throws Exception {
        String db = "old_" + UUID.randomUUID().toString().replace("-", "");
        ClickHouseHttp http = new ClickHouseHttp(ClickHouseLocation.parse(server.httpUrl() + "/" + db));
        http.execute("CREATE DATABASE " + db);
        http.execute("CREATE TABLE " + db + ".ad_clicks_minute (ad_id String, minute DateTime('UTC'), clicks UInt64, verified_clicks UInt64,"
                + " suspicious_clicks UInt64, served_impressions UInt64, impressions UInt64, version UInt64)"
                + " ENGINE = ReplacingMergeTree(version) PARTITION BY toYYYYMMDD(minute) ORDER BY (ad_id, minute)");
        List<MinuteCount> legacy = List.of(new MinuteCount("ad-1", T0, new Counts(4, 3, 1, 40, 30), 5),
                new MinuteCount("ad-1", T0 + 59 * MINUTE, new Counts(2, 2, 0, 9, 8), 7),
                new MinuteCount("ad-1", T0 + HOUR, new Counts(1, 0, 0, 0, 0), 6),
                new MinuteCount("ad-1", T0 + DAY, new Counts(5, 5, 0, 50, 40), WriteVersions.reconciled(9)),
                new MinuteCount("ad-2", T0, new Counts(3, 0, 3, 0, 0), 5));
        for (MinuteCount r : legacy) {
            Counts n = r.counts();
            http.execute("INSERT INTO " + db + ".ad_clicks_minute VALUES ('" + r.adId() + "', " + r.minute() / 1000 + ", " + n.clicks() + ", "
                    + n.verifiedClicks() + ", " + n.suspiciousClicks() + ", " + n.servedImpressions() + ", " + n.impressions() + ", " + r.version() + ")");
        }
        // an older version of a key in another part: the migration must not count it
        http.execute("INSERT INTO " + db + ".ad_clicks_minute VALUES ('ad-1', " + T0 / 1000 + ", 90, 90, 0, 0, 0, 4)");
        // the half-built table of a migration cut short: started over, its rows not kept
        http.execute(ClickHouseSchema.createTable(db, "ad_clicks_minute" + ClickHouseMigration.MIGRATING, dev.adclick.store.CountTable.MINUTE));
        http.execute("INSERT INTO " + db + ".ad_clicks_minute" + ClickHouseMigration.MIGRATING
                + " VALUES ('ad-9', " + T0 / 1000 + ", 'x', 'y', 'z', 1, 1, 0, 0, 0, 99)");
        List<MinuteCount> expected = new ArrayList<>();
        for (MinuteCount r : legacy) {
            expected.add(r);
            expected.add(new MinuteCount(r.adId(), r.minute(), Dimensions.UNKNOWN, r.counts(), r.version()));
        }
        DimensionFilter unknownDevice = DimensionFilter.of(Map.of(Dimension.DEVICE, Dimension.UNKNOWN));
        for (int open = 0; open < 2; open++) { // the second open finds nothing to migrate
            try (ClickStore s = ClickHouseClickStore.open(server.httpUrl() + "/" + db)) {
                assertThat(s.rows(0, Long.MAX_VALUE)).containsExactlyInAnyOrderElementsOf(expected);
                for (DimensionFilter f : List.of(DimensionFilter.NONE, unknownDevice)) {
                    assertThat(s.series("ad-1", T0 - DAY, T0 + 2 * DAY, Granularity.HOUR, f)).containsExactly(
                            new Bucket(T0, new Counts(6, 5, 1, 49, 38)), new Bucket(T0 + HOUR, new Counts(1, 0, 0, 0, 0)),
                            new Bucket(T0 + DAY, new Counts(5, 5, 0, 50, 40)));
                    assertThat(s.series("ad-1", T0 - 10 * HOUR, T0 + 2 * DAY, Granularity.DAY, f)).containsExactly(
                            new Bucket(T0 - 10 * HOUR, new Counts(7, 5, 1, 49, 38)), new Bucket(T0 - 10 * HOUR + DAY, new Counts(5, 5, 0, 50, 40)));
                    assertThat(s.totals("ad-1", T0 - 10 * HOUR, T0 + 14 * HOUR, f)).isEqualTo(new Counts(7, 5, 1, 49, 38));
                }
                assertThat(s.breakdown("ad-2", T0, T0 + HOUR, Dimension.COUNTRY, DimensionFilter.NONE))
                        .containsExactly(new BreakdownRow(Dimension.UNKNOWN, new Counts(3, 0, 3, 0, 0)));
            }
        }
        assertThat(http.select("SELECT name FROM system.tables WHERE database = " + ClickHouseSchema.literal(db) + " ORDER BY name",
                n -> n.get("name").asText())).containsExactly("ad_clicks_day", "ad_clicks_hour", "ad_clicks_minute", "ad_reach_hour", "pipeline_status",
                        "sealed_periods");
    }

    /** A status table of the version before the event → visible figure: it gets the column, its row reads as unknown. */
    @Test
    void aStatusTableWrittenBeforeTheVisibleLagGetsTheColumn() throws Exception {
        String db = "old_" + UUID.randomUUID().toString().replace("-", "");
        ClickHouseHttp http = new ClickHouseHttp(ClickHouseLocation.parse(server.httpUrl() + "/" + db));
        http.execute("CREATE DATABASE " + db);
        http.execute("CREATE TABLE " + db + ".pipeline_status (writer_id String, watermark Int64, updated_at UInt64, duplicates Int64,"
                + " invalid Int64, too_late Int64) ENGINE = ReplacingMergeTree(updated_at) ORDER BY writer_id");
        http.execute("INSERT INTO " + db + ".pipeline_status VALUES ('aggregate/0', " + T0 + ", 1000, 1, 2, 3)");
        try (ClickStore s = ClickHouseClickStore.open(server.httpUrl() + "/" + db)) {
            assertThat(s.status(60_000)).contains(new PipelineStatus(T0, 1000, 1, 2, 3, PipelineStatus.UNKNOWN_LAG));
            s.recordStatus("aggregate/0", new PipelineStatus(T0 + 1, 2000, 1, 2, 3, 750));
            assertThat(s.status(60_000)).contains(new PipelineStatus(T0 + 1, 2000, 1, 2, 3, 750));
        }
        try (ClickStore s = ClickHouseClickStore.open(server.httpUrl() + "/" + db)) { // a second open finds nothing to add
            assertThat(s.status(60_000).orElseThrow().visibleLagMs()).isEqualTo(750);
        }
    }

    @Test
    void serverRunsInANonUtcZone() throws Exception {
        assertThat(admin().select("SELECT timezone() AS tz", n -> n.get("tz").asText()))
                .containsExactly(ClickHouseServerProcess.SERVER_TIMEZONE);
    }

    @Test
    void rowsOfTwoUtcDaysLandInTwoUtcDayPartitionsAndReadBack() throws Exception {
        // in the server's zone (UTC+5:30) both minutes fall on Nov 28; partitions follow UTC
        store.upsert(List.of(row("ad-1", LAST_MINUTE_OF_NOV_27, 3, 3, 0, 1), row("ad-1", FIRST_MINUTE_OF_NOV_28, 4, 2, 1, 1)));
        assertThat(admin().select("SELECT DISTINCT partition AS p FROM system.parts WHERE database = " + ClickHouseSchema.literal(database)
                + " AND table = 'ad_clicks_minute' AND active ORDER BY p", n -> n.get("p").asText()))
                .containsExactly("20261127", "20261128");
        assertThat(store.rows(LAST_MINUTE_OF_NOV_27, FIRST_MINUTE_OF_NOV_28 + MINUTE)).containsExactly(
                row("ad-1", LAST_MINUTE_OF_NOV_27, 3, 3, 0, 1), row("ad-1", FIRST_MINUTE_OF_NOV_28, 4, 2, 1, 1));
        assertThat(store.series("ad-1", FIRST_MINUTE_OF_NOV_28 - DAY, FIRST_MINUTE_OF_NOV_28 + DAY, Granularity.DAY)).containsExactly(
                new Bucket(FIRST_MINUTE_OF_NOV_28 - DAY, new Counts(3, 3, 0)), new Bucket(FIRST_MINUTE_OF_NOV_28, new Counts(4, 2, 1)));
        assertThat(store.totals("ad-1", FIRST_MINUTE_OF_NOV_28, FIRST_MINUTE_OF_NOV_28 + DAY)).isEqualTo(new Counts(4, 2, 1));
    }

    @Test
    void aTableWithAPlainDateTimeInANonUtcServerStillReadsAndWritesUtc() throws Exception {
        // a table created by hand (or an older schema) with the server-zone DateTime of docs/architecture.md, Contracts, store table
        String legacy = "t_legacy_" + UUID.randomUUID().toString().replace("-", "");
        ClickHouseHttp http = admin();
        http.execute("CREATE DATABASE " + legacy);
        http.execute("CREATE TABLE " + legacy + ".ad_clicks_minute (ad_id String, minute DateTime, clicks UInt64, verified_clicks UInt64,"
                + " suspicious_clicks UInt64, version UInt64) ENGINE = ReplacingMergeTree(version)"
                + " PARTITION BY toYYYYMMDD(minute) ORDER BY (ad_id, minute)");
        TimeZone jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham")); // neither UTC nor the server's zone
        try (ClickStore s = ClickHouseClickStore.open(server.httpUrl() + "/" + legacy)) {
            s.upsert(List.of(row("ad-1", LAST_MINUTE_OF_NOV_27, 3, 3, 0, 1), row("ad-1", FIRST_MINUTE_OF_NOV_28, 4, 4, 0, 1)));
            assertThat(s.rows(0, Long.MAX_VALUE)).containsExactly(
                    row("ad-1", LAST_MINUTE_OF_NOV_27, 3, 3, 0, 1), row("ad-1", FIRST_MINUTE_OF_NOV_28, 4, 4, 0, 1));
            assertThat(s.series("ad-1", Long.MIN_VALUE, Long.MAX_VALUE, Granularity.DAY)).containsExactly(
                    new Bucket(FIRST_MINUTE_OF_NOV_28 - DAY, new Counts(3, 3, 0)), new Bucket(FIRST_MINUTE_OF_NOV_28, new Counts(4, 4, 0)));
            assertThat(s.series("ad-1", FIRST_MINUTE_OF_NOV_28 - HOUR, FIRST_MINUTE_OF_NOV_28 + HOUR, Granularity.HOUR)).containsExactly(
                    new Bucket(FIRST_MINUTE_OF_NOV_28 - HOUR, new Counts(3, 3, 0)), new Bucket(FIRST_MINUTE_OF_NOV_28, new Counts(4, 4, 0)));
        } finally {
            TimeZone.setDefault(jvmZone);
        }
    }

    @Test
    void rangesNotOnWholeSecondsAndOpenEndsAreExact() throws Exception {
        store.upsert(List.of(row("ad-1", T0, 1, 1, 0, 1), row("ad-1", T0 + MINUTE, 2, 2, 0, 1)));
        assertThat(store.totals("ad-1", T0 + 1, T0 + MINUTE + 1)).isEqualTo(new Counts(2, 2, 0));
        assertThat(store.totals("ad-1", T0 - 1, T0 + MINUTE - 1)).isEqualTo(new Counts(1, 1, 0));
        assertThat(store.totals("ad-1", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(new Counts(3, 3, 0));
        assertThat(store.rows(0, T0)).isEmpty();
    }

    @Test
    void higherVersionStillWinsAfterTheServerMergesParts() throws Exception {
        store.upsert(List.of(row("ad-1", T0, 8, 8, 0, WriteVersions.reconciled(1_000))));
        store.upsert(List.of(row("ad-1", T0, 9, 9, 0, 5)));
        admin().execute("OPTIMIZE TABLE " + database + ".ad_clicks_minute FINAL");
        assertThat(store.rows(T0, T0 + MINUTE)).containsExactly(row("ad-1", T0, 8, 8, 0, WriteVersions.reconciled(1_000)));
    }

    @Test
    void adIdsWithQuotesBackslashesAndUnicodeRoundTrip() throws Exception {
        String odd = "ad'\\\"\t\n,é🙂";
        store.upsert(List.of(row(odd, T0, 5, 5, 0, 1), row("ad-plain", T0, 1, 1, 0, 1)));
        assertThat(store.rows(T0, T0 + MINUTE)).extracting(MinuteCount::adId).containsExactlyInAnyOrder(odd, "ad-plain");
        assertThat(store.totals(odd, T0, T0 + MINUTE)).isEqualTo(new Counts(5, 5, 0));
        assertThat(store.top(T0, T0 + MINUTE, 10, List.of(odd))).extracting(a -> a.adId()).containsExactly(odd);
    }

    @Test
    void aBatchOverManyDaysIsSplitBelowTheServersPartitionLimitAndStoredWhole() throws Exception {
        List<MinuteCount> batch = new ArrayList<>();
        for (int d = 0; d < 200; d++) batch.add(row("ad-1", T0 + d * DAY, 1, 1, 0, 1));
        assertThat(ClickHouseClickStore.chunksOfDays(batch)).hasSize(3)
                .allSatisfy(chunk -> assertThat(chunk.size()).isLessThanOrEqualTo(ClickHouseClickStore.MAX_DAYS_PER_INSERT));
        store.upsert(batch);
        assertThat(store.rows(T0, T0 + 200 * DAY)).containsExactlyElementsOf(batch);
    }

    @Test
    void clickStoresOpensTheClickhouseSchemeWithUserAndPassword() throws Exception {
        String location = "clickhouse:" + server.httpUrl() + "/" + database + "?user=" + ClickHouseServerProcess.USER
                + "&password=" + URLEncoder.encode(ClickHouseServerProcess.PASSWORD, StandardCharsets.UTF_8);
        try (ClickStore s = StoreLocations.open(location)) {
            s.upsert(List.of(row("ad-1", T0, 2, 2, 0, 1)));
        }
        assertThat(store.totals("ad-1", T0, T0 + MINUTE)).isEqualTo(new Counts(2, 2, 0));
    }

    @Test
    void aWrongPasswordIsReportedAsSuch() {
        assertThatThrownBy(() -> ClickHouseClickStore.open(server.httpUrl() + "/" + database + "?user=" + ClickHouseServerProcess.USER + "&password=wrong"))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("check user/password");
    }

    @Test
    void anUnreachableServerIsUnavailableNotAnotherError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> ClickHouseClickStore.open("http://127.0.0.1:" + closedPort + "/db"))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("cannot reach ClickHouse");
    }

    @Test
    void aClosedStoreRefusesWork() {
        store.close();
        assertThatThrownBy(() -> store.totals("ad-1", T0, T0 + MINUTE)).isInstanceOf(StoreUnavailableException.class);
    }
}
