package dev.adclick.cli.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Predicate;

/** Every setting of the embedded stack, with its default. Code gets values through {@link AdclickConfig}. */
public final class Settings {
    private Settings() {}

    private static final Predicate<String> PORT = v -> v.matches("\\d{1,5}") && Integer.parseInt(v) <= 65535;
    private static final Predicate<String> POSITIVE_INT = v -> v.matches("\\d{1,9}") && Integer.parseInt(v) > 0;
    private static final Predicate<String> ANY = v -> true;
    private static final Predicate<String> DURATION = v -> {
        try {
            return !AdclickConfig.parseDuration(v).isNegative();
        } catch (DateTimeParseException | NumberFormatException e) {
            return false;
        }
    };
    private static final String PORT_TEXT = "a port number (0-65535)";
    private static final String DURATION_TEXT = "a duration like 500ms, 10s, 5m, 24h or ISO-8601 (PT10S)";

    public static final Setting DATA_DIR = new Setting("data.dir", "./data", "Where the embedded stack keeps Kafka logs, checkpoints, the DuckDB file, the archive and the spool.", ANY, "a directory");
    public static final Setting CATALOG = new Setting("catalog", null, "Ad catalogue JSON file (reloaded when it changes). Unset: the demo catalogue, copied to <data.dir>/catalog.json on first start.", ANY, "a file path");
    public static final Setting ADMIN_KEY = new Setting("admin.key", null, "API key that sees every ad. Unset: one is generated and kept in <data.dir>/admin.key.", v -> v.length() >= 16, "at least 16 characters");

    public static final Setting INGEST_HOST = new Setting("ingest.host", "127.0.0.1", "Address the click service listens on (0.0.0.0 for all interfaces).", ANY, "an address");
    public static final Setting INGEST_PORT = new Setting("ingest.port", "8080", "Port of the click service (ad serving and redirects).", PORT, PORT_TEXT);
    public static final Setting QUERY_HOST = new Setting("query.host", "127.0.0.1", "Address the query API and dashboard listen on.", ANY, "an address");
    public static final Setting QUERY_PORT = new Setting("query.port", "8081", "Port of the query API and dashboard.", PORT, PORT_TEXT);

    public static final Setting KAFKA_PORT = new Setting("kafka.port", "9092", "Port of the embedded Kafka broker.", PORT, PORT_TEXT);
    public static final Setting KAFKA_BOOTSTRAP = new Setting("kafka.bootstrap", null, "An external Kafka cluster (host:port,…). Set: no embedded broker is started.", ANY, "host:port[,host:port]");
    public static final Setting TOPIC = new Setting("topic", "clicks", "Kafka topic of clicks.", v -> v.matches("[A-Za-z0-9._-]+"), "a topic name");
    public static final Setting TOPIC_PARTITIONS = new Setting("topic.partitions", "4", "Partitions of the clicks topic when the stack creates it.", POSITIVE_INT, "a positive number");

    public static final Setting REDIS_PORT = new Setting("redis.port", "6379", "Port of the embedded Redis server.", PORT, PORT_TEXT);
    public static final Setting REDIS_URI = new Setting("redis.uri", null, "An external Redis (redis://host:port). Set: no embedded Redis is started.", v -> v.startsWith("redis://") || v.startsWith("rediss://"), "a redis:// URI");
    public static final Setting DEDUPE_TTL = new Setting("dedupe.ttl", "5m", "How long the click service remembers a click id in Redis (layer 1).", DURATION, DURATION_TEXT);
    public static final Setting TOKEN_SECRETS = new Setting("token.secrets", null, "Comma-separated HMAC secrets for impression tokens, newest first. Unset: generated and kept in <data.dir>/token.secret.", v -> !v.isBlank(), "one or more secrets");
    public static final Setting TOKEN_TTL = new Setting("token.ttl", "24h", "How long an impression token can be clicked.", DURATION, DURATION_TEXT);
    public static final Setting IP_SALT = new Setting("ip.salt", null, "Salt of the IP and user-agent hashes; instances that share Redis and Kafka must share it. Unset: generated and kept in <data.dir>/ip.salt.", v -> v.length() >= 8, "at least 8 characters");
    public static final Setting INGEST_METRICS_URLS = new Setting("ingest.metrics-urls", null, "Comma-separated /metrics URLs of the click services, for the dashboard's duplicate and rejected counters. Unset in the embedded stack: its own click service.", ANY, "URLs");
    public static final Setting TRUSTED_PROXIES = new Setting("trusted.proxies", "", "Comma-separated proxy addresses whose X-Forwarded-For is believed.", ANY, "addresses");

    public static final Setting STORE = new Setting("store", null, "Where counts are stored: duckdb:/path/file.duckdb, clickhouse:http://host:8123/db, or sharded clickhouse:http://ch1:8123/db?cluster=NAME&shards=URL1,URL2. Unset: duckdb:<data.dir>/adclick.duckdb.", v -> v.startsWith("duckdb:") || v.startsWith("clickhouse:"), "duckdb:… or clickhouse:…");
    public static final Setting ARCHIVE = new Setting("archive", null, "Raw click archive (Parquet): a file:// or s3a:// URI. Unset: <data.dir>/archive.", ANY, "a URI");
    public static final Setting CHECKPOINT_INTERVAL = new Setting("checkpoint.interval", "10s", "Flink checkpoint interval (archive files become visible on checkpoints).", DURATION, DURATION_TEXT);
    public static final Setting OUT_OF_ORDERNESS = new Setting("watermark.out-of-orderness", "5s", "How far out of order clicks may arrive before the watermark passes them.", DURATION, DURATION_TEXT);
    public static final Setting ALLOWED_LATENESS = new Setting("allowed.lateness", "1m", "How long after its minute closes a late click still updates it online.", DURATION, DURATION_TEXT);
    public static final Setting EARLY_FIRING = new Setting("early.firing", "1s", "How often open minutes are written to the store before they close.", DURATION, DURATION_TEXT);
    public static final Setting STREAM_DEDUPE_TTL = new Setting("stream.dedupe.ttl", "10m", "How long the Flink job remembers a click id (layer 2).", DURATION, DURATION_TEXT);
    public static final Setting FRAUD_PER_IP_PER_AD = new Setting("fraud.max-clicks-per-ip-per-ad", "20", "Clicks per minute from one address on one ad above which they are suspicious.", POSITIVE_INT, "a positive number");
    public static final Setting FRAUD_PER_IP = new Setting("fraud.max-clicks-per-ip", "100", "Clicks per minute from one address across all ads above which they are suspicious.", POSITIVE_INT, "a positive number");
    public static final Setting RECONCILE_SCHEDULE = new Setting("reconcile.schedule", "off", "Reconcile closed periods automatically in the embedded stack: off, hourly (each hour once closed) or daily (each UTC day once closed).", v -> v.equals("off") || v.equals("hourly") || v.equals("daily"), "off, hourly or daily");
    public static final Setting PARALLELISM = new Setting("flink.parallelism", "2", "Parallelism of the Flink job.", POSITIVE_INT, "a positive number");
    public static final Setting STATE_BACKEND = new Setting("flink.state-backend", "hashmap", "Flink state backend: hashmap or rocksdb.", v -> v.equals("hashmap") || v.equals("rocksdb"), "hashmap or rocksdb");

    public static final List<Setting> ALL = List.of(DATA_DIR, CATALOG, ADMIN_KEY, INGEST_HOST, INGEST_PORT, QUERY_HOST, QUERY_PORT,
            KAFKA_PORT, KAFKA_BOOTSTRAP, TOPIC, TOPIC_PARTITIONS, REDIS_PORT, REDIS_URI, DEDUPE_TTL, TOKEN_SECRETS, TOKEN_TTL,
            IP_SALT, INGEST_METRICS_URLS, TRUSTED_PROXIES, STORE, ARCHIVE, CHECKPOINT_INTERVAL, OUT_OF_ORDERNESS, ALLOWED_LATENESS, EARLY_FIRING,
            STREAM_DEDUPE_TTL, FRAUD_PER_IP_PER_AD, FRAUD_PER_IP, RECONCILE_SCHEDULE, PARALLELISM, STATE_BACKEND);
}
