package dev.adclick.core.kafka;

import dev.adclick.core.config.Setting;

/** Where the topics are: read by the click service, the Flink job and the stack launcher alike. */
public final class KafkaSettings {
    private KafkaSettings() {}

    /** Where a job or service connects when nothing is configured: the embedded stack's broker. */
    public static final String LOCAL_BROKER = "127.0.0.1:9092";

    public static final Setting<String> BOOTSTRAP = Setting.text("kafka.bootstrap", null,
            "Kafka bootstrap servers (host:port,…). In ./adclick run: set means an external cluster and no embedded broker;"
                    + " a job or service started alone defaults to " + LOCAL_BROKER + ".")
            .alsoKnownAs("bootstrap-servers");
    public static final Setting<String> TOPIC = Setting.text("topic", "clicks", "Kafka topic of clicks (docs/architecture.md, Contracts).",
            v -> v.matches("[A-Za-z0-9._-]+"), "a topic name");
    public static final Setting<String> IMPRESSIONS_TOPIC = Setting.text("topic.impressions", "impressions",
            "Kafka topic of impressions, served and rendered (docs/architecture.md, Contracts).",
            v -> v.matches("[A-Za-z0-9._-]+"), "a topic name");
}
