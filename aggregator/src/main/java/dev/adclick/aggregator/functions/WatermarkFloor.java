package dev.adclick.aggregator.functions;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.streaming.api.TimerService;

import java.util.List;

/**
 * The highest watermark an operator had reached at its last checkpoint, kept in union list state.
 *
 * <p>Flink does not checkpoint watermarks: after a restore an operator starts from no watermark
 * at all, and replayed events for minutes that were already closed would look on time. Using
 * {@code max(floor, current watermark)} for lateness decisions keeps "too late" decided once
 * (docs/architecture.md, Counting semantics). With aligned checkpoints every subtask has the same watermark at a checkpoint, so
 * the maximum over all subtasks is a safe floor for each of them, whatever the new parallelism.
 */
final class WatermarkFloor implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private transient ListState<Long> state;
    private long floor = Long.MIN_VALUE;
    private transient TimerService timers;

    void initialize(FunctionInitializationContext ctx, String name) throws Exception {
        state = ctx.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>(name, Long.class));
        if (ctx.isRestored()) {
            for (Long wm : state.get()) floor = Math.max(floor, wm);
        }
    }

    /** The watermark to judge lateness by. */
    long current(TimerService timerService) {
        timers = timerService;
        return Math.max(floor, timerService.currentWatermark());
    }

    void snapshot() throws Exception {
        long wm = timers == null ? floor : Math.max(floor, timers.currentWatermark());
        state.update(List.of(wm));
    }

    long floor() {
        return floor;
    }
}
