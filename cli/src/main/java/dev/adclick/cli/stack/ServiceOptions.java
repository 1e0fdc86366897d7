package dev.adclick.cli.stack;

import dev.adclick.aggregator.AggregatorSettings;
import dev.adclick.query.QuerySettings;
import dev.adclick.ingest.IngestSettings;
import dev.adclick.aggregator.AggregatorOptions;
import dev.adclick.cli.config.AdclickConfig;
import dev.adclick.cli.config.Settings;
import dev.adclick.core.catalog.AdCatalogHolder;
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
        return ingestBuilder(config, secrets, kafkaBootstrap, redisUri).build();
    }

    /** The click service's options as a builder (the chaos demo restarts the service on the port it had). */
    public static IngestOptions.Builder ingestBuilder(AdclickConfig config, StackSecrets secrets, String kafkaBootstrap, String redisUri) {
        return IngestOptions.builder()
                .host(config.get(IngestSettings.HOST)).port(config.get(IngestSettings.PORT))
                .kafkaBootstrapServers(kafkaBootstrap).topic(config.get(Settings.TOPIC))
                .impressionsTopic(config.get(Settings.IMPRESSIONS_TOPIC)).publicUrl(config.get(IngestSettings.PUBLIC_URL))
                .geoipDatabase(config.get(IngestSettings.GEOIP_DATABASE))
                .redisUri(redisUri).dedupeTtl(config.get(IngestSettings.DEDUPE_TTL))
                .tokenSecrets(secrets.tokenSecrets()).tokenTtl(config.get(IngestSettings.TOKEN_TTL))
                .ipHashSalt(secrets.ipSalt()).trustedProxies(config.get(IngestSettings.TRUSTED_PROXIES))
                .spoolDir(config.dataDir().resolve("spool"));
    }

    public static QueryOptions query(AdclickConfig config, StackSecrets secrets, List<String> ingestMetricsUrls) {
        return QueryOptions.builder()
                .host(config.get(QuerySettings.HOST)).port(config.get(QuerySettings.PORT))
                .adminKey(secrets.adminKey())
                .ingestMetricsUrls(config.isSet(QuerySettings.INGEST_METRICS_URLS) ? config.get(QuerySettings.INGEST_METRICS_URLS) : ingestMetricsUrls)
                .reconcileReportsDir(reconcileReportsDir(config))
                .build();
    }

    /**
     * The job's options: the tunable settings as configured, and where Kafka, the store, the
     * archive and the checkpoints are, derived from this stack's data directory.
     */
    public static AggregatorOptions aggregator(AdclickConfig config, String kafkaBootstrap) {
        return AggregatorOptions.builder()
                .setAll(config.rawValues(AggregatorSettings.TUNABLE))
                .bootstrapServers(kafkaBootstrap).topic(config.get(Settings.TOPIC)).impressionsTopic(config.get(Settings.IMPRESSIONS_TOPIC))
                .storeLocation(storeLocation(config))
                .archiveUri(archiveUri(config))
                .checkpointDir(config.dataDir().resolve("checkpoints").toUri().toString())
                .build();
    }

    /** Where reconciliation keeps its JSON reports; the query API shows the latest one. */
    public static Path reconcileReportsDir(AdclickConfig config) {
        return config.dataDir().resolve("reconcile-reports");
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
