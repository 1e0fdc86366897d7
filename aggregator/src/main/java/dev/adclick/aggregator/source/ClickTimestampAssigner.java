package dev.adclick.aggregator.source;

import dev.adclick.aggregator.records.KafkaClick;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/**
 * Event time is the click's {@code ts}. Rejected messages get {@link Long#MIN_VALUE}, which the
 * bounded-out-of-orderness generator ignores, so garbage (or a message with a wrong clock) never
 * moves a partition's watermark.
 */
public class ClickTimestampAssigner implements SerializableTimestampAssigner<KafkaClick> {
    private static final long serialVersionUID = 1L;

    @Override
    public long extractTimestamp(KafkaClick element, long recordTimestamp) {
        return element.isValid() ? element.getClick().getTs() : Long.MIN_VALUE;
    }
}
