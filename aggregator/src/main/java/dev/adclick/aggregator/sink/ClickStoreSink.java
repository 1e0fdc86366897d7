package dev.adclick.aggregator.sink;

import dev.adclick.aggregator.records.StoreRecord;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Writes absolute per-minute counts into a {@code ClickStore} opened from a location string.
 *
 * <p>Delivery: effectively exactly-once. Rows are idempotent upserts of absolute counts with
 * growing versions, written in batches; every checkpoint flushes the buffer first, so a
 * checkpoint completes only once the counts it covers are stored, and a replay after a restore
 * rewrites the same numbers. While the store is unavailable the writer retries with backoff and
 * blocks (backpressure); nothing is dropped. The pipeline counters it reports are part of its
 * checkpointed state.
 */
public class ClickStoreSink implements Sink<StoreRecord>, SupportsWriterState<StoreRecord, WriterCounters> {
    private static final long serialVersionUID = 1L;

    private final String location;
    private final Settings settings;

    /** Batching, retry and status-report settings. */
    public record Settings(Duration flushInterval, int maxBufferedRows, Duration retryTimeout,
                           Duration statusInterval) implements java.io.Serializable {
        public Settings {
            Objects.requireNonNull(flushInterval, "flushInterval");
            Objects.requireNonNull(retryTimeout, "retryTimeout");
            Objects.requireNonNull(statusInterval, "statusInterval");
            if (flushInterval.toMillis() < 1) throw new IllegalArgumentException("sink flush interval must be >= 1 ms");
            if (maxBufferedRows < 1) throw new IllegalArgumentException("sink max buffered rows must be >= 1, was " + maxBufferedRows);
        }
    }

    public ClickStoreSink(String location, Settings settings) {
        this.location = Objects.requireNonNull(location, "location");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public StatefulSinkWriter<StoreRecord, WriterCounters> createWriter(WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<StoreRecord, WriterCounters> restoreWriter(WriterInitContext context, Collection<WriterCounters> state) {
        WriterCounters restored = WriterCounters.ZERO;
        // after a rescale one writer may get several old writers' counters: the sum is preserved
        for (WriterCounters c : state) restored = restored.plus(c);
        return new ClickStoreWriter(location, settings, context.getTaskInfo().getIndexOfThisSubtask(),
                context.getProcessingTimeService(), restored, new SinkMetrics(context.metricGroup()));
    }

    @Override
    public SimpleVersionedSerializer<WriterCounters> getWriterStateSerializer() {
        return new WriterCounters.Serializer();
    }
}
