package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.StoreRecord;
import dev.adclick.core.click.Click;
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
 * Layer-2 dedupe (docs/architecture.md, Counting semantics), keyed by {@code click_id}: the first arrival of a click id passes,
 * later arrivals within the TTL are dropped and counted.
 *
 * <p>The "seen" flag expires {@code ttl} after it was written (processing time); the state
 * backend's background cleanup removes expired entries, so no timer per click is needed.
 */
public class ClickDedupeFunction extends KeyedProcessFunction<String, Click, Click> {
    private static final long serialVersionUID = 1L;

    private final Duration ttl;
    private transient ValueState<Boolean> seen;
    private transient Counter duplicates;

    public ClickDedupeFunction(Duration ttl) {
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.toMillis() < 1000) throw new IllegalArgumentException("dedupe TTL must be >= 1 s, was " + ttl);
    }

    @Override
    public void open(OpenContext ctx) {
        ValueStateDescriptor<Boolean> desc = new ValueStateDescriptor<>("seen", Boolean.class);
        desc.enableTimeToLive(ttlConfig(ttl));
        seen = getRuntimeContext().getState(desc);
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateClicks");
    }

    @VisibleForTesting
    static StateTtlConfig ttlConfig(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .build();
    }

    @Override
    public void processElement(Click click, Context ctx, Collector<Click> out) throws Exception {
        if (isDuplicate()) {
            duplicates.inc();
            ctx.output(Counters.TAG, StoreRecord.counter(StoreRecord.Kind.DUPLICATES, 1));
            return;
        }
        rememberNewClick();
        out.collect(click);
    }

    private boolean isDuplicate() throws Exception {
        return seen.value() != null;
    }

    private void rememberNewClick() throws Exception {
        seen.update(Boolean.TRUE);
    }
}
