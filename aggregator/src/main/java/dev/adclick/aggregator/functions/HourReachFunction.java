package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.metrics.JobMetrics;
import dev.adclick.aggregator.records.HourUsers;
import dev.adclick.aggregator.records.StoreRecord;
import dev.adclick.core.reach.HourReach;
import org.apache.flink.api.java.functions.KeySelector;

import java.time.Duration;

/**
 * Reach per ad and UTC hour, keyed by ad_id: a {@code UniqueUsers} sketch over ip_hash+ua_hash of
 * the rendered impressions that counted (the impression stage has already dropped duplicates and
 * too-late ones; {@link ReachCombiner} bundles their users per ad and hour), emitted as the
 * absolute sketch of each hour that changed with early firings, like the minute counts
 * (docs/architecture.md, Contracts, reach; {@link OpenWindowsFunction}).
 *
 * <p>An hour's state is dropped once the watermark passes its last millisecond plus the allowed
 * lateness: no impression of it can count any more, and state stays at about one sketch
 * (≤ 2 KiB) per ad and open hour. Users for a closed hour (which the impression stage prevents)
 * are dropped.
 */
public class HourReachFunction extends OpenWindowsFunction<HourUsers, HourSketch> {
    private static final long serialVersionUID = 1L;

    public HourReachFunction(Duration allowedLateness, Duration earlyFiring) {
        super(HourReach.HOUR_MS, allowedLateness, earlyFiring, HourSketch.class,
                new Names("hour-sketches", "reach-watermark-floor", JobMetrics.LATE_REACH_DROPPED));
    }

    /** When the reach of this hour is closed for good (an hour's window, see {@link OpenWindowsFunction#cleanupTime(long)}). */
    static long cleanupTime(long hour, long allowedLatenessMs) {
        return OpenWindowsFunction.cleanupTime(hour, HourReach.HOUR_MS, allowedLatenessMs);
    }

    /** Keys users by their ad. */
    public static KeySelector<HourUsers, String> adKey() {
        return HourUsers::getAdId;
    }

    @Override
    long windowOf(HourUsers users) {
        return users.getHour();
    }

    @Override
    HourSketch newWindow() {
        return new HourSketch();
    }

    @Override
    void add(HourSketch sketch, HourUsers users) {
        sketch.add(users.getSketch());
    }

    @Override
    StoreRecord toRecord(String adId, long hour, HourSketch sketch) {
        return StoreRecord.reach(adId, hour, sketch.getSketch());
    }
}
