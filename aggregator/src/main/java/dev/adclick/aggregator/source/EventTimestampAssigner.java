package dev.adclick.aggregator.source;

import dev.adclick.aggregator.records.KafkaMessage;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/**
 * Event time is the event's {@code ts}. Rejected messages get {@link Long#MIN_VALUE}, which the
 * bounded-out-of-orderness generator ignores, so garbage (or a message with a wrong clock) never
 * moves a partition's watermark.
 */
public class EventTimestampAssigner<M extends KafkaMessage<?>> implements SerializableTimestampAssigner<M> {
    private static final long serialVersionUID = 1L;

    @Override
    public long extractTimestamp(M element, long recordTimestamp) {
        return element.isValid() ? element.eventTime() : Long.MIN_VALUE;
    }
}
