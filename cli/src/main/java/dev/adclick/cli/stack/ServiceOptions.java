package dev.adclick.cli.stack;

import dev.adclick.aggregator.AggregatorOptions;
import dev.adclick.cli.config.AdclickConfig;
import dev.adclick.cli.config.Settings;
import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.core.fraud.FraudRules;
import dev.adclick.ingest.IngestOptions;
import dev.adclick.query.QueryOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns the configuration into each service's options, in one place, so the embedded stack and
 * the single-service commands ({@code ./adclick ingest}, {@code ./adclick query}) agree.
 */
public final class ServiceOptions {
    private ServiceOptions() {}

    public static IngestOptions ingest(AdclickConfig config, StackSecrets secrets, String kafkaBootstrap, String redisUri) {
        return IngestOptions.builder()
                .host(config.get(Settings.INGEST_HOST)).port(config.getInt(Settings.INGEST_PORT))
                .kafkaBootstrapServers(kafkaBootstrap).topic(config.get(Settings.TOPIC))
                .redisUri(redisUri).dedupeTtl(config.getDuration(Settings.DEDUPE_TTL))
                .tokenSecrets(secrets.tokenSecrets()).tokenTtl(config.getDuration(Settings.TOKEN_TTL))
                .ipHashSalt(secrets.ipSalt()).trustedProxies(config.getList(Settings.TRUSTED_PROXIES))
                .spoolDir(config.dataDir().resolve("spool"))
                .build();
    }

    public static QueryOptions query(AdclickConfig config, StackSecrets secrets, List<String> ingestMetricsUrls) {
        return QueryOptions.builder()
                .host(config.get(Settings.QUERY_HOST)).port(config.getInt(Settings.QUERY_PORT))
                .adminKey(secrets.adminKey())
                .ingestMetricsUrls(config.isSet(Settings.INGEST_METRICS_URLS) ? config.getList(Settings.INGEST_METRICS_URLS) : ingestMetricsUrls)
                .reconcileReportsDir(reconcileReportsDir(config))
                .build();
    }

    public static AggregatorOptions aggregator(AdclickConfig config, String kafkaBootstrap) {
        Path data = config.dataDir();
        return AggregatorOptions.builder()
                .bootstrapServers(kafkaBootstrap).topic(config.get(Settings.TOPIC)).groupId("adclick-aggregate")
                .storeLocation(storeLocation(config))
                .archiveUri(archiveUri(config))
                .checkpointDir(data.resolve("checkpoints").toUri().toString())
                .checkpointInterval(config.getDuration(Settings.CHECKPOINT_INTERVAL))
                .outOfOrderness(config.getDuration(Settings.OUT_OF_ORDERNESS))
                .allowedLateness(config.getDuration(Settings.ALLOWED_LATENESS))
                .earlyFiring(config.getDuration(Settings.EARLY_FIRING))
                .dedupeTtl(config.getDuration(Settings.STREAM_DEDUPE_TTL))
                .fraudRules(fraudRules(config))
                .parallelism(config.getInt(Settings.PARALLELISM))
                .stateBackend(config.get(Settings.STATE_BACKEND))
                .build();
    }

    /** Where reconciliation keeps its JSON reports; the query API shows the latest one. */
    public static Path reconcileReportsDir(AdclickConfig config) {
        return config.dataDir().resolve("reconcile-reports");
    }

    public static FraudRules fraudRules(AdclickConfig config) {
        return new FraudRules(config.getInt(Settings.FRAUD_PER_IP_PER_AD), config.getInt(Settings.FRAUD_PER_IP));
    }

    public static String storeLocation(AdclickConfig config) {
        return config.isSet(Settings.STORE) ? config.get(Settings.STORE) : "duckdb:" + config.dataDir().resolve("adclick.duckdb");
    }

    public static String archiveUri(AdclickConfig config) {
        return config.isSet(Settings.ARCHIVE) ? config.get(Settings.ARCHIVE) : config.dataDir().resolve("archive").toUri().toString();
    }

    /** The configured catalogue, or the demo catalogue copied into the data directory (so it can be edited). */
    public static AdCatalogHolder catalog(AdclickConfig config) throws IOException {
        if (config.isSet(Settings.CATALOG)) return AdCatalogHolder.fromFile(Path.of(config.get(Settings.CATALOG)));
        Path copy = config.dataDir().resolve("catalog.json");
        if (!Files.exists(copy)) {
            Files.createDirectories(copy.getParent());
            try (InputStream in = AdCatalogHolder.class.getResourceAsStream("/catalog/default-catalog.json")) {
                if (in == null) throw new IOException("the demo catalogue is missing from the adclick-core jar");
                Files.copy(in, copy);
            }
        }
        return AdCatalogHolder.fromFile(copy);
    }
}
