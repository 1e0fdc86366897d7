package dev.adclick.cluster;

import dev.adclick.aggregator.AggregatorSettings;
import dev.adclick.core.catalog.ApiKeys;
import dev.adclick.core.kafka.KafkaSettings;
import dev.adclick.ingest.IngestSettings;
import dev.adclick.query.QuerySettings;
import dev.adclick.store.StoreSettings;
import dev.adclick.cluster.clickhouse.ClickHouseNodes;
import dev.adclick.cluster.flink.FlinkNodes;
import dev.adclick.cluster.flink.FlinkRest;
import dev.adclick.cluster.kafka.KafkaNodes;
import dev.adclick.cluster.process.NodeProcess;
import dev.adclick.cluster.process.Ports;
import dev.adclick.cluster.process.Waits;
import dev.adclick.cluster.redis.RedisNode;
import dev.adclick.cluster.s3.S3Node;
import dev.adclick.cluster.services.AdclickService;
import dev.adclick.cluster.spark.ClusterReconcile;
import dev.adclick.cluster.spark.SparkHome;
import dev.adclick.cluster.spark.SparkNodes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import static dev.adclick.cluster.process.StartSteps.async;
import static dev.adclick.cluster.process.StartSteps.getQuietly;

/**
 * The cluster deployment of adclick as separate processes on loopback: three KRaft Kafka nodes,
 * Redis, two ClickHouse shards behind a {@code Distributed} table, S3 (S3Proxy) holding the archive and
 * Flink's checkpoints, a Flink standalone cluster (one JobManager, two TaskManagers of two slots),
 * the aggregator's job jar submitted over Flink's REST API, two click services, one query API, and
 * the offline half: a Spark standalone master and worker to which {@link #reconcile()}
 * submits reconciliation, once or for each closed hour by its scheduler. Every process gets free ports and a directory under
 * {@link ClusterSpec#baseDir()}; {@link #close()} stops them all, also after a failed start.
 */
public final class LocalCluster implements AutoCloseable {
    public static final String TOPIC = KafkaSettings.TOPIC.defaultValue();
    /** The click services publish served and rendered impressions here (their default, so their environment does not name it). */
    public static final String IMPRESSIONS_TOPIC = KafkaSettings.IMPRESSIONS_TOPIC.defaultValue();
    public static final String JOB_ENTRY_CLASS = "dev.adclick.aggregator.AggregateJob";

    private final ClusterSpec spec;
    private final Consumer<String> progress;
    private final long startNanos = System.nanoTime();
    private final Ports ports = new Ports();
    private final ClusterSecrets secrets = ClusterSecrets.random();

    /** Where the job archives clicks (Flink's S3 plugin) and reconciliation reads them (Hadoop's S3A): the same objects. */
    public static final String ARCHIVE_PREFIX = "archive";

    private S3Node s3;
    private SparkNodes spark;
    private ClusterReconcile reconcile;
    private ClickHouseNodes clickhouse;
    private RedisNode redis;
    private KafkaNodes kafka;
    private FlinkNodes flink;
    private AdclickService query;
    private final List<AdclickService> ingest = new ArrayList<>();
    private String jarId;
    private String jobId;

    private LocalCluster(ClusterSpec spec, Consumer<String> progress) {
        this.spec = spec;
        this.progress = progress;
    }

    /** Starts everything and submits the job; on failure stops what was started and rethrows. */
    public static LocalCluster start(ClusterSpec spec, Consumer<String> progress) throws Exception {
        LocalCluster cluster = new LocalCluster(spec, progress);
        try {
            cluster.startAll();
        } catch (Exception | Error e) {
            cluster.say("start failed (" + e.getMessage() + "); stopping what was started");
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void startAll() throws Exception {
        spec.checkBuilt();
        Path base = spec.baseDir();
        say("starting in " + base);
        clickhouse = ClickHouseNodes.start(spec.clickhouseShards(), base, ports);
        say("ClickHouse: " + spec.clickhouseShards() + " shards at " + clickhouse.httpUrl(0) + " … (cluster '" + ClickHouseNodes.CLUSTER + "')");
        redis = RedisNode.start(base, ports);
        say("Redis: " + redis.uri());
        s3 = S3Node.start(spec.s3proxyJar(), base, ports, secrets.s3AccessKey(), secrets.s3SecretKey());
        say("S3 (S3Proxy): " + s3.endpoint() + ", buckets " + S3Node.ARCHIVE_BUCKET + " (archive), " + S3Node.CHECKPOINT_BUCKET + " (checkpoints, savepoints)");
        CompletableFuture<SparkNodes> sparkStart = async(() -> SparkNodes.start(SparkHome.create(spec.repoDir(), base), base, ports));

        // the two biggest start-ups overlap; each waits for its own readiness
        CompletableFuture<KafkaNodes> kafkaStart = async(() -> KafkaNodes.start(spec.kafkaBrokers(), base, spec.clusterClasspath(), ports, "384m"));
        CompletableFuture<FlinkNodes> flinkStart = async(() -> FlinkNodes.start(spec.taskManagers(), spec.slotsPerTaskManager(),
                base.resolve("flink"), spec.clusterClasspath(), spec.flinkPlugins(), ports, checkpointDir(), s3.flinkSettings()));
        try {
            kafka = kafkaStart.get();
            say("Kafka: " + spec.kafkaBrokers() + " KRaft brokers (broker+controller) at " + kafka.bootstrapServers());
        } finally {
            flink = getQuietly(flinkStart);
            spark = getQuietly(sparkStart);
        }
        if (flink == null) flinkStart.get();
        if (spark == null) sparkStart.get();
        say("Flink: JobManager at " + flink.restUrl() + ", " + spec.taskManagers() + " TaskManagers × " + spec.slotsPerTaskManager() + " slots");
        say("Flink metrics (Prometheus): " + String.join("  ", flink.metricsUrls().values()));
        say("Spark: master " + spark.masterUrl() + " (web UI " + spark.masterUiUrl() + "), 1 worker");
        reconcile = new ClusterReconcile(spark, base.resolve("spark"), spec.reconcileJobJar(), archiveUri("s3a"), storeLocation(), s3.endpoint(),
                s3.accessKey(), s3.secretKey(), spec.checkpointInterval(), spec.launcherClasspath(), this::say);
        int replication = Math.min(3, spec.kafkaBrokers());
        for (String topic : List.of(TOPIC, IMPRESSIONS_TOPIC)) {
            kafka.createTopic(topic, spec.topicPartitions(), replication, Math.max(1, replication - 1));
            say("topic '" + topic + "': " + spec.topicPartitions() + " partitions, replication " + replication + ", min.insync.replicas " + Math.max(1, replication - 1));
        }

        // the query service creates the sharded tables (DDL on every shard) before the job writes
        int queryPort = ports.next();
        List<Integer> ingestPorts = new ArrayList<>();
        for (int i = 0; i < spec.ingestInstances(); i++) ingestPorts.add(ports.next());
        Map<String, String> queryEnv = new LinkedHashMap<>(commonEnv());
        queryEnv.put(QuerySettings.PORT.envVar(), String.valueOf(queryPort));
        queryEnv.put(QuerySettings.INGEST_METRICS_URLS.envVar(), String.join(",", ingestPorts.stream().map(p -> "http://127.0.0.1:" + p + "/metrics").toList()));
        CompletableFuture<AdclickService> queryStart = async(() -> AdclickService.start("query", "query", queryPort, "/api/openapi.json",
                base.resolve("query"), spec.cliClasspath(), queryEnv));
        List<CompletableFuture<AdclickService>> ingestStarts = new ArrayList<>();
        for (int i = 0; i < spec.ingestInstances(); i++) {
            Map<String, String> env = new LinkedHashMap<>(commonEnv());
            env.put(IngestSettings.PORT.envVar(), String.valueOf(ingestPorts.get(i)));
            String name = "ingest-" + (i + 1);
            int port = ingestPorts.get(i);
            ingestStarts.add(async(() -> AdclickService.start(name, "ingest", port, "/healthz", base.resolve(name), spec.cliClasspath(), env)));
        }
        query = queryStart.get();
        for (CompletableFuture<AdclickService> f : ingestStarts) ingest.add(f.get());
        say("ingest: " + String.join(", ", ingest.stream().map(AdclickService::url).toList()) + "; query API: " + query.url());

        FlinkRest rest = flink.rest();
        jarId = rest.uploadJar(spec.jobJar());
        jobId = rest.runJar(jarId, JOB_ENTRY_CLASS, jobArgs(), spec.jobParallelism());
        Waits.until("job " + jobId + " to run all its tasks", Duration.ofSeconds(120), () -> rest.isFullyRunning(jobId));
        say("job " + jobId + " running, parallelism " + spec.jobParallelism() + " (jar uploaded over " + flink.restUrl() + "/jars/upload)");
    }

    private Map<String, String> commonEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(KafkaSettings.BOOTSTRAP.envVar(), kafka.bootstrapServers());
        env.put(IngestSettings.REDIS_URI.envVar(), redis.uri());
        env.put(StoreSettings.STORE.envVar(), storeLocation());
        env.put(IngestSettings.TOKEN_SECRETS.envVar(), secrets.tokenSecret());
        env.put(IngestSettings.IP_SALT.envVar(), secrets.ipSalt());
        env.put(ApiKeys.ADMIN_KEY.envVar(), secrets.adminKey());
        // the load generator stands in for a load balancer on loopback
        env.put(IngestSettings.TRUSTED_PROXIES.envVar(), "127.0.0.1");
        return env;
    }

    /** The aggregator's arguments: what differs from the embedded defaults. */
    public List<String> jobArgs() {
        List<String> args = new ArrayList<>();
        args.addAll(AggregatorSettings.BOOTSTRAP.asArgs(kafka.bootstrapServers()));
        args.addAll(AggregatorSettings.TOPIC.asArgs(TOPIC));
        args.addAll(AggregatorSettings.STORE.asArgs(storeLocation()));
        args.addAll(AggregatorSettings.ARCHIVE.asArgs(archiveUri("s3")));
        args.addAll(AggregatorSettings.CHECKPOINT_DIR.asArgs(checkpointDir()));
        args.addAll(AggregatorSettings.CHECKPOINT_INTERVAL.asArgs(spec.checkpointInterval()));
        args.addAll(AggregatorSettings.DEDUPE_TTL.asArgs(spec.dedupeTtl()));
        args.addAll(AggregatorSettings.PARALLELISM.asArgs(String.valueOf(spec.jobParallelism())));
        return args;
    }

    /** The archive root: {@code s3://…} for Flink's plugin, {@code s3a://…} for Spark's Hadoop (one bucket, one prefix). */
    public String archiveUri(String scheme) {
        return scheme + "://" + S3Node.ARCHIVE_BUCKET + "/" + ARCHIVE_PREFIX;
    }

    /** Checkpoints; savepoints go beside them ({@code …-savepoints}, see FlinkConfig). */
    private String checkpointDir() {
        return "s3://" + S3Node.CHECKPOINT_BUCKET + "/checkpoints";
    }

    /** The offline half: reconciliation of one hour, or of every closed hour by the scheduler process. */
    public ClusterReconcile reconcile() {
        return reconcile;
    }

    public S3Node s3() {
        return s3;
    }

    public SparkNodes spark() {
        return spark;
    }

    public String storeLocation() {
        return clickhouse.storeLocation("adclick");
    }

    public KafkaNodes kafka() {
        return kafka;
    }

    public FlinkNodes flink() {
        return flink;
    }

    public ClickHouseNodes clickhouse() {
        return clickhouse;
    }

    public RedisNode redis() {
        return redis;
    }

    public List<AdclickService> ingest() {
        return List.copyOf(ingest);
    }

    public AdclickService query() {
        return query;
    }

    public String jobId() {
        return jobId;
    }

    /** The uploaded job jar's id on the JobManager, for {@code POST /jars/{id}/run}. */
    public String jarId() {
        return jarId;
    }

    /**
     * Upgrades the running job the way docs/deploy.md describes: stop with a savepoint (into the
     * cluster's {@code execution.checkpointing.savepoint-dir}), then run the jar again from it.
     *
     * @return the new job's id
     */
    public String restartFromSavepoint() throws Exception {
        FlinkRest rest = flink.rest();
        String trigger = rest.stopWithSavepoint(jobId, null);
        String[] location = new String[1];
        Waits.until("the savepoint of job " + jobId, Duration.ofSeconds(120), () -> {
            location[0] = rest.savepointLocation(jobId, trigger).orElse(null);
            return location[0] != null;
        });
        say("job " + jobId + " stopped with savepoint " + location[0]);
        jobId = rest.runJar(jarId, JOB_ENTRY_CLASS, jobArgs(), spec.jobParallelism(), location[0]);
        Waits.until("job " + jobId + " to run all its tasks", Duration.ofSeconds(120), () -> rest.isFullyRunning(jobId));
        say("job " + jobId + " running, restored from " + location[0]);
        return jobId;
    }

    public ClusterSecrets secrets() {
        return secrets;
    }

    /** Every process, for the pid file of {@code start.sh}. */
    public List<NodeProcess> processes() {
        List<NodeProcess> all = new ArrayList<>();
        if (reconcile != null && reconcile.scheduler() != null) all.add(reconcile.scheduler());
        if (spark != null) all.addAll(spark.processes());
        ingest.forEach(s -> all.add(s.process()));
        if (query != null) all.add(query.process());
        if (flink != null) {
            all.addAll(flink.taskManagers());
            all.add(flink.jobManager());
        }
        if (kafka != null) kafka.nodes().forEach(n -> all.add(n.process()));
        if (redis != null) all.add(redis.process());
        if (clickhouse != null) all.addAll(clickhouse.servers());
        if (s3 != null) all.add(s3.process());
        return all;
    }

    /** A progress line for the person watching: seconds since start, then the message. */
    public void say(String message) {
        progress.accept(String.format("[cluster %6.1fs] %s", (System.nanoTime() - startNanos) / 1e9, message));
    }

    /** Stops every process, all at once (each gets SIGTERM, then SIGKILL after 10 s). */
    @Override
    public void close() {
        List<AutoCloseable> parts = new ArrayList<>(ingest);
        if (reconcile != null) parts.add(reconcile);
        if (spark != null) parts.add(spark);
        if (query != null) parts.add(query);
        if (flink != null) parts.add(flink);
        if (kafka != null) parts.add(kafka);
        if (redis != null) parts.add(redis);
        if (clickhouse != null) parts.add(clickhouse);
        if (s3 != null) parts.add(s3);
        CompletableFuture.allOf(parts.stream().map(p -> CompletableFuture.runAsync(() -> {
            try {
                p.close();
            } catch (Exception e) {
                say("stopping " + p + " failed: " + e.getMessage());
            }
        })).toArray(CompletableFuture[]::new)).join();
        say("stopped");
    }
}
