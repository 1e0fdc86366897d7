package dev.adclick.aggregator.records;

import dev.adclick.core.click.Click;

/**
 * One message read from the {@code clicks} topic: the parsed click, or the raw text and the reason
 * it is not one, plus where it came from (partition, offset) for the archive.
 *
 * <p>Parsing happens in the source so that the per-partition watermark generator can take the
 * click's own {@code ts}; rejected messages carry no event time and never move watermarks.
 */
public class KafkaClick {
    private Click click;
    private String raw;
    private String error;
    private int partition;
    private long offset;
    private long kafkaTimestamp;

    public KafkaClick() {}

    public static KafkaClick valid(Click click, int partition, long offset, long kafkaTimestamp) {
        KafkaClick k = new KafkaClick();
        k.click = click;
        k.partition = partition;
        k.offset = offset;
        k.kafkaTimestamp = kafkaTimestamp;
        return k;
    }

    public static KafkaClick invalid(String raw, String error, int partition, long offset, long kafkaTimestamp) {
        KafkaClick k = new KafkaClick();
        k.raw = raw;
        k.error = error;
        k.partition = partition;
        k.offset = offset;
        k.kafkaTimestamp = kafkaTimestamp;
        return k;
    }

    /** A click that reaches the archive without its Kafka coordinates (a too-late copy): partition and offset -1. */
    public static KafkaClick unplaced(Click click) {
        return valid(click, -1, -1, -1);
    }

    public boolean isValid() { return click != null; }

    public Click getClick() { return click; }
    public void setClick(Click click) { this.click = click; }
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
        return isValid() ? "KafkaClick{" + click + " @" + partition + "/" + offset + "}"
                : "KafkaClick{invalid: " + error + " @" + partition + "/" + offset + "}";
    }
}
