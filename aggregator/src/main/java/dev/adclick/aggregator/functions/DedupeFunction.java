package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.metrics.JobMetrics;
import dev.adclick.aggregator.records.StoreRecord;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.Objects;

/**
 * Layer-2 dedupe (docs/architecture.md, Counting semantics), keyed by the event's dedupe id
 * ({@code click_id}, or {@code impression_id/kind}): the first arrival of an id passes, later
 * arrivals within the TTL are dropped and counted.
 *
 * <p>The "seen" flag expires {@code ttl} after it was written (processing time); the state
 * backend's background cleanup removes expired entries, so no timer per event is needed. One
 * concrete subclass per event type ({@link ClickDedupeFunction}, {@link ImpressionDedupeFunction}).
 */
public abstract class DedupeFunction<T> extends KeyedProcessFunction<String, T, T> {
    private static final long serialVersionUID = 1L;

    private final Duration ttl;
    private final String events;
    private transient ValueState<Boolean> seen;
    private transient Counter duplicates;

    /** @param events the stream, {@link JobMetrics#CLICKS} or {@link JobMetrics#IMPRESSIONS} ({@link JobMetrics#DUPLICATES} per stream) */
    protected DedupeFunction(Duration ttl, String events) {
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.events = Objects.requireNonNull(events, "events");
        if (ttl.toMillis() < 1000) throw new IllegalArgumentException("dedupe TTL must be >= 1 s, was " + ttl);
    }

    @Override
    public void open(OpenContext ctx) {
        // the state's name is part of savepoints: keep "seen"
        ValueStateDescriptor<Boolean> desc = new ValueStateDescriptor<>("seen", Boolean.class);
        desc.enableTimeToLive(ttlConfig(ttl));
        seen = getRuntimeContext().getState(desc);
        duplicates = JobMetrics.eventCounter(getRuntimeContext().getMetricGroup(), events, JobMetrics.DUPLICATES);
    }

    @VisibleForTesting
    static StateTtlConfig ttlConfig(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .build();
    }

    @Override
    public void processElement(T event, Context ctx, Collector<T> out) throws Exception {
        if (seen.value() != null) {
            duplicates.inc();
            ctx.output(Counters.TAG, StoreRecord.counter(StoreRecord.Kind.DUPLICATES, 1));
            return;
        }
        seen.update(Boolean.TRUE);
        out.collect(event);
    }
}
