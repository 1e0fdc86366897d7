package dev.adclick.aggregator.records;

import dev.adclick.core.impression.Impression;

/** One message read from the {@code impressions} topic (see {@link KafkaMessage}). */
public class KafkaImpression extends KafkaMessage<Impression> {
    public KafkaImpression() {}

    public static KafkaImpression valid(Impression impression, int partition, long offset, long kafkaTimestamp) {
        return new KafkaImpression().fill(impression, null, null, partition, offset, kafkaTimestamp);
    }

    public static KafkaImpression invalid(String raw, String error, int partition, long offset, long kafkaTimestamp) {
        return new KafkaImpression().fill(null, raw, error, partition, offset, kafkaTimestamp);
    }

    /** An impression that reaches the archive without its Kafka coordinates (a too-late copy): partition and offset -1. */
    public static KafkaImpression unplaced(Impression impression) {
        return valid(impression, -1, -1, -1);
    }

    public Impression getImpression() { return getEvent(); }

    @Override
    public long eventTime() {
        return getEvent().getTs();
    }
}
