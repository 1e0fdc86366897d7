package dev.adclick.cli.stack;

import dev.adclick.ingest.IngestSettings;
import dev.adclick.aggregator.AggregatorOptions;
import dev.adclick.aggregator.LocalAggregator;
import dev.adclick.cli.config.AdclickConfig;
import dev.adclick.cli.config.Settings;
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

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final AdclickConfig config;
    private String kafkaBootstrap;
    private StackSecrets secrets;
    private AdCatalogHolder catalog;
    private ClickStore store;
    private IngestServer ingest;
    private QueryServer query;

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
        Files.createDirectories(config.dataDir());
        secrets = StackSecrets.resolve(config);
        catalog = ServiceOptions.catalog(config);

        if (config.isSet(Settings.KAFKA_BOOTSTRAP)) {
            kafkaBootstrap = config.get(Settings.KAFKA_BOOTSTRAP);
            progress.accept("Kafka        external " + kafkaBootstrap);
        } else {
            EmbeddedKafka kafka = new EmbeddedKafka(config.dataDir().resolve("kafka"), config.get(Settings.KAFKA_PORT)).start();
            started.push(kafka);
            // both topics the click service publishes to: it sends in spool order, so a missing one would hold the other back
            for (Setting<String> topic : List.of(Settings.TOPIC, Settings.IMPRESSIONS_TOPIC)) {
                kafka.createTopic(config.get(topic), config.get(Settings.TOPIC_PARTITIONS));
            }
            kafkaBootstrap = kafka.bootstrapServers();
            progress.accept("Kafka        " + kafkaBootstrap + "  (KRaft, topics " + config.get(Settings.TOPIC) + " and "
                    + config.get(Settings.IMPRESSIONS_TOPIC) + ", data " + kafka.logDir() + ")");
        }

        String redisUri;
        if (config.isSet(IngestSettings.REDIS_URI)) {
            redisUri = config.get(IngestSettings.REDIS_URI);
            progress.accept("Redis        external " + redisUri);
        } else {
            EmbeddedRedis redis = new EmbeddedRedis(config.dataDir().resolve("redis"), config.get(Settings.REDIS_PORT)).start();
            started.push(redis);
            redisUri = redis.uri();
            progress.accept("Redis        " + redisUri);
        }

        String storeLocation = ServiceOptions.storeLocation(config);
        store = StoreLocations.open(storeLocation);
        started.push(store);
        progress.accept("Store        " + storeLocation);

        AggregatorOptions aggregatorOptions = ServiceOptions.aggregator(config, kafkaBootstrap);
        LocalAggregator aggregator = LocalAggregator.start(aggregatorOptions);
        started.push(aggregator::stop);
        progress.accept("Flink job    aggregate (MiniCluster, checkpoints " + aggregatorOptions.checkpointDir()
                + ", archive " + aggregatorOptions.archiveUri() + ")");

        ingest = IngestServer.start(ServiceOptions.ingest(config, secrets, kafkaBootstrap, redisUri), catalog);
        started.push(ingest);
        progress.accept("Click service " + ingestUrl() + "  (GET /ads/serve?placement=home, /c/{token}, /healthz, /metrics)");

        query = QueryServer.start(ServiceOptions.query(config, secrets, List.of(ingestUrl() + "/metrics")), store, catalog);
        started.push(query);
        progress.accept("Query API    " + queryUrl() + "/api/v1  (dashboard at " + queryUrl() + "/)");

        ReconcileSchedule schedule = ReconcileSchedule.startIfEnabled(config, queryUrl());
        if (schedule != null) {
            started.push(schedule);
            progress.accept("Reconcile    " + config.get(Settings.RECONCILE_SCHEDULE) + ", each period once closed");
        }
    }

    public String ingestUrl() {
        return "http://127.0.0.1:" + ingest.port();
    }

    public String queryUrl() {
        return "http://127.0.0.1:" + query.port();
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

    /** Stops every part in reverse order of start; errors are logged and the rest still stops. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", part, e.toString());
            }
        }
    }
}
