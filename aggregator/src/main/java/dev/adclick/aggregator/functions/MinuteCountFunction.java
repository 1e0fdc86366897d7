package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.metrics.JobMetrics;
import dev.adclick.aggregator.records.CountDelta;
import dev.adclick.aggregator.records.StoreRecord;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.dimension.Dimensions;
import org.apache.flink.api.java.functions.KeySelector;

import java.time.Duration;
import java.util.List;

/**
 * 1-minute tumbling event-time counts per ad, keyed by ad_id, with early firings (see
 * {@link OpenWindowsFunction}): sums the deltas of both topics (clicks' from the fraud stage,
 * impressions' from their own stage) into absolute counts per minute and breakdown row
 * ({@link MinuteTotals}), and emits a changed minute as one {@link StoreRecord}: its total row (the
 * sum of its breakdown rows) with all its breakdown rows, which the sink writes in one store call.
 *
 * <p>Deltas for a closed minute are dropped and counted as too late. The first stages prevent
 * them, but for a topic that wakes up from an idle spell after the other topic's watermark closed
 * the minute: each first stage judges by its own topic's watermark, this one by the lower of both
 * (an idle topic's is ignored).
 */
public class MinuteCountFunction extends OpenWindowsFunction<CountDelta, MinuteTotals> {
    private static final long serialVersionUID = 1L;

    public MinuteCountFunction(Duration allowedLateness, Duration earlyFiring) {
        super(MinuteWindows.MINUTE, allowedLateness, earlyFiring, MinuteTotals.class,
                new Names("minute-totals", "count-watermark-floor", JobMetrics.LATE_DELTAS_DROPPED));
    }

    /** Keys deltas by their ad. */
    public static KeySelector<CountDelta, String> adKey() {
        return CountDelta::getAdId;
    }

    @Override
    long windowOf(CountDelta d) {
        return d.getMinute();
    }

    @Override
    MinuteTotals newWindow() {
        return new MinuteTotals();
    }

    @Override
    void add(MinuteTotals t, CountDelta d) {
        t.add(d);
    }

    /** The minute's total row and all its breakdown rows, as one unit the sink writes in one store call. */
    @Override
    StoreRecord toRecord(String adId, long minute, MinuteTotals t) {
        List<RowCounts> rows = t.rows();
        Dimensions[] dims = new Dimensions[rows.size()];
        Counts[] counts = new Counts[rows.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = rows.get(i).dims();
            counts[i] = rows.get(i).counts();
        }
        return StoreRecord.count(new CountKey(adId, minute), dims, counts, t.getNewestEvent());
    }

    @Override
    void late(CountDelta d, Context ctx) {
        long events = events(d.counts());
        if (events > 0) ctx.output(Counters.TAG, StoreRecord.counter(StoreRecord.Kind.TOO_LATE, events));
    }

    /** How many events a delta carries: every click adds 1 to clicks or suspicious (a flip moves counted ones), every impression 1 to its kind. */
    static long events(Counts c) {
        return c.clicks() + c.suspiciousClicks() + c.servedImpressions() + c.impressions();
    }
}
