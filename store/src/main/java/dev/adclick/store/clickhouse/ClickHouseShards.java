package dev.adclick.store.clickhouse;

import dev.adclick.store.StoreUnavailableException;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static dev.adclick.store.clickhouse.ClickHouseSchema.LOCAL_SUFFIX;
import static dev.adclick.store.clickhouse.ClickHouseSchema.REACH_TABLE;
import static dev.adclick.store.clickhouse.ClickHouseSchema.STATUS_TABLE;
import static dev.adclick.store.clickhouse.ClickHouseSchema.TABLE;
import static dev.adclick.store.clickhouse.ClickHouseSchema.literal;

/**
 * The DDL of sharded mode, run on each server separately instead of {@code ON CLUSTER} (which
 * needs ZooKeeper): on every shard, and on the endpoint if it is not one of them, the database,
 * the {@code ReplacingMergeTree} tables {@code ad_clicks_minute_local},
 * {@code pipeline_status_local} and {@code ad_reach_hour_local}, and {@code Distributed} tables under the usual names on top.
 * Every server can then take inserts and reads.
 *
 * <p>It also checks what would otherwise fail later and obscurely: that each server knows the
 * cluster with as many shards as the location lists, and that {@code ad_clicks_minute} is not a
 * leftover single-server table (which would keep every row on one server).
 */
final class ClickHouseShards {
    private ClickHouseShards() {}

    static void createTables(ClickHouseLocation location) throws StoreUnavailableException {
        String db = location.database();
        Set<URI> servers = new LinkedHashSet<>(location.shards());
        servers.add(location.endpoint());
        for (URI server : servers) {
            ClickHouseHttp http = new ClickHouseHttp(location.onServer(server));
            checkCluster(http, server, location);
            http.execute(ClickHouseSchema.createDatabase(db));
            http.execute(ClickHouseSchema.createTable(db, TABLE + LOCAL_SUFFIX));
            ClickHouseSchema.addMissingColumns(http, db, TABLE + LOCAL_SUFFIX);
            http.execute(ClickHouseSchema.createStatusTable(db, STATUS_TABLE + LOCAL_SUFFIX));
            ClickHouseSchema.addMissingStatusColumns(http, db, STATUS_TABLE + LOCAL_SUFFIX);
            http.execute(ClickHouseSchema.createReachTable(db, REACH_TABLE + LOCAL_SUFFIX));
            http.execute(ClickHouseSchema.createDistributedTable(db, TABLE, location.cluster(), "ad_id"));
            ClickHouseSchema.addMissingColumns(http, db, TABLE);
            http.execute(ClickHouseSchema.createDistributedTable(db, STATUS_TABLE, location.cluster(), "writer_id"));
            ClickHouseSchema.addMissingStatusColumns(http, db, STATUS_TABLE);
            http.execute(ClickHouseSchema.createDistributedTable(db, REACH_TABLE, location.cluster(), "ad_id"));
            for (String table : List.of(TABLE, STATUS_TABLE, REACH_TABLE)) checkDistributed(http, server, db, table);
        }
    }

    private static void checkCluster(ClickHouseHttp http, URI server, ClickHouseLocation location) throws StoreUnavailableException {
        List<Long> shardCount = http.select("SELECT uniqExact(shard_num) AS n FROM system.clusters WHERE cluster = " + literal(location.cluster()),
                n -> n.get("n").asLong());
        long n = shardCount.isEmpty() ? 0 : shardCount.get(0);
        if (n == 0) {
            throw new IllegalArgumentException("ClickHouse server " + server + " has no cluster '" + location.cluster()
                    + "' in its remote_servers configuration; define it on every server");
        }
        if (n != location.shards().size()) {
            throw new IllegalArgumentException("ClickHouse cluster '" + location.cluster() + "' has " + n + " shards on " + server
                    + " but the store location lists " + location.shards().size() + " (shards=…): every shard needs its tables,"
                    + " or inserts routed to it fail");
        }
    }

    private static void checkDistributed(ClickHouseHttp http, URI server, String db, String table) throws StoreUnavailableException {
        List<String> engine = http.select("SELECT engine FROM system.tables WHERE database = " + literal(db) + " AND name = " + literal(table),
                n -> n.get("engine").asText());
        if (!engine.equals(List.of("Distributed"))) {
            throw new IllegalArgumentException("ClickHouse table " + db + "." + table + " on " + server + " is " + engine
                    + ", not Distributed: it was created by a single-server store. Move its rows into " + table + LOCAL_SUFFIX
                    + " and drop it, or use another database for sharded mode");
        }
    }
}
