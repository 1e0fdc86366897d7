package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.HourUsers;
import dev.adclick.aggregator.records.StoreRecord;
import dev.adclick.core.reach.HourReach;
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
 * Reach per ad and UTC hour, keyed by ad_id: a {@code UniqueUsers} sketch over ip_hash+ua_hash of
 * the rendered impressions that counted (the impression stage has already dropped duplicates and
 * too-late ones; {@link ReachCombiner} bundles their users per ad and hour), emitted as the absolute sketch of each hour that changed, every
 * {@code earlyFiring}, like the minute counts (docs/architecture.md, Contracts, reach).
 *
 * <p>An hour's state is dropped once the watermark passes its last millisecond plus the allowed
 * lateness (one final emission if it changed): no impression of it can count any more, and state
 * stays at about one sketch (≤ 2 KiB) per ad and open hour. As in {@link MinuteCountFunction}, a
 * closed hour is never re-created after a restore ({@link WatermarkFloor}).
 */
public class HourReachFunction extends KeyedProcessFunction<String, HourUsers, StoreRecord> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final long allowedLatenessMs;
    private final EarlyFiring earlyFiring;
    private final WatermarkFloor floor = new WatermarkFloor();
    private transient MapState<Long, HourSketch> hours;
    private transient Counter lateImpressions;

    public HourReachFunction(Duration allowedLateness, Duration earlyFiring) {
        this.allowedLatenessMs = Objects.requireNonNull(allowedLateness, "allowedLateness").toMillis();
        this.earlyFiring = new EarlyFiring(Objects.requireNonNull(earlyFiring, "earlyFiring").toMillis());
        if (allowedLatenessMs < 0) throw new IllegalArgumentException("allowed lateness must be >= 0, was " + allowedLateness);
    }

    /** Keys users by their ad. */
    public static KeySelector<HourUsers, String> adKey() {
        return HourUsers::getAdId;
    }

    /** When an hour is closed for good: its last millisecond plus the allowed lateness. */
    static long cleanupTime(long hour, long allowedLatenessMs) {
        return hour + HourReach.HOUR_MS - 1 + allowedLatenessMs;
    }

    @Override
    public void open(OpenContext ctx) {
        hours = getRuntimeContext().getMapState(new MapStateDescriptor<>("hour-sketches", Long.class, HourSketch.class));
        earlyFiring.open(getRuntimeContext());
        lateImpressions = getRuntimeContext().getMetricGroup().counter("lateReachDropped");
    }

    @Override
    public void processElement(HourUsers users, Context ctx, Collector<StoreRecord> out) throws Exception {
        long hour = users.getHour();
        long cleanup = cleanupTime(hour, allowedLatenessMs);
        if (cleanup <= floor.current(ctx.timerService())) {
            lateImpressions.inc(); // the impression stage prevents this
            return;
        }
        HourSketch s = hours.get(hour);
        if (s == null) {
            s = new HourSketch();
            ctx.timerService().registerEventTimeTimer(cleanup);
        }
        s.add(users.getSketch());
        hours.put(hour, s);
        earlyFiring.changed(ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<StoreRecord> out) throws Exception {
        String adId = ctx.getCurrentKey();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            earlyFiring.fired();
            List<Map.Entry<Long, HourSketch>> changed = new ArrayList<>();
            for (Map.Entry<Long, HourSketch> e : hours.entries()) {
                if (e.getValue().isDirty()) changed.add(Map.entry(e.getKey(), e.getValue()));
            }
            for (Map.Entry<Long, HourSketch> e : changed) {
                out.collect(StoreRecord.reach(adId, e.getKey(), e.getValue().getSketch()));
                e.getValue().setDirty(false);
                hours.put(e.getKey(), e.getValue());
            }
            return;
        }
        Iterator<Map.Entry<Long, HourSketch>> it = hours.iterator();
        while (it.hasNext()) {
            Map.Entry<Long, HourSketch> e = it.next();
            if (cleanupTime(e.getKey(), allowedLatenessMs) > timestamp) continue;
            if (e.getValue().isDirty()) out.collect(StoreRecord.reach(adId, e.getKey(), e.getValue().getSketch()));
            it.remove();
        }
        if (hours.isEmpty()) {
            hours.clear(); // drops the key's (empty) map as well
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
        floor.initialize(context, "reach-watermark-floor");
    }
}
