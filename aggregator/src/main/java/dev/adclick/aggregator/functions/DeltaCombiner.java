package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.CountDelta;
import dev.adclick.core.count.CountKey;

/**
 * Sums count deltas per (ad, minute) inside one subtask before they cross the network to the
 * per-ad stage: one record per ad and minute per flush instead of one per event. Deltas are plain
 * sums, so combining them changes no count (see {@link BundleCombiner} for when it flushes).
 */
public final class DeltaCombiner extends BundleCombiner<CountDelta, CountKey, CountDelta, CountDelta> {
    private static final long serialVersionUID = 1L;

    public DeltaCombiner(long flushIntervalMs, int maxBuffered) {
        super(flushIntervalMs, maxBuffered);
    }

    @Override
    protected CountKey keyOf(CountDelta d) {
        return d.key();
    }

    @Override
    protected CountDelta start(CountDelta d) {
        return d; // without object reuse the input is this operator's own copy: it can become the sum
    }

    @Override
    protected void add(CountDelta sum, CountDelta d) {
        sum.add(d);
    }

    @Override
    protected CountDelta result(CountKey key, CountDelta sum) {
        return sum;
    }
}
