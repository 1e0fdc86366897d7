package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.metrics.JobMetrics;
import dev.adclick.aggregator.records.StoreRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Tumbling event-time windows per ad (keyed by ad_id) that are written to the store as absolute
 * values with early firings: the per-minute counts and the per-hour reach.
 *
 * <p>Every {@code earlyFiring} of processing time it emits the windows of this ad that changed
 * since the last firing, as absolute values (so the store upserts are idempotent). When the
 * watermark passes a window's last millisecond plus the allowed lateness, the window is emitted
 * one last time if it changed and its state is dropped: it is closed for good and the stream
 * never writes it again. A Window-API window would do the same, but could not tell after a restore
 * that a window was already closed; here the lateness check uses the checkpointed
 * {@link WatermarkFloor}, and input for a closed window goes to {@link #late}.
 *
 * @param <IN> what is added to a window
 * @param <W>  the state of one open window (a Flink POJO)
 */
abstract class OpenWindowsFunction<IN, W extends OpenWindowsFunction.Window> extends KeyedProcessFunction<String, IN, StoreRecord>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** An open window's state: its value and whether it changed since last emitted. */
    interface Window {
        boolean isDirty();

        void setDirty(boolean dirty);
    }

    /** Names that are part of savepoints, and the metric of input for closed windows. */
    record Names(String windows, String floor, String lateMetric) implements java.io.Serializable {}

    private final long windowMs;
    private final long allowedLatenessMs;
    private final Class<W> windowType;
    private final Names names;
    private final EarlyFiring earlyFiring;
    private final WatermarkFloor floor = new WatermarkFloor();
    private transient MapState<Long, W> windows;
    private transient Counter late;

    OpenWindowsFunction(long windowMs, Duration allowedLateness, Duration earlyFiring, Class<W> windowType, Names names) {
        this.windowMs = windowMs;
        this.allowedLatenessMs = Objects.requireNonNull(allowedLateness, "allowedLateness").toMillis();
        this.earlyFiring = new EarlyFiring(Objects.requireNonNull(earlyFiring, "earlyFiring").toMillis());
        this.windowType = windowType;
        this.names = names;
        if (allowedLatenessMs < 0) throw new IllegalArgumentException("allowed lateness must be >= 0, was " + allowedLateness);
    }

    /** Start of the window the input belongs to. */
    abstract long windowOf(IN in);

    abstract W newWindow();

    abstract void add(W window, IN in);

    /** The store record of a window's current (absolute) value. */
    abstract StoreRecord toRecord(String adId, long window, W state);

    /** Input for a window closed for good: dropped (it is counted in the metric), and whatever else the stage says. */
    void late(IN in, Context ctx) {}

    /** When a window is closed for good: its last millisecond plus the allowed lateness. */
    long cleanupTime(long window) {
        return cleanupTime(window, windowMs, allowedLatenessMs);
    }

    /** The rule of {@link #cleanupTime(long)}, for the stages before: a window of {@code windowMs} starting at {@code window}. */
    static long cleanupTime(long window, long windowMs, long allowedLatenessMs) {
        return window + windowMs - 1 + allowedLatenessMs;
    }

    @Override
    public void open(OpenContext ctx) {
        windows = getRuntimeContext().getMapState(new MapStateDescriptor<>(names.windows(), Long.class, windowType));
        earlyFiring.open(getRuntimeContext());
        late = JobMetrics.counter(getRuntimeContext().getMetricGroup(), names.lateMetric());
    }

    @Override
    public void processElement(IN in, Context ctx, Collector<StoreRecord> out) throws Exception {
        long window = windowOf(in);
        long cleanup = cleanupTime(window);
        if (cleanup <= floor.current(ctx.timerService())) {
            late.inc();
            late(in, ctx);
            return;
        }
        W w = windows.get(window);
        if (w == null) {
            w = newWindow();
            ctx.timerService().registerEventTimeTimer(cleanup);
        }
        add(w, in);
        w.setDirty(true);
        windows.put(window, w);
        earlyFiring.changed(ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<StoreRecord> out) throws Exception {
        String adId = ctx.getCurrentKey();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            earlyFiring.fired();
            List<Map.Entry<Long, W>> changed = new ArrayList<>();
            for (Map.Entry<Long, W> e : windows.entries()) {
                if (e.getValue().isDirty()) changed.add(Map.entry(e.getKey(), e.getValue()));
            }
            for (Map.Entry<Long, W> e : changed) {
                out.collect(toRecord(adId, e.getKey(), e.getValue()));
                e.getValue().setDirty(false);
                windows.put(e.getKey(), e.getValue());
            }
            return;
        }
        // event time: windows whose lateness has expired are final; emit what changed, then forget them
        Iterator<Map.Entry<Long, W>> it = windows.iterator();
        while (it.hasNext()) {
            Map.Entry<Long, W> e = it.next();
            if (cleanupTime(e.getKey()) > timestamp) continue;
            if (e.getValue().isDirty()) out.collect(toRecord(adId, e.getKey(), e.getValue()));
            it.remove();
        }
        if (windows.isEmpty()) {
            windows.clear(); // drops the key's (empty) map as well
            earlyFiring.cancel(ctx.timerService());
        }
        floor.current(ctx.timerService());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        floor.snapshot();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        floor.initialize(context, names.floor());
    }
}
