package dev.adclick.cli.config;

import dev.adclick.aggregator.AggregatorSettings;
import dev.adclick.aggregator.metrics.PrometheusReporter;
import dev.adclick.core.archive.ArchiveSettings;
import dev.adclick.core.catalog.ApiKeys;
import dev.adclick.core.config.Setting;
import dev.adclick.core.kafka.KafkaSettings;
import dev.adclick.core.reconcile.PeriodClosing;
import dev.adclick.ingest.IngestSettings;
import dev.adclick.query.QuerySettings;
import dev.adclick.store.StoreSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * Every setting of {@code ./adclick}: the stack's own (where its embedded parts live), then those
 * of each part it runs, as their owners define them. Code gets values through {@link AdclickConfig}.
 */
public final class Settings {
    private Settings() {}

    public static final Setting<String> DATA_DIR = Setting.text("data.dir", "./data",
            "Where the embedded stack keeps Kafka logs, checkpoints, the DuckDB file, the archive and the spool.");
    public static final Setting<String> CATALOG = Setting.text("catalog", null,
            "Ad catalogue JSON file (reloaded when it changes). Unset: the demo catalogue, copied to <data.dir>/catalog.json on first start.");
    public static final Setting<Integer> KAFKA_PORT = Setting.port("kafka.port", 9092, "Port of the embedded Kafka broker.");
    public static final Setting<Integer> TOPIC_PARTITIONS = Setting.integer("topic.partitions", 4, 1,
            "Partitions of the clicks and impressions topics when the stack creates them.");
    public static final Setting<Integer> REDIS_PORT = Setting.port("redis.port", 6379, "Port of the embedded Redis server.");
    public static final Setting<Integer> FLINK_METRICS_PORT = Setting.port("flink.metrics.port", PrometheusReporter.DEFAULT_PORT,
            "Port of the embedded Flink job's metrics in Prometheus format (http://host:port/metrics, every interface); 0: any free port.");
    public static final Setting<String> RECONCILE_SCHEDULE = Setting.oneOf("reconcile.schedule", "off",
            "Reconcile closed periods automatically in the embedded stack: off, hourly (each hour once closed) or daily (each UTC day once closed).",
            "off", "hourly", "daily");
    /** The stack runs the job with two subtasks unless told otherwise: enough on 2 cores, fewer DuckDB writers. */
    public static final Setting<Integer> PARALLELISM = AggregatorSettings.PARALLELISM.withDefault("2");

    // Shared with the parts, defined by their owners.
    public static final Setting<String> ADMIN_KEY = ApiKeys.ADMIN_KEY;
    public static final Setting<String> KAFKA_BOOTSTRAP = KafkaSettings.BOOTSTRAP;
    public static final Setting<String> TOPIC = KafkaSettings.TOPIC;
    public static final Setting<String> IMPRESSIONS_TOPIC = KafkaSettings.IMPRESSIONS_TOPIC;
    public static final Setting<String> STORE = StoreSettings.STORE;
    public static final Setting<String> ARCHIVE = ArchiveSettings.ARCHIVE;

    public static final List<Setting<?>> ALL = all();

    private static List<Setting<?>> all() {
        List<Setting<?>> l = new ArrayList<>(List.of(DATA_DIR, CATALOG, ADMIN_KEY, KAFKA_PORT, KAFKA_BOOTSTRAP, TOPIC, IMPRESSIONS_TOPIC, TOPIC_PARTITIONS,
                REDIS_PORT, FLINK_METRICS_PORT, STORE, ARCHIVE, RECONCILE_SCHEDULE, PeriodClosing.SAFETY_MARGIN));
        l.addAll(IngestSettings.ALL);
        l.addAll(QuerySettings.ALL);
        for (Setting<?> s : AggregatorSettings.TUNABLE) l.add(s == AggregatorSettings.PARALLELISM ? PARALLELISM : s);
        return List.copyOf(l);
    }
}
