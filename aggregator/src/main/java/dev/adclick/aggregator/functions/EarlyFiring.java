package dev.adclick.aggregator.functions;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimerService;

/**
 * The per-key early-firing timer of the keyed event-time stages: at most one processing-time timer
 * per key, {@code intervalMs} after the first change since the last firing, so a quiet key costs
 * no timers. Its state is named {@code next-early-firing} (part of savepoints).
 */
final class EarlyFiring implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final long intervalMs;
    private transient ValueState<Long> next;

    EarlyFiring(long intervalMs) {
        if (intervalMs < 10) throw new IllegalArgumentException("early firing interval must be >= 10 ms, was " + intervalMs + " ms");
        this.intervalMs = intervalMs;
    }

    void open(RuntimeContext ctx) {
        next = ctx.getState(new ValueStateDescriptor<>("next-early-firing", Long.class));
    }

    /** The current key changed: fire within the interval, unless a firing is already due. */
    void changed(TimerService timers) throws Exception {
        if (next.value() != null) return;
        long at = timers.currentProcessingTime() + intervalMs;
        timers.registerProcessingTimeTimer(at);
        next.update(at);
    }

    /** The current key's timer fired. */
    void fired() {
        next.clear();
    }

    /** The current key has nothing open any more: drop its timer and state. */
    void cancel(TimerService timers) throws Exception {
        Long at = next.value();
        if (at == null) return;
        timers.deleteProcessingTimeTimer(at);
        next.clear();
    }
}
