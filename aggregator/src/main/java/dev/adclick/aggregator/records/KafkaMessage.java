package dev.adclick.aggregator.records;

/**
 * One message read from a topic: the parsed event, or the raw text and the reason it is not one,
 * plus where it came from (partition, offset) for the archive. {@link KafkaClick} and
 * {@link KafkaImpression} bind the event type, so Flink sees concrete POJOs (no Kryo).
 *
 * <p>Parsing happens in the source so that the per-partition watermark generator can take the
 * event's own {@code ts}; rejected messages carry no event time and never move watermarks.
 *
 * @param <T> the event type of the topic
 */
public abstract class KafkaMessage<T> {
    private T event;
    private String raw;
    private String error;
    private int partition;
    private long offset;
    private long kafkaTimestamp;

    protected KafkaMessage() {}

    /** Fills this message; exactly one of {@code event} and {@code raw}/{@code error} is set. */
    @SuppressWarnings("unchecked")
    protected final <M extends KafkaMessage<T>> M fill(T event, String raw, String error, int partition, long offset, long kafkaTimestamp) {
        this.event = event;
        this.raw = raw;
        this.error = error;
        this.partition = partition;
        this.offset = offset;
        this.kafkaTimestamp = kafkaTimestamp;
        return (M) this;
    }

    /** The event's own time (its {@code ts}), epoch ms; only for valid messages. */
    public abstract long eventTime();

    public boolean isValid() { return event != null; }

    public T getEvent() { return event; }
    public void setEvent(T event) { this.event = event; }
    public String getRaw() { return raw; }
    public void setRaw(String raw) { this.raw = raw; }
    public String getError() { return error; }
    public void setError(String error) { this.error = error; }
    public int getPartition() { return partition; }
    public void setPartition(int partition) { this.partition = partition; }
    public long getOffset() { return offset; }
    public void setOffset(long offset) { this.offset = offset; }
    public long getKafkaTimestamp() { return kafkaTimestamp; }
    public void setKafkaTimestamp(long kafkaTimestamp) { this.kafkaTimestamp = kafkaTimestamp; }

    @Override
    public String toString() {
        return getClass().getSimpleName() + (isValid() ? "{" + event : "{invalid: " + error) + " @" + partition + "/" + offset + "}";
    }
}
