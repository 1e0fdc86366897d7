package dev.adclick.cli.stack;

import dev.adclick.ingest.IngestSettings;
import dev.adclick.aggregator.AggregatorOptions;
import dev.adclick.aggregator.LocalAggregator;
import dev.adclick.cli.config.AdclickConfig;
import dev.adclick.cli.config.Settings;
import dev.adclick.cli.reconcile.ReconcileLauncher;
import dev.adclick.cli.reconcile.ReconcileSchedule;
import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.core.config.Setting;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.embedded.EmbeddedRedis;
import dev.adclick.ingest.IngestServer;
import dev.adclick.query.QueryServer;
import dev.adclick.store.ClickStore;
import dev.adclick.store.StoreLocations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The whole pipeline in one process (docs/architecture.md, Two ways to run, embedded column): a real Kafka broker, a real
 * Redis server, the Flink job in a MiniCluster, DuckDB, the click service and the query API.
 * Parts pointed elsewhere by configuration (kafka.bootstrap, redis.uri, store) are not started.
 *
 * <p>Start order follows the data flow backwards-safe: storage first, then the job, then the
 * services that accept traffic. Close stops them in reverse, draining as it goes, so a restart on
 * the same data directory continues exactly where it stopped.
 */
public final class EmbeddedStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

    /** What was started, newest first, with the name its stop line uses. */
    private record Part(String name, AutoCloseable closeable) {}

    private final Deque<Part> started = new ArrayDeque<>();
    private final AdclickConfig config;
    private String kafkaBootstrap;
    private StackSecrets secrets;
    private AdCatalogHolder catalog;
    private ClickStore store;
    private IngestServer ingest;
    private QueryServer query;
    private LocalAggregator aggregator;
    private EmbeddedKafka kafka;
    private EmbeddedRedis redis;
    private AggregatorOptions aggregatorOptions;
    private String redisUri;
    private ReconcileSchedule reconcileSchedule;

    private EmbeddedStack(AdclickConfig config) {
        this.config = config;
    }

    /**
     * Starts every part and returns when all of them accept work.
     *
     * @param progress receives one line per part started, for the console
     */
    public static EmbeddedStack start(AdclickConfig config, Consumer<String> progress) throws Exception {
        EmbeddedStack stack = new EmbeddedStack(config);
        try {
            stack.startAll(progress);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Consumer<String> progress) throws Exception {
        // a schedule whose safety margin the watermark can outlast is refused before anything starts
        if (!"off".equals(config.get(Settings.RECONCILE_SCHEDULE))) ReconcileLauncher.closing(config);
        Files.createDirectories(config.dataDir());
        secrets = StackSecrets.resolve(config);
        catalog = ServiceOptions.catalog(config);

        if (config.isSet(Settings.KAFKA_BOOTSTRAP)) {
            kafkaBootstrap = config.get(Settings.KAFKA_BOOTSTRAP);
            progress.accept("Kafka        external " + kafkaBootstrap);
        } else {
            kafka = new EmbeddedKafka(config.dataDir().resolve("kafka"), config.get(Settings.KAFKA_PORT)).start();
            started.push(new Part("Kafka", kafka));
            // both topics the click service publishes to: it sends in spool order, so a missing one would hold the other back
            for (Setting<String> topic : List.of(Settings.TOPIC, Settings.IMPRESSIONS_TOPIC)) {
                kafka.createTopic(config.get(topic), config.get(Settings.TOPIC_PARTITIONS));
            }
            kafkaBootstrap = kafka.bootstrapServers();
            progress.accept("Kafka        " + kafkaBootstrap + "  (KRaft, topics " + config.get(Settings.TOPIC) + " and "
                    + config.get(Settings.IMPRESSIONS_TOPIC) + ", data " + kafka.logDir() + ")");
        }

        if (config.isSet(IngestSettings.REDIS_URI)) {
            redisUri = config.get(IngestSettings.REDIS_URI);
            progress.accept("Redis        external " + redisUri);
        } else {
            redis = new EmbeddedRedis(config.dataDir().resolve("redis"), config.get(Settings.REDIS_PORT)).start();
            started.push(new Part("Redis", redis));
            redisUri = redis.uri();
            progress.accept("Redis        " + redisUri);
        }

        String storeLocation = ServiceOptions.storeLocation(config);
        store = StoreLocations.open(storeLocation);
        started.push(new Part("Store", store));
        progress.accept("Store        " + StoreLocations.describe(storeLocation));

        aggregatorOptions = ServiceOptions.aggregator(config, kafkaBootstrap);
        aggregator = LocalAggregator.start(aggregatorOptions, config.get(Settings.FLINK_METRICS_PORT));
        started.push(new Part("Flink job", () -> aggregator.stop())); // the current job: ChaosFaults may have restarted it
        progress.accept("Flink job    aggregate (MiniCluster, checkpoints " + aggregatorOptions.checkpointDir()
                + ", archive " + aggregatorOptions.archiveUri() + ")");
        progress.accept("Flink metrics " + flinkMetricsUrl() + "  (Prometheus format)");

        ingest = IngestServer.start(ServiceOptions.ingest(config, secrets, kafkaBootstrap, redisUri), catalog);
        started.push(new Part("Click service", () -> ingest.close())); // the current one: ChaosFaults may have restarted it
        progress.accept("Click service " + ingestUrl() + "  (GET /ads/serve?placement=home, /c/{token}, /healthz, /metrics)");

        query = QueryServer.start(ServiceOptions.query(config, secrets, List.of(ingestUrl() + "/metrics")), store, catalog);
        started.push(new Part("Query API", query));
        progress.accept("Query API    " + queryUrl() + "/api/v1  (dashboard at " + queryUrl() + "/)");

        reconcileSchedule = ReconcileSchedule.startIfEnabled(config, queryUrl());
        if (reconcileSchedule != null) {
            started.push(new Part("Reconcile schedule", reconcileSchedule));
            progress.accept("Reconcile    " + config.get(Settings.RECONCILE_SCHEDULE) + ", each period once closed");
        }
    }

    public String ingestUrl() {
        return "http://127.0.0.1:" + ingest.port();
    }

    public String queryUrl() {
        return "http://127.0.0.1:" + query.port();
    }

    /** The Flink job's metrics in Prometheus format (the MiniCluster's reporter). */
    public String flinkMetricsUrl() {
        return aggregator.metricsUrl().orElseThrow();
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public String adminKey() {
        return secrets.adminKey();
    }

    public List<String> tokenSecrets() {
        return secrets.tokenSecrets();
    }

    public AdCatalogHolder catalog() {
        return catalog;
    }

    public ClickStore store() {
        return store;
    }

    public AdclickConfig config() {
        return config;
    }

    public QueryServer queryServer() {
        return query;
    }

    /** The reconcile schedule, or null when {@code reconcile.schedule} is off. */
    public ReconcileSchedule reconcileSchedule() {
        return reconcileSchedule;
    }

    // ---- faults the chaos demo injects (dev.adclick.cli.chaos.ChaosFaults); each part comes back as it was ----

    /** The embedded Redis, or null when redis.uri points elsewhere. */
    public EmbeddedRedis embeddedRedis() {
        return redis;
    }

    /** The embedded Kafka broker, or null when kafka.bootstrap points elsewhere. */
    public EmbeddedKafka embeddedKafka() {
        return kafka;
    }

    /** Cancels the Flink job without a savepoint, as a crash would. */
    public synchronized void killJob() {
        aggregator.kill();
    }

    /** Starts the job again: it resumes from the newest retained checkpoint and replays Kafka from its offsets. */
    public synchronized void restartJob() throws Exception {
        aggregator = LocalAggregator.start(aggregatorOptions, config.get(Settings.FLINK_METRICS_PORT));
    }

    /** Stops the click service gracefully (it stops listening; its spool stays on disk). */
    public synchronized void stopClickService() {
        ingest.close();
    }

    /** Starts the click service again on the same port; it replays its spool into Kafka. */
    public synchronized void restartClickService() {
        int port = ingest.port();
        ingest = IngestServer.start(ServiceOptions.ingestBuilder(config, secrets, kafkaBootstrap, redisUri).port(port).build(), catalog);
    }

    /** Stops every part in reverse order of start, logging a line per part. */
    @Override
    public void close() {
        close(line -> LOG.info("stopped {}", line));
    }

    /**
     * Stops every part in reverse order of start (services first, storage last, draining as it
     * goes); errors are logged and the rest still stops.
     *
     * @param progress receives one line per part stopped, for the console
     */
    public synchronized void close(Consumer<String> progress) {
        while (!started.isEmpty()) {
            Part part = started.pop();
            long t0 = System.nanoTime();
            try {
                part.closeable().close();
                progress.accept(String.format("%-13s (%.1f s)", part.name(), (System.nanoTime() - t0) / 1e9));
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", part.name(), e.toString());
            }
        }
    }
}
