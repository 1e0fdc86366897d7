package dev.adclick.aggregator.records;

import dev.adclick.core.click.Click;

/** One message read from the {@code clicks} topic (see {@link KafkaMessage}). */
public class KafkaClick extends KafkaMessage<Click> {
    public KafkaClick() {}

    public static KafkaClick valid(Click click, int partition, long offset, long kafkaTimestamp) {
        return new KafkaClick().fill(click, null, null, partition, offset, kafkaTimestamp);
    }

    public static KafkaClick invalid(String raw, String error, int partition, long offset, long kafkaTimestamp) {
        return new KafkaClick().fill(null, raw, error, partition, offset, kafkaTimestamp);
    }

    /** A click that reaches the archive without its Kafka coordinates (a too-late copy): partition and offset -1. */
    public static KafkaClick unplaced(Click click) {
        return valid(click, -1, -1, -1);
    }

    public Click getClick() { return getEvent(); }

    @Override
    public long eventTime() {
        return getEvent().getTs();
    }
}
