package dev.adclick.ingest;

import dev.adclick.core.kafka.KafkaSettings;
import dev.adclick.ingest.internal.http.TrustedProxies;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of the ingest service. Build with {@link #builder()}; {@link Builder#build()} checks
 * every value and names the setting that is wrong. Only launchers read files and environment; this
 * class only holds values.
 */
public final class IngestOptions {
    private final String host;
    private final int port;
    private final int eventLoops;
    private final String kafkaBootstrapServers;
    private final String topic;
    private final String impressionsTopic;
    private final String publicUrl;
    private final String geoipDatabase;
    private final Map<String, String> kafkaProducerProperties;
    private final Duration kafkaDeliveryTimeout;
    private final Duration kafkaMaxBlock;
    private final int maxInFlight;
    private final String redisUri;
    private final Duration dedupeTtl;
    private final Duration redisTimeout;
    private final List<String> tokenSecrets;
    private final Duration tokenTtl;
    private final String ipHashSalt;
    private final List<String> trustedProxies;
    private final Path spoolDir;
    private final SpoolFsync spoolFsync;
    private final Duration spoolFsyncInterval;
    private final long spoolSegmentBytes;
    private final int spoolQueueCapacity;
    private final Duration catalogReloadInterval;
    private final Duration shutdownTimeout;
    private final Clock clock;

    private IngestOptions(Builder b) {
        host = b.host;
        port = b.port;
        eventLoops = b.eventLoops;
        kafkaBootstrapServers = b.kafkaBootstrapServers;
        topic = b.topic;
        impressionsTopic = b.impressionsTopic;
        publicUrl = b.publicUrl;
        geoipDatabase = b.geoipDatabase;
        kafkaProducerProperties = Map.copyOf(b.kafkaProducerProperties);
        kafkaDeliveryTimeout = b.kafkaDeliveryTimeout;
        kafkaMaxBlock = b.kafkaMaxBlock;
        maxInFlight = b.maxInFlight;
        redisUri = b.redisUri;
        dedupeTtl = b.dedupeTtl;
        redisTimeout = b.redisTimeout;
        tokenSecrets = List.copyOf(b.tokenSecrets);
        tokenTtl = b.tokenTtl;
        ipHashSalt = b.ipHashSalt;
        trustedProxies = List.copyOf(b.trustedProxies);
        spoolDir = b.spoolDir;
        spoolFsync = b.spoolFsync;
        spoolFsyncInterval = b.spoolFsyncInterval;
        spoolSegmentBytes = b.spoolSegmentBytes;
        spoolQueueCapacity = b.spoolQueueCapacity;
        catalogReloadInterval = b.catalogReloadInterval;
        shutdownTimeout = b.shutdownTimeout;
        clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Interface to bind; default {@code 127.0.0.1} ({@link IngestSettings#HOST}). */
    public String host() { return host; }
    /** HTTP port; 0 picks a free one (see {@link IngestServer#port()}); default 8080. */
    public int port() { return port; }
    /** Event-loop threads serving HTTP; default the number of cores. */
    public int eventLoops() { return eventLoops; }
    /** Default {@link KafkaSettings#LOCAL_BROKER}. */
    public String kafkaBootstrapServers() { return kafkaBootstrapServers; }
    /** Default {@code clicks}. */
    public String topic() { return topic; }
    /** Topic of served and rendered impressions; default {@code impressions} ({@link KafkaSettings#IMPRESSIONS_TOPIC}). */
    public String impressionsTopic() { return impressionsTopic; }
    /**
     * Base of absolute {@code click_url}/{@code impression_url} ({@link IngestSettings#PUBLIC_URL}), without a
     * trailing '/'; null: relative URLs; default null.
     */
    public String publicUrl() { return publicUrl; }
    /** The country database file ({@link IngestSettings#GEOIP_DATABASE}); null: the bundled one; default null. */
    public String geoipDatabase() { return geoipDatabase; }
    /** Extra producer settings, applied last (they win); default none. */
    public Map<String, String> kafkaProducerProperties() { return kafkaProducerProperties; }
    /** Producer {@code delivery.timeout.ms}: how long a record is retried before it is resent from the spool; default 30 s. */
    public Duration kafkaDeliveryTimeout() { return kafkaDeliveryTimeout; }
    /** Producer {@code max.block.ms} (on the sender thread, never the event loop); default 500 ms. */
    public Duration kafkaMaxBlock() { return kafkaMaxBlock; }
    /** Clicks handed to the producer and not yet acknowledged, at most; the rest waits in the spool; default 10000. */
    public int maxInFlight() { return maxInFlight; }
    /** Redis for layer-1 dedupe, e.g. {@code redis://127.0.0.1:6379}; null turns layer 1 off; default null. */
    public String redisUri() { return redisUri; }
    /** How long a click id is remembered by layer 1; default 5 min. */
    public Duration dedupeTtl() { return dedupeTtl; }
    /** Longest wait for Redis before a click is published unchecked (fail open); default 5 ms. */
    public Duration redisTimeout() { return redisTimeout; }
    /** Token secrets, newest first: the first signs, all verify. Required. */
    public List<String> tokenSecrets() { return tokenSecrets; }
    /** Token validity after it was issued; default 24 h. */
    public Duration tokenTtl() { return tokenTtl; }
    /** Salt of {@code ip_hash}, {@code ua_hash} and fingerprint click ids; same on every instance. Required. */
    public String ipHashSalt() { return ipHashSalt; }
    /** IPs or CIDRs whose {@code X-Forwarded-For} is honoured; default none. */
    public List<String> trustedProxies() { return trustedProxies; }
    /** Directory of the click spool; one per instance. Required. */
    public Path spoolDir() { return spoolDir; }
    /** Default {@link SpoolFsync#EVERY_WRITE}. */
    public SpoolFsync spoolFsync() { return spoolFsync; }
    /** fsync period for {@link SpoolFsync#INTERVAL}; default 100 ms. */
    public Duration spoolFsyncInterval() { return spoolFsyncInterval; }
    /** Size at which a spool segment file is closed and a new one started; default 64 MiB. */
    public long spoolSegmentBytes() { return spoolSegmentBytes; }
    /** Clicks waiting in memory for the spool writer, at most; default 100000. */
    public int spoolQueueCapacity() { return spoolQueueCapacity; }
    /** How often the catalogue file is checked for changes; default 5 s. */
    public Duration catalogReloadInterval() { return catalogReloadInterval; }
    /** How long {@link IngestServer#close()} waits for Kafka to acknowledge what is left; default 10 s. */
    public Duration shutdownTimeout() { return shutdownTimeout; }
    /** Clock of event times and token times (UTC); default the system clock. */
    public Clock clock() { return clock; }

    /** Builder; every setter returns this. */
    public static final class Builder {
        private String host = IngestSettings.HOST.defaultParsed();
        private int port = IngestSettings.PORT.defaultParsed();
        private int eventLoops = Runtime.getRuntime().availableProcessors();
        private String kafkaBootstrapServers = KafkaSettings.LOCAL_BROKER;
        private String topic = KafkaSettings.TOPIC.defaultParsed();
        private String impressionsTopic = KafkaSettings.IMPRESSIONS_TOPIC.defaultParsed();
        private String publicUrl;
        private String geoipDatabase;
        private Map<String, String> kafkaProducerProperties = Map.of();
        private Duration kafkaDeliveryTimeout = Duration.ofSeconds(30);
        private Duration kafkaMaxBlock = Duration.ofMillis(500);
        private int maxInFlight = 10_000;
        private String redisUri;
        private Duration dedupeTtl = IngestSettings.DEDUPE_TTL.defaultParsed();
        private Duration redisTimeout = Duration.ofMillis(5);
        private List<String> tokenSecrets;
        private Duration tokenTtl = IngestSettings.TOKEN_TTL.defaultParsed();
        private String ipHashSalt;
        private List<String> trustedProxies = List.of();
        private Path spoolDir;
        private SpoolFsync spoolFsync = SpoolFsync.EVERY_WRITE;
        private Duration spoolFsyncInterval = Duration.ofMillis(100);
        private long spoolSegmentBytes = 64L << 20;
        private int spoolQueueCapacity = 100_000;
        private Duration catalogReloadInterval = Duration.ofSeconds(5);
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder eventLoops(int v) { eventLoops = v; return this; }
        public Builder kafkaBootstrapServers(String v) { kafkaBootstrapServers = v; return this; }
        public Builder topic(String v) { topic = v; return this; }
        public Builder impressionsTopic(String v) { impressionsTopic = v; return this; }
        public Builder publicUrl(String v) { publicUrl = v; return this; }
        public Builder geoipDatabase(String v) { geoipDatabase = v == null || v.isBlank() ? null : v; return this; }
        public Builder kafkaProducerProperties(Map<String, String> v) { kafkaProducerProperties = v; return this; }
        public Builder kafkaDeliveryTimeout(Duration v) { kafkaDeliveryTimeout = v; return this; }
        public Builder kafkaMaxBlock(Duration v) { kafkaMaxBlock = v; return this; }
        public Builder maxInFlight(int v) { maxInFlight = v; return this; }
        public Builder redisUri(String v) { redisUri = v; return this; }
        public Builder dedupeTtl(Duration v) { dedupeTtl = v; return this; }
        public Builder redisTimeout(Duration v) { redisTimeout = v; return this; }
        public Builder tokenSecrets(List<String> v) { tokenSecrets = v; return this; }
        public Builder tokenTtl(Duration v) { tokenTtl = v; return this; }
        public Builder ipHashSalt(String v) { ipHashSalt = v; return this; }
        public Builder trustedProxies(List<String> v) { trustedProxies = v; return this; }
        public Builder spoolDir(Path v) { spoolDir = v; return this; }
        public Builder spoolFsync(SpoolFsync v) { spoolFsync = v; return this; }
        public Builder spoolFsyncInterval(Duration v) { spoolFsyncInterval = v; return this; }
        public Builder spoolSegmentBytes(long v) { spoolSegmentBytes = v; return this; }
        public Builder spoolQueueCapacity(int v) { spoolQueueCapacity = v; return this; }
        public Builder catalogReloadInterval(Duration v) { catalogReloadInterval = v; return this; }
        public Builder shutdownTimeout(Duration v) { shutdownTimeout = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }

        /** @throws IllegalArgumentException or NullPointerException naming the first bad setting */
        public IngestOptions build() {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
            if (eventLoops < 1) throw new IllegalArgumentException("eventLoops must be at least 1, was " + eventLoops);
            requireText(kafkaBootstrapServers, "kafkaBootstrapServers");
            requireText(topic, "topic");
            requireText(impressionsTopic, "impressionsTopic");
            if (impressionsTopic.equals(topic)) throw new IllegalArgumentException("impressionsTopic must differ from topic (" + topic + ")");
            if (publicUrl != null && publicUrl.isBlank()) publicUrl = null;
            if (publicUrl != null) {
                try {
                    publicUrl = PublicUrl.normalize(publicUrl);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("publicUrl '" + publicUrl + "' must be " + PublicUrl.EXPECTED + ": " + e.getMessage());
                }
            }
            Objects.requireNonNull(kafkaProducerProperties, "kafkaProducerProperties");
            requirePositive(kafkaDeliveryTimeout, "kafkaDeliveryTimeout");
            Objects.requireNonNull(kafkaMaxBlock, "kafkaMaxBlock");
            if (kafkaMaxBlock.isNegative()) throw new IllegalArgumentException("kafkaMaxBlock must not be negative");
            if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
            if (redisUri != null && redisUri.isBlank()) redisUri = null;
            requirePositive(dedupeTtl, "dedupeTtl");
            requirePositive(redisTimeout, "redisTimeout");
            Objects.requireNonNull(tokenSecrets, "tokenSecrets");
            if (tokenSecrets.isEmpty()) throw new IllegalArgumentException("tokenSecrets must hold at least one secret");
            for (String s : tokenSecrets) {
                if (s == null || s.isBlank()) throw new IllegalArgumentException("tokenSecrets must not contain blank secrets");
            }
            requirePositive(tokenTtl, "tokenTtl");
            requireText(ipHashSalt, "ipHashSalt");
            Objects.requireNonNull(trustedProxies, "trustedProxies");
            TrustedProxies.parse(trustedProxies); // fails on a bad entry, naming it
            Objects.requireNonNull(spoolDir, "spoolDir");
            Objects.requireNonNull(spoolFsync, "spoolFsync");
            requirePositive(spoolFsyncInterval, "spoolFsyncInterval");
            if (spoolSegmentBytes < 4096) throw new IllegalArgumentException("spoolSegmentBytes must be at least 4096, was " + spoolSegmentBytes);
            if (spoolQueueCapacity < 16) throw new IllegalArgumentException("spoolQueueCapacity must be at least 16, was " + spoolQueueCapacity);
            requirePositive(catalogReloadInterval, "catalogReloadInterval");
            requirePositive(shutdownTimeout, "shutdownTimeout");
            Objects.requireNonNull(clock, "clock");
            return new IngestOptions(this);
        }

        private static void requireText(String v, String name) {
            Objects.requireNonNull(v, name);
            if (v.isBlank()) throw new IllegalArgumentException(name + " must not be blank");
        }

        private static void requirePositive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
