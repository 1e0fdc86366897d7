package dev.adclick.store.clickhouse;

import dev.adclick.core.dimension.Dimension;
import dev.adclick.store.CountTable;
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
 * the {@code ReplacingMergeTree} tables {@code ad_clicks_minute_local}, {@code ad_clicks_hour_local},
 * {@code ad_clicks_day_local}, {@code pipeline_status_local} and {@code ad_reach_hour_local}, and
 * {@code Distributed} tables under the usual names on top, the count tables sharded by
 * {@code cityHash64(ad_id)}: all of one ad's minutes and rollups live on one shard, so a shard
 * recomputes its rollups from its own rows. A legacy local minute table is migrated on its shard.
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
            checkNotSingleServer(http, server, db, TABLE);
            boolean rebuilt = ClickHouseMigration.migrate(http, db, LOCAL_SUFFIX);
            for (CountTable t : CountTable.values()) http.execute(ClickHouseSchema.createTable(db, t.table() + LOCAL_SUFFIX, t));
            http.execute(ClickHouseSchema.createStatusTable(db, STATUS_TABLE + LOCAL_SUFFIX));
            ClickHouseSchema.addMissingStatusColumns(http, db, STATUS_TABLE + LOCAL_SUFFIX);
            http.execute(ClickHouseSchema.createReachTable(db, REACH_TABLE + LOCAL_SUFFIX));
            http.execute(ClickHouseSeals.createTable(db, ClickHouseSeals.TABLE + LOCAL_SUFFIX));
            // a Distributed table copies the columns of the local one when created: over a rebuilt
            // local table it is created again (it holds no rows; checked above to be Distributed),
            // also when an earlier open rebuilt the local table and stopped before this
            Set<String> distributed = ClickHouseSchema.columns(http, db, TABLE);
            if (rebuilt || (!distributed.isEmpty() && !distributed.contains(Dimension.PLACEMENT.field()))) {
                http.execute("DROP TABLE IF EXISTS " + db + "." + TABLE);
            }
            for (CountTable t : CountTable.values()) {
                http.execute(ClickHouseSchema.createDistributedTable(db, t.table(), location.cluster(), "ad_id"));
            }
            ClickHouseSchema.addMissingColumns(http, db, TABLE);
            http.execute(ClickHouseSchema.createDistributedTable(db, STATUS_TABLE, location.cluster(), "writer_id"));
            ClickHouseSchema.addMissingStatusColumns(http, db, STATUS_TABLE);
            http.execute(ClickHouseSchema.createDistributedTable(db, REACH_TABLE, location.cluster(), "ad_id"));
            http.execute(ClickHouseSchema.createDistributedTable(db, ClickHouseSeals.TABLE, location.cluster(), "toString(period_start)"));
            for (String table : List.of(TABLE, CountTable.HOUR.table(), CountTable.DAY.table(), STATUS_TABLE, REACH_TABLE)) {
                checkDistributed(http, server, db, table);
            }
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

    /** A table under the Distributed name that is not one (e.g. of a single-server store) is never migrated or dropped. */
    private static void checkNotSingleServer(ClickHouseHttp http, URI server, String db, String table) throws StoreUnavailableException {
        List<String> engine = http.select("SELECT engine FROM system.tables WHERE database = " + literal(db) + " AND name = " + literal(table),
                n -> n.get("engine").asText());
        if (!engine.isEmpty()) checkDistributed(http, server, db, table);
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
