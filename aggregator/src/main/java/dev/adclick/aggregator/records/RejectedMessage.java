package dev.adclick.aggregator.records;

import org.apache.avro.reflect.AvroName;
import org.apache.avro.reflect.Nullable;

/**
 * A message on a topic that is not a valid event, as archived under {@code rejected/} (clicks) or
 * {@code impressions/rejected/} (impressions): the directory says which topic it was read from.
 */
public class RejectedMessage {
    @Nullable private String raw;
    private String reason;
    private int partition;
    private long offset;
    /** The Kafka record timestamp: rejected messages have no event time of their own. */
    @AvroName("kafka_ts")
    private long kafkaTs;

    public RejectedMessage() {}

    public static RejectedMessage of(KafkaMessage<?> k) {
        RejectedMessage r = new RejectedMessage();
        r.raw = k.getRaw();
        r.reason = k.getError();
        r.partition = k.getPartition();
        r.offset = k.getOffset();
        r.kafkaTs = k.getKafkaTimestamp();
        return r;
    }

    public String getRaw() { return raw; }
    public void setRaw(String raw) { this.raw = raw; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public int getPartition() { return partition; }
    public void setPartition(int partition) { this.partition = partition; }
    public long getOffset() { return offset; }
    public void setOffset(long offset) { this.offset = offset; }
    public long getKafkaTs() { return kafkaTs; }
    public void setKafkaTs(long kafkaTs) { this.kafkaTs = kafkaTs; }
}
