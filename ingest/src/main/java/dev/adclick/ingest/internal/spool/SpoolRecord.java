package dev.adclick.ingest.internal.spool;

/**
 * One event (a click or an impression) in the spool.
 *
 * @param seq            position in the spool, strictly increasing, never reused
 * @param appendedMicros when it was appended, epoch microseconds (for publish latency)
 * @param topic          where the sender publishes it
 * @param key            Kafka key (the ad id, UTF-8)
 * @param value          Kafka value (the click JSON)
 */
public record SpoolRecord(long seq, long appendedMicros, SpoolTopic topic, byte[] key, byte[] value) {}
