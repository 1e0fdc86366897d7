package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.CountDelta;
import dev.adclick.aggregator.records.StoreRecord;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.java.functions.KeySelector;
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
 * 1-minute tumbling event-time counts per ad, keyed by ad_id, with early firings.
 *
 * <p>Sums the fraud stage's deltas into absolute (clicks, verified, suspicious) per minute. Every
 * {@code earlyFiring} of processing time it emits the minutes of this ad that changed since the
 * last firing, as absolute counts (so the store upserts are idempotent). When the watermark
 * passes a minute's last millisecond plus the allowed lateness, the minute is emitted one last
 * time if it changed and its state is dropped: it is closed for good and the stream never writes
 * it again. Deltas for a closed minute (which the first stages prevent, but for a topic that wakes up after an idle spell while the other closed the minute) are dropped and counted as too late.
 * A Window-API window would do the same, but could not tell after a restore that a minute was
 * already closed; here the lateness check uses the checkpointed {@link WatermarkFloor}. Deltas
 * of both topics meet here (clicks' from the fraud stage, impressions' from their own stage).
 */
public class MinuteCountFunction extends KeyedProcessFunction<String, CountDelta, StoreRecord> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final long allowedLatenessMs;
    private final EarlyFiring earlyFiring;
    private final WatermarkFloor floor = new WatermarkFloor();
    private transient MapState<Long, MinuteTotals> totals;
    private transient Counter lateDeltas;

    public MinuteCountFunction(Duration allowedLateness, Duration earlyFiring) {
        this.allowedLatenessMs = Objects.requireNonNull(allowedLateness, "allowedLateness").toMillis();
        this.earlyFiring = new EarlyFiring(Objects.requireNonNull(earlyFiring, "earlyFiring").toMillis());
        if (allowedLatenessMs < 0) throw new IllegalArgumentException("allowed lateness must be >= 0, was " + allowedLateness);
    }

    /** Keys deltas by their ad. */
    public static KeySelector<CountDelta, String> adKey() {
        return CountDelta::getAdId;
    }

    @Override
    public void open(OpenContext ctx) {
        totals = getRuntimeContext().getMapState(new MapStateDescriptor<>("minute-totals", Long.class, MinuteTotals.class));
        earlyFiring.open(getRuntimeContext());
        lateDeltas = getRuntimeContext().getMetricGroup().counter("lateDeltasDropped");
    }

    @Override
    public void processElement(CountDelta d, Context ctx, Collector<StoreRecord> out) throws Exception {
        long minute = d.getMinute();
        long cleanup = MinuteWindows.cleanupTime(minute, allowedLatenessMs);
        if (cleanup <= floor.current(ctx.timerService())) {
            // each topic's first stage decides lateness by that topic's watermark; this stage sees the
            // lower of both (an idle topic's is ignored), so a topic waking up after the other one closed
            // a minute can still send deltas for it: they are too late, and counted as such
            lateDeltas.inc();
            long events = events(d.counts());
            if (events > 0) ctx.output(Counters.TAG, StoreRecord.counter(StoreRecord.Kind.TOO_LATE, events));
            return;
        }
        MinuteTotals t = totals.get(minute);
        if (t == null) {
            t = new MinuteTotals();
            ctx.timerService().registerEventTimeTimer(cleanup);
        }
        t.add(d);
        totals.put(minute, t);
        earlyFiring.changed(ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<StoreRecord> out) throws Exception {
        String adId = ctx.getCurrentKey();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            earlyFiring.fired();
            List<Map.Entry<Long, MinuteTotals>> changed = new ArrayList<>();
            for (Map.Entry<Long, MinuteTotals> e : totals.entries()) {
                if (e.getValue().isDirty()) changed.add(Map.entry(e.getKey(), e.getValue()));
            }
            for (Map.Entry<Long, MinuteTotals> e : changed) emit(adId, e.getKey(), e.getValue(), out);
            return;
        }
        // event time: minutes whose lateness has expired are final; emit what changed, then forget them
        Iterator<Map.Entry<Long, MinuteTotals>> it = totals.iterator();
        while (it.hasNext()) {
            Map.Entry<Long, MinuteTotals> e = it.next();
            if (MinuteWindows.cleanupTime(e.getKey(), allowedLatenessMs) > timestamp) continue;
            if (e.getValue().isDirty()) {
                out.collect(StoreRecord.count(new CountKey(adId, e.getKey()), e.getValue().counts()));
            }
            it.remove();
        }
        if (totals.isEmpty()) {
            totals.clear(); // drops the key's (empty) map as well
            earlyFiring.cancel(ctx.timerService());
        }
        floor.current(ctx.timerService());
    }

    /** How many events a delta carries: every click adds 1 to clicks or suspicious (a flip moves counted ones), every impression 1 to its kind. */
    static long events(Counts c) {
        return c.clicks() + c.suspiciousClicks() + c.servedImpressions() + c.impressions();
    }

    private void emit(String adId, long minute, MinuteTotals t, Collector<StoreRecord> out) throws Exception {
        out.collect(StoreRecord.count(new CountKey(adId, minute), t.counts()));
        t.setDirty(false);
        totals.put(minute, t);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        floor.snapshot();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        floor.initialize(context, "count-watermark-floor");
    }
}
