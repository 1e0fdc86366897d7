package dev.adclick.aggregator;

import dev.adclick.core.fraud.FraudRules;
import org.apache.flink.util.TimeUtils;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Settings of the {@code aggregate} job. Each setting is one typed {@link Option} (key, default,
 * description); the same keys work as {@code --key value} arguments and in a properties file
 * ({@code --config file}), and {@code kafka.*} keys pass through to the Kafka consumer.
 */
public final class AggregatorOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One setting: its key (as in {@code --key value}), default and description. */
    public record Option(String key, String defaultValue, String description) implements Serializable {}

    public static final Option BOOTSTRAP_SERVERS = new Option("bootstrap-servers", "127.0.0.1:9092", "Kafka bootstrap servers");
    public static final Option TOPIC = new Option("topic", "clicks", "Kafka topic of clicks (DESIGN §3.2)");
    public static final Option GROUP_ID = new Option("group-id", "adclick-aggregate", "Kafka consumer group; offsets are committed on checkpoint");
    public static final Option STORE = new Option("store", "duckdb:data/adclick.duckdb", "click store location: duckdb:/path/file.duckdb or clickhouse:http://host:8123/db");
    public static final Option ARCHIVE = new Option("archive", "data/archive", "raw archive root: a local directory or any Flink filesystem URI (file://, s3a://bucket/prefix)");
    public static final Option CHECKPOINT_DIR = new Option("checkpoint-dir", "data/checkpoints", "checkpoint directory (execution.checkpointing.dir): local directory or URI");
    public static final Option CHECKPOINT_INTERVAL = new Option("checkpoint-interval", "10s", "checkpoint interval (archive files become visible on checkpoint); at most 30s recommended");
    public static final Option OUT_OF_ORDERNESS = new Option("out-of-orderness", "5s", "watermark bound on out-of-order clicks, per Kafka partition");
    public static final Option ALLOWED_LATENESS = new Option("allowed-lateness", "1m", "how long after the watermark passes a minute it is still updated; later clicks are too late");
    public static final Option EARLY_FIRING = new Option("early-firing", "1s", "processing-time interval of early (partial) per-minute counts");
    public static final Option DEDUPE_TTL = new Option("dedupe-ttl", "10m", "how long a click_id is remembered by layer-2 dedupe");
    public static final Option IDLE_TIMEOUT = new Option("idle-timeout", "5s", "a partition without records for this long stops holding the watermark back");
    public static final Option PARALLELISM = new Option("parallelism", "0", "job parallelism; 0 uses the environment's default");
    public static final Option STATE_BACKEND = new Option("state-backend", "hashmap", "state backend: hashmap or rocksdb");
    public static final Option FRAUD_PER_AD = new Option("fraud-max-per-ip-per-ad", String.valueOf(FraudRules.DEFAULT_MAX_CLICKS_PER_IP_PER_AD), "more clicks than this per minute from one ip_hash on one ad are suspicious");
    public static final Option FRAUD_ACROSS_ADS = new Option("fraud-max-per-ip-across-ads", String.valueOf(FraudRules.DEFAULT_MAX_CLICKS_PER_IP_ACROSS_ADS), "more clicks than this per minute from one ip_hash across ads are suspicious");
    public static final Option SINK_FLUSH_INTERVAL = new Option("sink-flush-interval", "200ms", "how often buffered counts are upserted into the store (also on every checkpoint)");
    public static final Option SINK_MAX_BUFFERED_ROWS = new Option("sink-max-buffered-rows", "10000", "buffered (ad, minute) rows that trigger an early upsert");
    public static final Option STORE_RETRY_TIMEOUT = new Option("store-retry-timeout", "5m", "how long the sink retries (blocking input) while the store is unavailable before the job fails over");
    public static final Option STATUS_INTERVAL = new Option("status-interval", "2s", "how often each sink subtask records its pipeline status in the store");

    public static final List<Option> ALL = List.of(BOOTSTRAP_SERVERS, TOPIC, GROUP_ID, STORE, ARCHIVE, CHECKPOINT_DIR,
            CHECKPOINT_INTERVAL, OUT_OF_ORDERNESS, ALLOWED_LATENESS, EARLY_FIRING, DEDUPE_TTL, IDLE_TIMEOUT, PARALLELISM,
            STATE_BACKEND, FRAUD_PER_AD, FRAUD_ACROSS_ADS, SINK_FLUSH_INTERVAL, SINK_MAX_BUFFERED_ROWS, STORE_RETRY_TIMEOUT,
            STATUS_INTERVAL);
    /** Prefix of settings passed to the Kafka consumer as they are, e.g. {@code kafka.security.protocol}. */
    public static final String KAFKA_PREFIX = "kafka.";

    private final Map<String, String> values;

    private AggregatorOptions(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads {@code --key value} (or {@code --key=value}) arguments; {@code --config file} loads a
     * properties file first, and arguments override it.
     *
     * @throws IllegalArgumentException naming an unknown key or a bad value
     */
    public static AggregatorOptions fromArgs(String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        String config = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new IllegalArgumentException("expected --key value, got '" + a + "'");
            String key = a.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else {
                if (i + 1 >= args.length) throw new IllegalArgumentException("--" + key + " needs a value");
                value = args[++i];
            }
            if (key.equals("config")) config = value; else given.put(key, value);
        }
        Builder b = builder();
        if (config != null) b.setAll(loadProperties(Path.of(config)));
        b.setAll(given);
        return b.build();
    }

    /** Reads the same keys from properties (e.g. a config file). */
    public static AggregatorOptions fromProperties(Properties props) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : props.stringPropertyNames()) m.put(k, props.getProperty(k));
        return builder().setAll(m).build();
    }

    private static Map<String, String> loadProperties(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) m.put(k, p.getProperty(k));
        return m;
    }

    /** All settings, defaults included, as {@code --key value} arguments (what {@link #fromArgs} reads). */
    public String[] toArgs() {
        List<String> out = new ArrayList<>();
        toMap().forEach((k, v) -> {
            out.add("--" + k);
            out.add(v);
        });
        return out.toArray(new String[0]);
    }

    /** All settings, defaults included. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Option o : ALL) m.put(o.key(), get(o));
        values.forEach((k, v) -> {
            if (k.startsWith(KAFKA_PREFIX)) m.put(k, v);
        });
        return m;
    }

    /** A usage text listing every setting with its default. */
    public static String help() {
        StringBuilder sb = new StringBuilder("Options (--key value, or key=value in a --config properties file):\n");
        for (Option o : ALL) {
            sb.append(String.format(Locale.ROOT, "  --%-28s %s (default: %s)%n", o.key(), o.description(), o.defaultValue()));
        }
        sb.append(String.format(Locale.ROOT, "  --%-28s passed to the Kafka consumer%n", KAFKA_PREFIX + "<property>"));
        return sb.toString();
    }

    private String get(Option o) {
        return values.getOrDefault(o.key(), o.defaultValue());
    }

    public String bootstrapServers() { return get(BOOTSTRAP_SERVERS); }
    public String topic() { return get(TOPIC); }
    public String groupId() { return get(GROUP_ID); }
    public String storeLocation() { return get(STORE); }
    /** Archive root as a URI (a plain directory becomes an absolute {@code file:} URI). */
    public String archiveUri() { return toUri(get(ARCHIVE)); }
    /** Checkpoint directory as a URI (a plain directory becomes an absolute {@code file:} URI). */
    public String checkpointDir() { return toUri(get(CHECKPOINT_DIR)); }
    public Duration checkpointInterval() { return duration(CHECKPOINT_INTERVAL); }
    public Duration outOfOrderness() { return duration(OUT_OF_ORDERNESS); }
    public Duration allowedLateness() { return duration(ALLOWED_LATENESS); }
    public Duration earlyFiring() { return duration(EARLY_FIRING); }
    public Duration dedupeTtl() { return duration(DEDUPE_TTL); }
    public Duration idleTimeout() { return duration(IDLE_TIMEOUT); }
    public int parallelism() { return integer(PARALLELISM); }
    public String stateBackend() { return get(STATE_BACKEND); }
    public FraudRules fraudRules() { return new FraudRules(integer(FRAUD_PER_AD), integer(FRAUD_ACROSS_ADS)); }
    public Duration sinkFlushInterval() { return duration(SINK_FLUSH_INTERVAL); }
    public int sinkMaxBufferedRows() { return integer(SINK_MAX_BUFFERED_ROWS); }
    public Duration storeRetryTimeout() { return duration(STORE_RETRY_TIMEOUT); }
    public Duration statusInterval() { return duration(STATUS_INTERVAL); }

    /** The {@code kafka.*} settings without their prefix. */
    public Properties kafkaProperties() {
        Properties p = new Properties();
        values.forEach((k, v) -> {
            if (k.startsWith(KAFKA_PREFIX)) p.setProperty(k.substring(KAFKA_PREFIX.length()), v);
        });
        return p;
    }

    private Duration duration(Option o) {
        return parseDuration(o.key(), get(o));
    }

    private int integer(Option o) {
        return parseInt(o.key(), get(o));
    }

    static Duration parseDuration(String key, String v) {
        try {
            return v.startsWith("P") || v.startsWith("p") ? Duration.parse(v) : TimeUtils.parseDuration(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not a duration (e.g. 500ms, 10s, 1m, PT1M)");
        }
    }

    static int parseInt(String key, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not a whole number");
        }
    }

    static String toUri(String location) {
        if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*")) return location;
        return Path.of(location).toAbsolutePath().normalize().toUri().toString();
    }

    @Override
    public String toString() {
        return "AggregatorOptions" + toMap();
    }

    /** Builds options; unknown keys and bad values are rejected in {@link #build()}. */
    public static final class Builder {
        private final Map<String, String> values = new LinkedHashMap<>();

        private Builder() {}

        /** Sets a setting by its key (as in {@code --key value}). */
        public Builder set(String key, String value) {
            Objects.requireNonNull(value, key);
            values.put(key, value.trim());
            return this;
        }

        public Builder setAll(Map<String, String> m) {
            m.forEach(this::set);
            return this;
        }

        public Builder bootstrapServers(String v) { return set(BOOTSTRAP_SERVERS.key(), v); }
        public Builder topic(String v) { return set(TOPIC.key(), v); }
        public Builder groupId(String v) { return set(GROUP_ID.key(), v); }
        public Builder storeLocation(String v) { return set(STORE.key(), v); }
        public Builder archiveUri(String v) { return set(ARCHIVE.key(), v); }
        public Builder checkpointDir(String v) { return set(CHECKPOINT_DIR.key(), v); }
        public Builder checkpointInterval(Duration v) { return set(CHECKPOINT_INTERVAL.key(), v.toMillis() + "ms"); }
        public Builder outOfOrderness(Duration v) { return set(OUT_OF_ORDERNESS.key(), v.toMillis() + "ms"); }
        public Builder allowedLateness(Duration v) { return set(ALLOWED_LATENESS.key(), v.toMillis() + "ms"); }
        public Builder earlyFiring(Duration v) { return set(EARLY_FIRING.key(), v.toMillis() + "ms"); }
        public Builder dedupeTtl(Duration v) { return set(DEDUPE_TTL.key(), v.toMillis() + "ms"); }
        public Builder idleTimeout(Duration v) { return set(IDLE_TIMEOUT.key(), v.toMillis() + "ms"); }
        public Builder parallelism(int v) { return set(PARALLELISM.key(), String.valueOf(v)); }
        public Builder stateBackend(String v) { return set(STATE_BACKEND.key(), v); }
        public Builder fraudRules(FraudRules r) {
            set(FRAUD_PER_AD.key(), String.valueOf(r.maxClicksPerIpPerAd()));
            return set(FRAUD_ACROSS_ADS.key(), String.valueOf(r.maxClicksPerIpAcrossAds()));
        }
        public Builder sinkFlushInterval(Duration v) { return set(SINK_FLUSH_INTERVAL.key(), v.toMillis() + "ms"); }
        public Builder sinkMaxBufferedRows(int v) { return set(SINK_MAX_BUFFERED_ROWS.key(), String.valueOf(v)); }
        public Builder storeRetryTimeout(Duration v) { return set(STORE_RETRY_TIMEOUT.key(), v.toMillis() + "ms"); }
        public Builder statusInterval(Duration v) { return set(STATUS_INTERVAL.key(), v.toMillis() + "ms"); }
        /** A Kafka consumer property, e.g. {@code kafkaProperty("security.protocol", "SSL")}. */
        public Builder kafkaProperty(String name, String v) { return set(KAFKA_PREFIX + name, v); }

        public AggregatorOptions build() {
            for (String k : values.keySet()) {
                if (k.startsWith(KAFKA_PREFIX)) continue;
                if (ALL.stream().noneMatch(o -> o.key().equals(k))) {
                    throw new IllegalArgumentException("unknown aggregator option '" + k + "'\n" + help());
                }
            }
            AggregatorOptions o = new AggregatorOptions(values);
            validate(o);
            return o;
        }

        private static void validate(AggregatorOptions o) {
            for (Option opt : List.of(BOOTSTRAP_SERVERS, TOPIC, GROUP_ID, STORE, ARCHIVE, CHECKPOINT_DIR)) {
                if (o.get(opt).isBlank()) throw new IllegalArgumentException(opt.key() + " must not be empty");
            }
            positive(CHECKPOINT_INTERVAL, o.checkpointInterval(), Duration.ofMillis(100));
            positive(OUT_OF_ORDERNESS, o.outOfOrderness(), Duration.ZERO);
            positive(ALLOWED_LATENESS, o.allowedLateness(), Duration.ZERO);
            positive(EARLY_FIRING, o.earlyFiring(), Duration.ofMillis(10));
            positive(DEDUPE_TTL, o.dedupeTtl(), Duration.ofSeconds(1));
            positive(IDLE_TIMEOUT, o.idleTimeout(), Duration.ofMillis(1));
            positive(SINK_FLUSH_INTERVAL, o.sinkFlushInterval(), Duration.ofMillis(1));
            positive(STORE_RETRY_TIMEOUT, o.storeRetryTimeout(), Duration.ZERO);
            positive(STATUS_INTERVAL, o.statusInterval(), Duration.ofMillis(100));
            if (o.parallelism() < 0) throw new IllegalArgumentException("parallelism must be >= 0 (0 = default), was " + o.parallelism());
            if (o.sinkMaxBufferedRows() < 1) throw new IllegalArgumentException("sink-max-buffered-rows must be >= 1");
            if (!List.of("hashmap", "rocksdb").contains(o.stateBackend())) {
                throw new IllegalArgumentException("state-backend must be hashmap or rocksdb, was '" + o.stateBackend() + "'");
            }
            o.fraudRules(); // validates the bounds
        }

        private static void positive(Option opt, Duration d, Duration min) {
            if (d.compareTo(min) < 0) throw new IllegalArgumentException(opt.key() + " must be >= " + min + ", was " + d);
        }
    }
}
