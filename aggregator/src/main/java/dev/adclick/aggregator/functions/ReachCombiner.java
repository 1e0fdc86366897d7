package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.HourUsers;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;

/**
 * Collects the users of rendered impressions per (ad, hour) into one sketch inside one subtask
 * before they cross the network to the per-ad reach stage. A sketch union counts each user once
 * however the users are bundled, so combining changes no reach; it saves the reach stage a sketch
 * (de)serialization per impression (see {@link BundleCombiner} for when it flushes). A watermark
 * flushes the bundles only when it can close a buffered hour: during a backlog watermarks come
 * every 200 ms, and each flush costs the reach stage a sketch merge per (ad, hour).
 */
public final class ReachCombiner extends BundleCombiner<Impression, ReachCombiner.AdHour, UniqueUsers, HourUsers> {
    private static final long serialVersionUID = 1L;

    /** The combiner's key. */
    record AdHour(String adId, long hour) {}

    private final long allowedLatenessMs;

    /** @param allowedLatenessMs the reach stage's: an hour is closed by a watermark at its last millisecond plus this */
    public ReachCombiner(long flushIntervalMs, int maxBuffered, long allowedLatenessMs) {
        super(flushIntervalMs, maxBuffered);
        if (allowedLatenessMs < 0) throw new IllegalArgumentException("allowed lateness must be >= 0, was " + allowedLatenessMs);
        this.allowedLatenessMs = allowedLatenessMs;
    }

    /** Rendered impressions are in time here (the stage before judged them), so their hour is still open downstream. */
    @Override
    protected long closedBy(Impression i) {
        return HourReachFunction.cleanupTime(HourReach.hourOf(i.getTs()), allowedLatenessMs);
    }

    @Override
    protected AdHour keyOf(Impression i) {
        return new AdHour(i.getAdId(), HourReach.hourOf(i.getTs()));
    }

    @Override
    protected UniqueUsers start(Impression i) {
        UniqueUsers users = UniqueUsers.empty();
        add(users, i);
        return users;
    }

    @Override
    protected void add(UniqueUsers users, Impression i) {
        users.add(i.getIpHash(), i.getUaHash());
    }

    @Override
    protected HourUsers result(AdHour key, UniqueUsers users) {
        return new HourUsers(key.adId(), key.hour(), users.toBytes());
    }
}
