package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.metrics.JobMetrics;
import dev.adclick.aggregator.records.CountDelta;
import dev.adclick.aggregator.records.StoreRecord;
import dev.adclick.core.count.Counts;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionKind;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.util.Objects;

/**
 * The impressions' first event-time stage: decides "too late" exactly as the clicks' fraud stage
 * does (docs/architecture.md, Counting semantics) and turns each first impression into a
 * {@link CountDelta} of {@code +1} served or {@code +1} rendered for the per-minute stage. Fraud
 * rules are for clicks only, so this needs no keyed state and runs chained to the dedupe stage.
 *
 * <p>Too-late impressions go to {@link #TOO_LATE} (archived, counted in the status, not counted
 * online, nor in reach); rendered impressions in time also go to {@link #RENDERED}, the input of
 * the reach stage. The lateness floor ({@link WatermarkFloor}) keeps the decision the same after a
 * restore.
 */
public class ImpressionDeltaFunction extends ProcessFunction<Impression, CountDelta> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<Impression> TOO_LATE = new OutputTag<>("impressions-too-late") {};
    public static final OutputTag<Impression> RENDERED = new OutputTag<>("rendered-impressions") {};

    private final long allowedLatenessMs;
    private final WatermarkFloor floor = new WatermarkFloor();
    private transient Counter tooLate;

    public ImpressionDeltaFunction(Duration allowedLateness) {
        this.allowedLatenessMs = Objects.requireNonNull(allowedLateness, "allowedLateness").toMillis();
        if (allowedLatenessMs < 0) throw new IllegalArgumentException("allowed lateness must be >= 0, was " + allowedLateness);
    }

    @Override
    public void open(OpenContext ctx) {
        tooLate = JobMetrics.eventCounter(getRuntimeContext().getMetricGroup(), JobMetrics.IMPRESSIONS, JobMetrics.TOO_LATE);
    }

    @Override
    public void processElement(Impression impression, Context ctx, Collector<CountDelta> out) {
        long minute = MinuteWindows.minuteOf(impression.getTs());
        if (MinuteWindows.cleanupTime(minute, allowedLatenessMs) <= floor.current(ctx.timerService())) {
            tooLate.inc();
            ctx.output(TOO_LATE, impression);
            ctx.output(Counters.TAG, StoreRecord.counter(StoreRecord.Kind.TOO_LATE, 1));
            return;
        }
        boolean rendered = impression.getKind() == ImpressionKind.RENDERED;
        out.collect(CountDelta.of(impression.getAdId(), minute, impression.dims(), Counts.impression(rendered)).at(impression.getTs()));
        if (rendered) ctx.output(RENDERED, impression);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        floor.snapshot();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        floor.initialize(context, "impression-watermark-floor");
    }
}
