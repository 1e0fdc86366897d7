import com.fasterxml.jackson.databind.JsonNode;
import dev.adclick.cli.chaos.Fault;
import dev.adclick.cluster.ClusterSpec;
import dev.adclick.cluster.LocalCluster;
import dev.adclick.cluster.flink.FlinkRest;
import dev.adclick.cluster.process.NodeProcess;
import dev.adclick.cluster.process.Waits;
import dev.adclick.cluster.services.AdclickService;
import dev.adclick.cluster.spark.SparkSubmit;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * The loopback cluster ({@link LocalCluster}: 3 KRaft brokers, Redis, 2 ClickHouse shards, S3Proxy,
 * Flink JobManager + 2 TaskManagers, 2 click services, the query API, Spark) with the cluster's faults,
 * each on one node the seeded random picks: a TaskManager killed (-9; the one running the job's
 * tasks) and restarted, a broker killed and restarted (topics RF 3, min ISR 2), Redis killed or
 * paused, a click service killed and restarted (its spool replays), a ClickHouse shard killed or
 * SIGSTOPped. After each fault the soak waits until the cluster is whole again (brokers' replicas in
 * sync, all TaskManagers' slots registered, the job running) so faults do not pile up.
 */
final class ClusterTargets implements Targets {
    static final List<Fault> KINDS = List.of(Fault.REDIS_STOP, Fault.REDIS_PAUSE, Fault.KAFKA_STOP, Fault.JOB_KILL,
            Fault.SERVICE_RESTART, Fault.STORE_KILL, Fault.STORE_PAUSE);
    private static final Duration RECOVERY = Duration.ofMinutes(3);

    final Path work;
    final Path home;
    /** Which node a fault hits: its own seeded random, so the schedule's sequence stays the shared one. */
    final Random pick;
    ClusterSpec spec;
    LocalCluster cluster;

    ClusterTargets(Path work, Path home, long seed) {
        this.work = work;
        this.home = home;
        this.pick = new Random(seed * 13 + 5);
    }

    @Override
    public void start() throws Exception {
        spec = ClusterSpec.defaults(home, work.resolve("cluster"));
        cluster = LocalCluster.start(spec, Net::say);
    }

    @Override
    public List<String> ingestUrls() {
        return cluster.ingest().stream().map(AdclickService::url).toList();
    }

    @Override
    public String queryUrl() {
        return cluster.query().url();
    }

    @Override
    public String adminKey() {
        return cluster.secrets().adminKey();
    }

    @Override
    public String kafkaBootstrap() {
        return cluster.kafka().bootstrapServers();
    }

    @Override
    public List<Fault> kinds() {
        return KINDS;
    }

    @Override
    public void inject(Fault f, long hold) throws Exception {
        switch (f) {
            case REDIS_STOP -> {
                target(cluster.redis().process());
                cluster.redis().process().kill();
                Net.pause(hold);
                cluster.redis().restart();
            }
            case REDIS_PAUSE -> {
                target(cluster.redis().process());
                Net.redisCommand(cluster.redis().port(), "CLIENT", "PAUSE", String.valueOf(hold));
                Net.pause(hold);
            }
            case KAFKA_STOP -> {
                int i = pick.nextInt(cluster.kafka().nodes().size());
                NodeProcess broker = cluster.kafka().nodes().get(i).process();
                target(broker);
                broker.kill();
                Net.pause(hold);
                cluster.kafka().restart(i, List.of(LocalCluster.TOPIC, LocalCluster.IMPRESSIONS_TOPIC));
            }
            case JOB_KILL -> {
                FlinkRest rest = cluster.flink().rest();
                // a kill before the first checkpoint would restart the job from scratch, not restore it
                Waits.until("a completed checkpoint", RECOVERY, () -> rest.checkpoints(cluster.jobId()).path("counts").path("completed").asInt() > 0);
                int restoredBefore = restores(rest);
                int busy = busyTaskManager();
                int i = busy >= 0 ? busy : pick.nextInt(cluster.flink().taskManagers().size());
                NodeProcess tm = cluster.flink().taskManagers().get(i);
                target(tm);
                tm.kill();
                Net.pause(hold);
                cluster.flink().restartTaskManager(i, spec.slotsPerTaskManager());
                // Flink notices the loss only after its heartbeat timeout: "running" counts once the job has restored from a checkpoint
                Waits.until("job " + cluster.jobId() + " to restore and run all its tasks again", RECOVERY,
                        () -> (busy < 0 || restores(rest) > restoredBefore) && rest.isFullyRunning(cluster.jobId()));
                Net.say("  job running; restores from a checkpoint so far: " + restores(rest));
            }
            case SERVICE_RESTART -> {
                AdclickService service = cluster.ingest().get(pick.nextInt(cluster.ingest().size()));
                target(service.process());
                service.process().kill();
                service.restart();
            }
            case STORE_KILL -> {
                int shard = pick.nextInt(cluster.clickhouse().servers().size());
                target(cluster.clickhouse().servers().get(shard));
                cluster.clickhouse().servers().get(shard).kill();
                Net.pause(hold);
                cluster.clickhouse().restart(shard);
            }
            case STORE_PAUSE -> {
                NodeProcess shard = cluster.clickhouse().servers().get(pick.nextInt(cluster.clickhouse().servers().size()));
                target(shard);
                shard.suspend();
                try {
                    Net.pause(hold);
                } finally {
                    shard.resume();
                }
            }
            default -> throw new IllegalArgumentException(f + " is not a cluster fault");
        }
    }

    private int restores(FlinkRest rest) throws Exception {
        return rest.checkpoints(cluster.jobId()).path("counts").path("restored").asInt();
    }

    private static void target(NodeProcess p) {
        Net.say("  on " + p);
    }

    /**
     * The TaskManager whose slots the job holds (the REST API's {@code /taskmanagers}: slots in use),
     * matched by its resource id in the TaskManagers' logs; killing the idle one would test nothing.
     * -1 if none matches (then a seeded pick).
     */
    int busyTaskManager() throws Exception {
        HttpResponse<String> r = Net.send(HttpRequest.newBuilder(URI.create(cluster.flink().restUrl() + "/taskmanagers"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        List<NodeProcess> tms = cluster.flink().taskManagers();
        for (JsonNode tm : Net.JSON.readTree(r.body()).path("taskmanagers")) {
            if (tm.path("freeSlots").asInt() >= tm.path("slotsNumber").asInt()) continue;
            String id = tm.path("id").asText();
            for (int i = 0; i < tms.size(); i++) {
                Path dir = tms.get(i).log().getParent();
                for (Path log : List.of(tms.get(i).log(), dir.resolve("flink.log"))) {
                    if (Files.exists(log) && new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.ISO_8859_1).contains(id)) return i;
                }
            }
        }
        Net.say("  (no TaskManager matched the job's slots: a seeded pick)");
        return -1;
    }

    @Override
    public int reconcile(String hour, Path log) throws Exception {
        SparkSubmit submit = cluster.reconcile().submit();
        ProcessBuilder pb = new ProcessBuilder(submit.command(hour)).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(submit.environment());
        return pb.start().waitFor();
    }

    @Override
    public String lossNote() {
        return "(a click service answers first and spools a few ms later, so a kill -9 of one can lose the events "
                + "answered in that window: docs/reliability.md)";
    }

    @Override
    public void close() {
        if (cluster != null) cluster.close();
    }
}
