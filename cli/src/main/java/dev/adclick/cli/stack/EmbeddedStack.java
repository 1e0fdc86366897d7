package dev.adclick.cli.stack;

import dev.adclick.aggregator.AggregatorOptions;
import dev.adclick.aggregator.LocalAggregator;
import dev.adclick.cli.config.AdclickConfig;
import dev.adclick.cli.config.Settings;
import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.core.fraud.FraudRules;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.embedded.EmbeddedRedis;
import dev.adclick.ingest.IngestOptions;
import dev.adclick.ingest.IngestServer;
import dev.adclick.query.QueryOptions;
import dev.adclick.query.QueryServer;
import dev.adclick.store.ClickStore;
import dev.adclick.store.ClickStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The whole pipeline in one process (DESIGN §2, embedded column): a real Kafka broker, a real
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
    private String redisUri;
    private String adminKey;
    private String storeLocation;
    private String archiveUri;
    private List<String> tokenSecrets;
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
        Path data = config.dataDir();
        Files.createDirectories(data);
        adminKey = config.isSet(Settings.ADMIN_KEY) ? config.get(Settings.ADMIN_KEY) : StackSecrets.loadOrCreate(data.resolve("admin.key"), 24);
        tokenSecrets = config.isSet(Settings.TOKEN_SECRETS) ? config.getList(Settings.TOKEN_SECRETS)
                : List.of(StackSecrets.loadOrCreate(data.resolve("token.secret"), 32));
        String ipSalt = StackSecrets.loadOrCreate(data.resolve("ip.salt"), 16);
        catalog = AdCatalogHolder.fromFile(catalogFile(data));

        if (config.isSet(Settings.KAFKA_BOOTSTRAP)) {
            kafkaBootstrap = config.get(Settings.KAFKA_BOOTSTRAP);
            progress.accept("Kafka        external " + kafkaBootstrap);
        } else {
            EmbeddedKafka kafka = new EmbeddedKafka(data.resolve("kafka"), config.getInt(Settings.KAFKA_PORT)).start();
            started.push(kafka);
            kafka.createTopic(config.get(Settings.TOPIC), config.getInt(Settings.TOPIC_PARTITIONS));
            kafkaBootstrap = kafka.bootstrapServers();
            progress.accept("Kafka        " + kafkaBootstrap + "  (KRaft, topic " + config.get(Settings.TOPIC) + ", data " + kafka.logDir() + ")");
        }

        if (config.isSet(Settings.REDIS_URI)) {
            redisUri = config.get(Settings.REDIS_URI);
            progress.accept("Redis        external " + redisUri);
        } else {
            EmbeddedRedis redis = new EmbeddedRedis(data.resolve("redis"), config.getInt(Settings.REDIS_PORT)).start();
            started.push(redis);
            redisUri = redis.uri();
            progress.accept("Redis        " + redisUri);
        }

        storeLocation = config.isSet(Settings.STORE) ? config.get(Settings.STORE) : "duckdb:" + data.resolve("adclick.duckdb");
        store = ClickStores.open(storeLocation);
        started.push(store);
        progress.accept("Store        " + storeLocation);

        archiveUri = config.isSet(Settings.ARCHIVE) ? config.get(Settings.ARCHIVE) : data.resolve("archive").toUri().toString();
        LocalAggregator aggregator = LocalAggregator.start(aggregatorOptions(data));
        started.push(aggregator::stop);
        progress.accept("Flink job    aggregate (MiniCluster, checkpoints in " + data.resolve("checkpoints") + ", archive " + archiveUri + ")");

        ingest = IngestServer.start(IngestOptions.builder()
                .host(config.get(Settings.INGEST_HOST)).port(config.getInt(Settings.INGEST_PORT))
                .kafkaBootstrapServers(kafkaBootstrap).topic(config.get(Settings.TOPIC))
                .redisUri(redisUri).dedupeTtl(config.getDuration(Settings.DEDUPE_TTL))
                .tokenSecrets(tokenSecrets).tokenTtl(config.getDuration(Settings.TOKEN_TTL))
                .ipHashSalt(ipSalt).trustedProxies(config.getList(Settings.TRUSTED_PROXIES))
                .spoolDir(data.resolve("spool"))
                .build(), catalog);
        started.push(ingest);
        progress.accept("Click service " + ingestUrl() + "  (GET /ads/serve?placement=home, /c/{token}, /healthz, /metrics)");

        query = QueryServer.start(QueryOptions.builder()
                .host(config.get(Settings.QUERY_HOST)).port(config.getInt(Settings.QUERY_PORT))
                .adminKey(adminKey)
                .ingestMetricsUrls(List.of(ingestUrl() + "/metrics"))
                .build(), store, catalog);
        started.push(query);
        progress.accept("Query API    " + queryUrl() + "/api/v1  (dashboard at " + queryUrl() + "/)");
    }

    private AggregatorOptions aggregatorOptions(Path data) {
        return AggregatorOptions.builder()
                .bootstrapServers(kafkaBootstrap).topic(config.get(Settings.TOPIC)).groupId("adclick-aggregate")
                .storeLocation(storeLocation)
                .archiveUri(archiveUri)
                .checkpointDir(data.resolve("checkpoints").toUri().toString())
                .checkpointInterval(config.getDuration(Settings.CHECKPOINT_INTERVAL))
                .outOfOrderness(config.getDuration(Settings.OUT_OF_ORDERNESS))
                .allowedLateness(config.getDuration(Settings.ALLOWED_LATENESS))
                .earlyFiring(config.getDuration(Settings.EARLY_FIRING))
                .dedupeTtl(config.getDuration(Settings.STREAM_DEDUPE_TTL))
                .fraudRules(new FraudRules(config.getInt(Settings.FRAUD_PER_IP_PER_AD), config.getInt(Settings.FRAUD_PER_IP)))
                .parallelism(config.getInt(Settings.PARALLELISM))
                .stateBackend(config.get(Settings.STATE_BACKEND))
                .build();
    }

    /** The configured catalogue, or the demo catalogue copied into the data directory (so it can be edited). */
    private Path catalogFile(Path data) throws IOException {
        if (config.isSet(Settings.CATALOG)) return Path.of(config.get(Settings.CATALOG));
        Path copy = data.resolve("catalog.json");
        if (!Files.exists(copy)) {
            try (InputStream in = AdCatalogHolder.class.getResourceAsStream("/catalog/default-catalog.json")) {
                if (in == null) throw new IOException("the demo catalogue is missing from the adclick-core jar");
                Files.copy(in, copy);
            }
        }
        return copy;
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
        return adminKey;
    }

    public List<String> tokenSecrets() {
        return tokenSecrets;
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
