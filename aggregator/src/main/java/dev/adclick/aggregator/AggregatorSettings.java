package dev.adclick.aggregator;

import dev.adclick.core.archive.ArchiveSettings;
import dev.adclick.core.config.Setting;
import dev.adclick.core.fraud.FraudSettings;
import dev.adclick.core.kafka.KafkaSettings;
import dev.adclick.core.stream.StreamTiming;
import dev.adclick.store.StoreSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every setting of the {@code aggregate} job. Plain definitions that load no Flink class, so
 * launchers (the stack, the loopback cluster) build the job's arguments from them. Settings shared
 * with other deployables are defined by their owners and listed here; the job's defaults for the
 * store and archive are relative paths, as for a job started from the project folder.
 */
public final class AggregatorSettings {
    private AggregatorSettings() {}

    public static final Setting<String> BOOTSTRAP = KafkaSettings.BOOTSTRAP.withDefault(KafkaSettings.LOCAL_BROKER);
    public static final Setting<String> TOPIC = KafkaSettings.TOPIC;
    public static final Setting<String> IMPRESSIONS_TOPIC = KafkaSettings.IMPRESSIONS_TOPIC;
    public static final Setting<String> GROUP_ID = Setting.text("aggregator.group-id", "adclick-aggregate",
            "Kafka consumer group of the job; offsets are committed on checkpoint.").alsoKnownAs("group-id");
    public static final Setting<String> STORE = StoreSettings.STORE.withDefault("duckdb:data/adclick.duckdb");
    public static final Setting<String> ARCHIVE = ArchiveSettings.ARCHIVE.withDefault("data/archive");
    public static final Setting<String> CHECKPOINT_DIR = Setting.text("checkpoint.dir", "data/checkpoints",
            "Checkpoint directory (execution.checkpointing.dir): a local directory or URI (s3a://…).").alsoKnownAs("checkpoint-dir");
    public static final Setting<Duration> CHECKPOINT_INTERVAL = StreamTiming.CHECKPOINT_INTERVAL;
    public static final Setting<Duration> OUT_OF_ORDERNESS = Setting.duration("watermark.out-of-orderness", "5s", Duration.ZERO,
            "How far out of order clicks may arrive before the watermark passes them (per Kafka partition).").alsoKnownAs("out-of-orderness");
    // 20 s, not 5: a starved task thread can leave a split's fetched backlog unprocessed long enough to be marked idle, and
    // its records then come too late (docs/architecture.md, Watermark); out-of-orderness + this stays below the reconcile
    // safety margin, so a minute is still closed before its period counts as closed
    public static final Setting<Duration> IDLE_TIMEOUT = Setting.duration("watermark.idle-timeout", "20s", Duration.ofMillis(1),
            "A partition without records for this long stops holding the watermark back.").alsoKnownAs("idle-timeout");
    public static final Setting<Duration> ALLOWED_LATENESS = StreamTiming.ALLOWED_LATENESS;
    public static final Setting<Duration> EARLY_FIRING = Setting.duration("early.firing", "500ms", Duration.ofMillis(10),
            "How often open minutes are written to the store before they close (with sink.flush-interval, what freshness is made of).").alsoKnownAs("early-firing");
    public static final Setting<Duration> DEDUPE_TTL = Setting.duration("stream.dedupe.ttl", "10m", Duration.ofSeconds(1),
            "How long the Flink job remembers a click id (layer 2).").alsoKnownAs("dedupe-ttl");
    public static final Setting<Integer> PARALLELISM = Setting.integer("flink.parallelism", 0, 0,
            "Parallelism of the Flink job; 0 uses the environment's default (the number of cores on a MiniCluster).").alsoKnownAs("parallelism");
    public static final Setting<String> STATE_BACKEND = Setting.oneOf("flink.state-backend", "hashmap",
            "Flink state backend: hashmap or rocksdb.", "hashmap", "rocksdb").alsoKnownAs("state-backend");
    public static final Setting<Boolean> OBJECT_REUSE = Setting.flag("flink.object-reuse", true,
            "Pass records between chained operators without copying them (safe: no operator of the job keeps or changes a record it passed on).")
            .alsoKnownAs("object-reuse");
    public static final Setting<Duration> BUFFER_TIMEOUT = Setting.duration("flink.buffer-timeout", "10ms", Duration.ZERO,
            "How long a network buffer between the job's stages waits to fill before it is sent (execution.buffer-timeout.interval; "
                    + "each of the four exchanges on the way to the store adds up to this much to freshness).").alsoKnownAs("buffer-timeout");
    public static final Setting<Duration> SINK_FLUSH_INTERVAL = Setting.duration("sink.flush-interval", "100ms", Duration.ofMillis(1),
            "How often buffered counts are upserted into the store (also on every checkpoint).").alsoKnownAs("sink-flush-interval");
    public static final Setting<Integer> SINK_MAX_BUFFERED_ROWS = Setting.integer("sink.max-buffered-rows", 10_000, 1,
            "Buffered (ad, minute) rows that trigger an early upsert.").alsoKnownAs("sink-max-buffered-rows");
    public static final Setting<Duration> STORE_RETRY_TIMEOUT = Setting.duration("sink.store-retry-timeout", "5m", Duration.ZERO,
            "How long the sink retries (blocking input) while the store is unavailable before the job fails over.").alsoKnownAs("store-retry-timeout");
    public static final Setting<Duration> STATUS_INTERVAL = Setting.duration("sink.status-interval", "2s", Duration.ofMillis(100),
            "How often each sink subtask records its pipeline status in the store.").alsoKnownAs("status-interval");

    /** Prefix of settings passed to the Kafka consumer as they are, e.g. {@code kafka.security.protocol}. */
    public static final String KAFKA_PREFIX = "kafka.";

    /**
     * What a user tunes; the stack lists these in {@code ./adclick settings}. The others (where
     * Kafka, the store, the archive and checkpoints are) the stack derives from its own settings.
     */
    public static final List<Setting<?>> TUNABLE = tunable();

    public static final List<Setting<?>> ALL = all();

    private static List<Setting<?>> tunable() {
        List<Setting<?>> l = new ArrayList<>(List.of(CHECKPOINT_INTERVAL, OUT_OF_ORDERNESS, IDLE_TIMEOUT, ALLOWED_LATENESS, EARLY_FIRING,
                DEDUPE_TTL, PARALLELISM, STATE_BACKEND, OBJECT_REUSE, BUFFER_TIMEOUT));
        l.addAll(FraudSettings.ALL);
        l.addAll(List.of(SINK_FLUSH_INTERVAL, SINK_MAX_BUFFERED_ROWS, STORE_RETRY_TIMEOUT, STATUS_INTERVAL));
        return List.copyOf(l);
    }

    private static List<Setting<?>> all() {
        List<Setting<?>> l = new ArrayList<>(List.of(BOOTSTRAP, TOPIC, IMPRESSIONS_TOPIC, GROUP_ID, STORE, ARCHIVE, CHECKPOINT_DIR));
        l.addAll(tunable());
        return List.copyOf(l);
    }
}
