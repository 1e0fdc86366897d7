package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.HourUsers;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;

/**
 * Collects the users of rendered impressions per (ad, hour) into one sketch inside one subtask
 * before they cross the network to the per-ad reach stage. A sketch union counts each user once
 * however the users are bundled, so combining changes no reach; it saves the reach stage a sketch
 * (de)serialization per impression (see {@link BundleCombiner} for when it flushes).
 */
public final class ReachCombiner extends BundleCombiner<Impression, ReachCombiner.AdHour, UniqueUsers, HourUsers> {
    private static final long serialVersionUID = 1L;

    /** The combiner's key. */
    record AdHour(String adId, long hour) {}

    public ReachCombiner(long flushIntervalMs, int maxBuffered) {
        super(flushIntervalMs, maxBuffered);
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
