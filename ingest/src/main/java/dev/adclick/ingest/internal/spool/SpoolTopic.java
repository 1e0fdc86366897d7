package dev.adclick.ingest.internal.spool;

/**
 * Which Kafka topic a spool record is for. One spool and one sender carry every event the service
 * publishes, so an outage or a crash treats clicks and impressions alike, in one order.
 *
 * <p>On disk it is the record's {@link #code()} ({@link SpoolFormat}); the topic names themselves
 * are configuration (the sender maps each value to its configured topic), so renaming a topic
 * never strands a spool. Codes are never reused: 0 is what every record written before this enum
 * existed carries, so a spool left by an earlier version is sent to {@code clicks}.
 */
public enum SpoolTopic {
    CLICKS(0),
    IMPRESSIONS(1);

    private final int code;

    SpoolTopic(int code) {
        this.code = code;
    }

    /** The value stored in the record's header; fits in {@link SpoolFormat#TOPIC_BITS}. */
    int code() {
        return code;
    }

    /** @return the topic of this code, or null for a code this build does not know */
    static SpoolTopic ofCode(int code) {
        for (SpoolTopic t : values()) if (t.code == code) return t;
        return null;
    }
}
