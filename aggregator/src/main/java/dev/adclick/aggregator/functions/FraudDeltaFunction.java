package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.metrics.JobMetrics;
import dev.adclick.aggregator.records.CountDelta;
import dev.adclick.aggregator.records.StoreRecord;
import dev.adclick.core.click.Click;
import dev.adclick.core.count.Counts;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.core.fraud.FraudRules;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies {@link FraudRules} online, keyed by ip_hash, and decides "too late" (docs/architecture.md, Counting semantics).
 * The rules are applied generically: click rules per click, count rules through
 * {@link FraudRules#isSuspicious} on the two tallies kept per (ip_hash, minute).
 *
 * <p>Per ip_hash and minute it keeps per-ad tallies and emits {@link CountDelta}s of the click's
 * breakdown row (ad, minute, its dimensions) for the per-ad counting stage: {@code +1} click for an
 * ordinary click, {@code +1} suspicious once the group (ip_hash, ad, minute) is flagged, and on the
 * flip itself a retraction of everything that group had counted ({@code -n} clicks, {@code +n}
 * suspicious) in each breakdown row it had counted them in ({@link IpMinute} keeps those per
 * dimension values). Flags only ever turn on, so the result depends only on the set of clicks,
 * like the offline recount.
 *
 * <p>This is the first event-time stage, so it decides lateness: a click whose minute is closed
 * for good (its last millisecond plus the allowed lateness is at or before the watermark, floored
 * by the watermark of the last checkpoint) goes to {@link #TOO_LATE} and is not counted online.
 * The per-minute state is dropped by an event-time timer at that same moment, so the counting
 * stage downstream always receives a minute's deltas before the watermark that closes it.
 *
 * <p>Clicks without ip_hash are never flagged by count rules: they pass without state. A click that
 * a click rule flags is {@code +1} suspicious and is not tallied (see {@link dev.adclick.core.fraud.ClickRule}).
 */
public class FraudDeltaFunction extends KeyedProcessFunction<String, Click, CountDelta> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<Click> TOO_LATE = new OutputTag<>("too-late") {};

    private final FraudRules rules;
    private final long allowedLatenessMs;
    private final WatermarkFloor floor = new WatermarkFloor();
    private transient MapState<Long, IpMinute> minutes;
    private transient Counter tooLate;

    public FraudDeltaFunction(FraudRules rules, Duration allowedLateness) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.allowedLatenessMs = Objects.requireNonNull(allowedLateness, "allowedLateness").toMillis();
        if (allowedLatenessMs < 0) throw new IllegalArgumentException("allowed lateness must be >= 0, was " + allowedLateness);
    }

    /** Keys by ip_hash; clicks without one get a key of their own (they need no shared state). */
    public static KeySelector<Click, String> ipKey() {
        return c -> c.getIpHash() == null || c.getIpHash().isEmpty() ? "\u0000" + c.getClickId() : c.getIpHash();
    }

    @Override
    public void open(OpenContext ctx) {
        minutes = getRuntimeContext().getMapState(new MapStateDescriptor<>("ip-minutes", Long.class, IpMinute.class));
        tooLate = JobMetrics.eventCounter(getRuntimeContext().getMetricGroup(), JobMetrics.CLICKS, JobMetrics.TOO_LATE);
    }

    @Override
    public void processElement(Click click, Context ctx, Collector<CountDelta> out) throws Exception {
        long minute = MinuteWindows.minuteOf(click.getTs());
        long cleanup = MinuteWindows.cleanupTime(minute, allowedLatenessMs);
        if (cleanup <= floor.current(ctx.timerService())) {
            tooLate.inc();
            ctx.output(TOO_LATE, click);
            ctx.output(Counters.TAG, StoreRecord.counter(StoreRecord.Kind.TOO_LATE, 1));
            return;
        }
        String ad = click.getAdId();
        Dimensions dims = click.dims();
        if (rules.flagsClick(click)) {
            out.collect(CountDelta.of(ad, minute, dims, Counts.suspiciousClick()).at(click.getTs()));
            return;
        }
        if (!FraudRules.isGroupable(click.getIpHash())) {
            out.collect(CountDelta.of(ad, minute, dims, Counts.click(click.isVerified())).at(click.getTs()));
            return;
        }
        IpMinute m = minutes.get(minute);
        if (m == null) {
            m = new IpMinute();
            ctx.timerService().registerEventTimeTimer(cleanup);
        }
        int self = m.indexOf(ad);
        m.add(self, click.isVerified());
        for (int i : flagNewlySuspicious(click.getIpHash(), m)) {
            boolean current = i == self;
            retract(m, i, current, current && click.isVerified(), minute, click.getTs(), out);
        }
        boolean suspicious = m.flagged(self);
        if (!suspicious) m.counted(self, dims, click.isVerified());
        out.collect(CountDelta.of(ad, minute, dims, suspicious ? Counts.suspiciousClick() : Counts.click(click.isVerified())).at(click.getTs()));
        minutes.put(minute, m);
    }

    /**
     * Moves what group {@code i} had counted as ordinary clicks to suspicious, in each breakdown row
     * it was counted in. The click being processed is tallied but not yet counted, so it is left out.
     */
    private static void retract(IpMinute m, int i, boolean current, boolean currentVerified, long minute, long ts, Collector<CountDelta> out) {
        long clicks = m.clicks(i) - (current ? 1 : 0);
        long verified = m.verified(i) - (currentVerified ? 1 : 0);
        for (int e = 0; e < m.entries(); e++) {
            if (m.entryAd(e) != i) continue;
            long n = m.entryClicks(e);
            long v = m.entryVerified(e);
            out.collect(CountDelta.of(m.ad(i), minute, m.entryDims(e), new Counts(-n, -v, n)).at(ts));
            clicks -= n;
            verified -= v;
        }
        // counted before this stage kept dimensions (state of an earlier job): the per-minute stage holds those in the all-unknown row
        if (clicks > 0) out.collect(CountDelta.of(m.ad(i), minute, Dimensions.UNKNOWN, new Counts(-clicks, -verified, clicks)).at(ts));
    }

    private List<Integer> flagNewlySuspicious(String ipHash, IpMinute m) {
        List<Integer> flips = new ArrayList<>(1);
        for (int i = 0; i < m.size(); i++) {
            if (!m.flagged(i) && rules.isSuspicious(ipHash, m.clicks(i), m.getTotal())) {
                m.flag(i);
                flips.add(i);
            }
        }
        return flips;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CountDelta> out) throws Exception {
        // the minute is closed for good: later clicks for it are too late, its tallies are no longer needed
        Iterator<Map.Entry<Long, IpMinute>> it = minutes.iterator();
        while (it.hasNext()) {
            if (MinuteWindows.cleanupTime(it.next().getKey(), allowedLatenessMs) <= timestamp) it.remove();
        }
        if (minutes.isEmpty()) minutes.clear(); // drops the key's (empty) map as well
        floor.current(ctx.timerService());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        floor.snapshot();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        floor.initialize(context, "fraud-watermark-floor");
    }
}
