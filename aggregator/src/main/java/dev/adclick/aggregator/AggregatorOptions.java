package dev.adclick.aggregator;

import dev.adclick.core.config.Durations;
import dev.adclick.core.config.Setting;
import dev.adclick.core.config.SettingValues;
import dev.adclick.core.config.SettingsHelp;
import dev.adclick.core.fraud.FraudRules;
import dev.adclick.core.fraud.FraudSettings;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static dev.adclick.aggregator.AggregatorSettings.*;

/**
 * The settings of one {@code aggregate} job, as typed values. The definitions (keys, defaults,
 * checks) are {@link AggregatorSettings}; the same keys work as {@code --key value} arguments, in a
 * properties file ({@code --config file}) and, in the stack, as {@code ADCLICK_*} variables.
 * {@code kafka.*} keys pass through to the Kafka consumer.
 */
public final class AggregatorOptions implements Serializable {
    private static final long serialVersionUID = 2L;

    private final SettingValues values;

    private AggregatorOptions(SettingValues values) {
        this.values = values;
    }

    public static Builder builder() {
        return new Builder(empty());
    }

    private static SettingValues empty() {
        return SettingValues.empty(AggregatorSettings.ALL, KAFKA_PREFIX);
    }

    /**
     * Reads {@code --key value} (or {@code --key=value}) arguments; {@code --config file} loads a
     * properties file first, and arguments override it.
     *
     * @throws IllegalArgumentException naming an unknown key or a bad value
     */
    public static AggregatorOptions fromArgs(String... args) {
        return new Builder(empty().withArgs(args)).build();
    }

    /** All settings, defaults included, by key. */
    public Map<String, String> toMap() {
        return values.toMap();
    }

    /** A usage text listing every setting with its default. */
    public static String help() {
        return "Options (--key value, or key=value in a --config properties file):\n" + SettingsHelp.describe(AggregatorSettings.ALL)
                + "  " + KAFKA_PREFIX + "<property>    passed to the Kafka consumer\n";
    }

    public String bootstrapServers() { return values.get(BOOTSTRAP); }
    public String topic() { return values.get(TOPIC); }
    public String impressionsTopic() { return values.get(IMPRESSIONS_TOPIC); }
    public String groupId() { return values.get(GROUP_ID); }
    public String storeLocation() { return values.get(STORE); }
    /** Archive root as a URI (a plain directory becomes an absolute {@code file:} URI). */
    public String archiveUri() { return toUri(values.get(ARCHIVE)); }
    /** Checkpoint directory as a URI (a plain directory becomes an absolute {@code file:} URI). */
    public String checkpointDir() { return toUri(values.get(CHECKPOINT_DIR)); }
    public Duration checkpointInterval() { return values.get(CHECKPOINT_INTERVAL); }
    public Duration outOfOrderness() { return values.get(OUT_OF_ORDERNESS); }
    public Duration allowedLateness() { return values.get(ALLOWED_LATENESS); }
    public Duration earlyFiring() { return values.get(EARLY_FIRING); }
    public Duration dedupeTtl() { return values.get(DEDUPE_TTL); }
    public Duration idleTimeout() { return values.get(IDLE_TIMEOUT); }
    public int parallelism() { return values.get(PARALLELISM); }
    public String stateBackend() { return values.get(STATE_BACKEND); }
    public boolean objectReuse() { return values.get(OBJECT_REUSE); }
    public Duration bufferTimeout() { return values.get(BUFFER_TIMEOUT); }
    public FraudRules fraudRules() { return FraudSettings.rules(values); }
    public Duration sinkFlushInterval() { return values.get(SINK_FLUSH_INTERVAL); }
    public int sinkMaxBufferedRows() { return values.get(SINK_MAX_BUFFERED_ROWS); }
    public Duration storeRetryTimeout() { return values.get(STORE_RETRY_TIMEOUT); }
    public Duration statusInterval() { return values.get(STATUS_INTERVAL); }

    /** The {@code kafka.*} settings without their prefix. */
    public Properties kafkaProperties() {
        Properties p = new Properties();
        p.putAll(values.withPrefix(KAFKA_PREFIX));
        return p;
    }

    static String toUri(String location) {
        if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*")) return location;
        return Path.of(location).toAbsolutePath().normalize().toUri().toString();
    }

    @Override
    public String toString() {
        return "AggregatorOptions" + toMap();
    }

    /** Builds options; unknown keys and bad values are rejected as they are set. */
    public static final class Builder {
        private SettingValues values;

        private Builder(SettingValues values) {
            this.values = values;
        }

        /** Sets a setting by its key (current or earlier), or a {@code kafka.*} consumer property. */
        public Builder set(String key, String value) {
            values = values.withAll(Map.of(key, value), "option");
            return this;
        }

        public Builder setAll(Map<String, String> m) {
            values = values.withAll(m, "option");
            return this;
        }

        /** Sets one setting. */
        public <T> Builder set(Setting<T> s, String value) {
            values = values.with(s, value);
            return this;
        }

        private Builder set(Setting<Duration> s, Duration d) {
            return set(s, Durations.format(d));
        }

        public Builder bootstrapServers(String v) { return set(BOOTSTRAP, v); }
        public Builder topic(String v) { return set(TOPIC, v); }
        public Builder impressionsTopic(String v) { return set(IMPRESSIONS_TOPIC, v); }
        public Builder groupId(String v) { return set(GROUP_ID, v); }
        public Builder storeLocation(String v) { return set(STORE, v); }
        public Builder archiveUri(String v) { return set(ARCHIVE, v); }
        public Builder checkpointDir(String v) { return set(CHECKPOINT_DIR, v); }
        public Builder checkpointInterval(Duration v) { return set(CHECKPOINT_INTERVAL, v); }
        public Builder outOfOrderness(Duration v) { return set(OUT_OF_ORDERNESS, v); }
        public Builder allowedLateness(Duration v) { return set(ALLOWED_LATENESS, v); }
        public Builder earlyFiring(Duration v) { return set(EARLY_FIRING, v); }
        public Builder dedupeTtl(Duration v) { return set(DEDUPE_TTL, v); }
        public Builder idleTimeout(Duration v) { return set(IDLE_TIMEOUT, v); }
        public Builder parallelism(int v) { return set(PARALLELISM, String.valueOf(v)); }
        public Builder stateBackend(String v) { return set(STATE_BACKEND, v); }
        public Builder objectReuse(boolean v) { return set(OBJECT_REUSE, String.valueOf(v)); }
        public Builder fraudRules(FraudRules r) {
            return setAll(FraudSettings.values(r));
        }
        public Builder sinkFlushInterval(Duration v) { return set(SINK_FLUSH_INTERVAL, v); }
        public Builder sinkMaxBufferedRows(int v) { return set(SINK_MAX_BUFFERED_ROWS, String.valueOf(v)); }
        public Builder storeRetryTimeout(Duration v) { return set(STORE_RETRY_TIMEOUT, v); }
        public Builder statusInterval(Duration v) { return set(STATUS_INTERVAL, v); }
        /** A Kafka consumer property, e.g. {@code kafkaProperty("security.protocol", "SSL")}. */
        public Builder kafkaProperty(String name, String v) { return set(KAFKA_PREFIX + name, v); }

        /** @throws IllegalArgumentException when values that must agree do not (e.g. the fraud thresholds) */
        public AggregatorOptions build() {
            AggregatorOptions o = new AggregatorOptions(values);
            for (Setting<String> s : java.util.List.of(BOOTSTRAP, TOPIC, IMPRESSIONS_TOPIC, GROUP_ID, STORE, ARCHIVE, CHECKPOINT_DIR)) {
                if (values.raw(s) == null || values.raw(s).isBlank()) throw new IllegalArgumentException(s.key() + " must not be empty");
            }
            o.fraudRules(); // the rules check how their thresholds relate
            return o;
        }
    }
}
