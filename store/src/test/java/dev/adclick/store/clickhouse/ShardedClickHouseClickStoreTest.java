package dev.adclick.store.clickhouse;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.store.AdCounts;
import dev.adclick.store.Bucket;
import dev.adclick.store.ClickStore;
import dev.adclick.store.Granularity;
import dev.adclick.store.ClickStoreContractTest;
import dev.adclick.store.StoreLocations;
import dev.adclick.store.StoreUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link ClickHouseClickStore} in sharded mode: the shared contract through a
 * {@code Distributed} table over two real servers (one shard each, no ZooKeeper), plus where the
 * rows land, read-your-writes through the other server, and the configuration checks.
 */
@Tag("it-clickhouse")
class ShardedClickHouseClickStoreTest extends ClickStoreContractTest {
    private static final String CLUSTER = "adclick";
    private static List<ClickHouseServerProcess> shards;
    private String database;

    @BeforeAll
    static void startShards() throws Exception {
        shards = ClickHouseServerProcess.startShards(CLUSTER, 2);
    }

    @AfterAll
    static void stopShards() {
        if (shards != null) shards.forEach(ClickHouseServerProcess::close);
    }

    @Override
    protected ClickStore openEmptyStore() throws Exception {
        database = "t_" + UUID.randomUUID().toString().replace("-", "");
        return ClickHouseClickStore.open(location(0, database));
    }

    private static String location(int endpoint, String db) {
        return shards.get(endpoint).httpUrl() + "/" + db + "?cluster=" + CLUSTER
                + "&shards=" + shards.get(0).httpUrl() + "," + shards.get(1).httpUrl();
    }

    private ClickHouseHttp shard(int i) {
        return new ClickHouseHttp(ClickHouseLocation.parse(shards.get(i).httpUrl() + "/" + database));
    }

    private Set<String> adsStoredOn(int i) throws StoreUnavailableException {
        return new HashSet<>(shard(i).select("SELECT DISTINCT ad_id FROM " + database + ".ad_clicks_minute_local", n -> n.get("ad_id").asText()));
    }

    @Test
    void rowsAreSpreadOverBothShardsAndEachAdLivesOnOne() throws Exception {
        List<MinuteCount> batch = new ArrayList<>();
        for (int ad = 0; ad < 50; ad++) batch.add(row("ad-" + ad, T0, ad + 1, ad, 0, 1));
        store.upsert(batch);
        Set<String> first = adsStoredOn(0);
        Set<String> second = adsStoredOn(1);
        assertThat(first).isNotEmpty();
        assertThat(second).isNotEmpty().doesNotContainAnyElementsOf(first);
        assertThat(first.size() + second.size()).isEqualTo(50);
        assertThat(store.rows(T0, T0 + MINUTE)).containsExactlyInAnyOrderElementsOf(batch);
    }

    @Test
    void everyVersionOfAKeyLandsOnOneShardSoMergesKeepTheHighest() throws Exception {
        for (long version = 1; version <= 4; version++) store.upsert(List.of(row("ad-hot", T0, 10 * version, version, 0, version)));
        int owner = adsStoredOn(0).contains("ad-hot") ? 0 : 1;
        assertThat(adsStoredOn(1 - owner)).isEmpty();
        shard(owner).execute("OPTIMIZE TABLE " + database + ".ad_clicks_minute_local FINAL");
        assertThat(shard(owner).select("SELECT clicks, version FROM " + database + ".ad_clicks_minute_local",
                n -> n.get("clicks").asLong() + "@" + n.get("version").asLong())).containsExactly("40@4");
        assertThat(store.rows(T0, T0 + MINUTE)).containsExactly(row("ad-hot", T0, 40, 4, 0, 4));
    }

    @Test
    void anUpsertThatReturnedIsReadableAtOnceThroughTheOtherServer() throws Exception {
        try (ClickStore other = ClickHouseClickStore.open(location(1, database))) {
            for (int i = 1; i <= 20; i++) {
                List<MinuteCount> batch = new ArrayList<>();
                for (int ad = 0; ad < 10; ad++) batch.add(row("ad-" + ad, T0, i, i, 0, i));
                store.upsert(batch);
                assertThat(other.totals("ad-" + (i % 10), T0, T0 + MINUTE)).isEqualTo(new Counts(i, i, 0));
            }
        }
    }

    @Test
    void clickStoresOpensTheShardedLocation() throws Exception {
        try (ClickStore s = StoreLocations.open("clickhouse:" + location(1, database))) {
            s.upsert(List.of(row("ad-1", T0, 2, 2, 0, 1)));
        }
        assertThat(store.totals("ad-1", T0, T0 + MINUTE)).isEqualTo(new Counts(2, 2, 0));
    }

    @Test
    void aClusterTheServersDoNotKnowIsRejectedByName() {
        String wrong = shards.get(0).httpUrl() + "/" + database + "?cluster=nosuch&shards=" + shards.get(0).httpUrl() + "," + shards.get(1).httpUrl();
        assertThatThrownBy(() -> ClickHouseClickStore.open(wrong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no cluster 'nosuch'").hasMessageContaining("remote_servers");
    }

    @Test
    void aShardListThatMissesAShardIsRejected() {
        String partial = shards.get(0).httpUrl() + "/" + database + "?cluster=" + CLUSTER + "&shards=" + shards.get(0).httpUrl();
        assertThatThrownBy(() -> ClickHouseClickStore.open(partial)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 2 shards").hasMessageContaining("lists 1");
    }

    @Test
    void aSingleServerTableInTheWayIsRejectedNotSilentlyUsed() throws Exception {
        String legacy = "t_single_" + UUID.randomUUID().toString().replace("-", "");
        ClickHouseClickStore.open(shards.get(0).httpUrl() + "/" + legacy).close();
        assertThatThrownBy(() -> ClickHouseClickStore.open(location(0, legacy))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not Distributed");
    }

    /**
     * Sharded tables of the version before dimensions (local tables with its DDL and a Distributed
     * table over them): each shard's local table is rebuilt and its rollups computed on that shard,
     * the Distributed table is created again over the new columns, and every ad stays on its shard.
     */
    @Test
    void tablesWrittenBeforeDimensionsAreRebuiltOnEveryShard() throws Exception {
        String db = "old_" + UUID.randomUUID().toString().replace("-", "");
        for (ClickHouseServerProcess server : shards) {
            ClickHouseHttp http = new ClickHouseHttp(ClickHouseLocation.parse(server.httpUrl() + "/" + db));
            http.execute("CREATE DATABASE " + db);
            http.execute("CREATE TABLE " + db + ".ad_clicks_minute_local (ad_id String, minute DateTime('UTC'), clicks UInt64,"
                    + " verified_clicks UInt64, suspicious_clicks UInt64, served_impressions UInt64, impressions UInt64, version UInt64)"
                    + " ENGINE = ReplacingMergeTree(version) PARTITION BY toYYYYMMDD(minute) ORDER BY (ad_id, minute)");
            http.execute("CREATE TABLE " + db + ".ad_clicks_minute AS " + db + ".ad_clicks_minute_local"
                    + " ENGINE = Distributed(" + CLUSTER + ", " + db + ", ad_clicks_minute_local, cityHash64(ad_id))");
        }
        ClickHouseHttp distributed = new ClickHouseHttp(ClickHouseLocation.parse(location(0, db))); // inserts wait for the shards
        StringBuilder values = new StringBuilder();
        List<MinuteCount> legacy = new ArrayList<>();
        for (int ad = 0; ad < 20; ad++) {
            for (long minute : List.of(T0, T0 + HOUR + MINUTE)) {
                MinuteCount r = new MinuteCount("ad-" + ad, minute, new Counts(ad + 1, ad, 0, 0, 2 * ad), 5);
                legacy.add(r);
                values.append(values.length() == 0 ? "" : ", ").append("('").append(r.adId()).append("', ").append(minute / 1000)
                        .append(", ").append(ad + 1).append(", ").append(ad).append(", 0, 0, ").append(2 * ad).append(", 5)");
            }
        }
        distributed.execute("INSERT INTO " + db + ".ad_clicks_minute VALUES " + values);
        try (ClickStore s = ClickHouseClickStore.open(location(0, db))) {
            List<MinuteCount> expected = new ArrayList<>();
            for (MinuteCount r : legacy) {
                expected.add(r);
                expected.add(new MinuteCount(r.adId(), r.minute(), Dimensions.UNKNOWN, r.counts(), r.version()));
            }
            assertThat(s.rows(T0, T0 + 2 * HOUR)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(s.series("ad-7", T0, T0 + 2 * HOUR, Granularity.HOUR, DimensionFilter.of(Map.of(Dimension.COUNTRY, Dimension.UNKNOWN))))
                    .containsExactly(new Bucket(T0, new Counts(8, 7, 0, 0, 14)), new Bucket(T0 + HOUR, new Counts(8, 7, 0, 0, 14)));
            assertThat(s.top(T0, T0 + 2 * HOUR, 1, null)).containsExactly(new AdCounts("ad-19", new Counts(40, 38, 0, 0, 76)));
        }
        for (int i = 0; i < 2; i++) {
            ClickHouseHttp shard = new ClickHouseHttp(ClickHouseLocation.parse(shards.get(i).httpUrl() + "/" + db));
            Set<String> minuteAds = new HashSet<>(shard.select("SELECT DISTINCT ad_id FROM " + db + ".ad_clicks_minute_local", n -> n.get("ad_id").asText()));
            Set<String> hourAds = new HashSet<>(shard.select("SELECT DISTINCT ad_id FROM " + db + ".ad_clicks_hour_local", n -> n.get("ad_id").asText()));
            assertThat(minuteAds).isNotEmpty().isEqualTo(hourAds);
            assertThat(shard.select("SELECT engine FROM system.tables WHERE database = " + ClickHouseSchema.literal(db)
                    + " AND name = 'ad_clicks_minute'", n -> n.get("engine").asText())).containsExactly("Distributed");
        }
    }

    @Test
    void aShardThatIsDownFailsWritesAndReadsAsUnavailable() throws Exception {
        List<ClickHouseServerProcess> pair = ClickHouseServerProcess.startShards(CLUSTER, 2);
        String location = pair.get(0).httpUrl() + "/db?cluster=" + CLUSTER + "&shards=" + pair.get(0).httpUrl() + "," + pair.get(1).httpUrl()
                + "&timeout_ms=20000";
        try (ClickStore s = ClickHouseClickStore.open(location)) {
            List<MinuteCount> batch = new ArrayList<>();
            for (int ad = 0; ad < 20; ad++) batch.add(row("ad-" + ad, T0, 1, 1, 0, 1));
            s.upsert(batch);
            pair.get(1).kill();
            assertThatThrownBy(() -> s.upsert(batch)).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> s.rows(T0, T0 + MINUTE)).isInstanceOf(StoreUnavailableException.class);
        } finally {
            pair.forEach(ClickHouseServerProcess::close);
        }
    }
}
