package dev.adclick.aggregator;

import dev.adclick.core.click.Click;
import dev.adclick.core.count.Counts;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.store.Bucket;
import dev.adclick.store.ClickStore;
import dev.adclick.store.Granularity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the aggregator benchmark's backlog must leave in the store (bench/aggregator): per (ad,
 * minute), the first arrivals of each click_id (clicks + suspicious: the fraud rules only move a
 * click between the two) and of each impression_id/kind (served, rendered). Used by the benchmark,
 * which produces every event in order with no event late, so arrival order is production order.
 */
public final class BenchTruth {
    /** Ids seen so far; dropped by {@link #seal()} (millions of strings, not needed once counted). */
    private Set<String> seen = new HashSet<>();
    private final Map<String, Map<Long, long[]>> byAd = new HashMap<>();
    private long duplicates;
    private long minTs = Long.MAX_VALUE;
    private long maxTs = Long.MIN_VALUE;

    public void click(Click c) {
        add(c.getClickId(), c.getAdId(), c.getTs(), 0);
    }

    public void impression(Impression i) {
        add(i.dedupeId(), i.getAdId(), i.getTs(), i.getKind() == ImpressionKind.RENDERED ? 2 : 1);
    }

    private void add(String id, String ad, long ts, int column) {
        if (!seen.add(id)) {
            duplicates++;
            return;
        }
        byAd.computeIfAbsent(ad, k -> new HashMap<>()).computeIfAbsent(ts - Math.floorMod(ts, 60_000L), k -> new long[3])[column]++;
        minTs = Math.min(minTs, ts);
        maxTs = Math.max(maxTs, ts);
    }

    /** Preloading is over: frees the ids. */
    public void seal() {
        seen = null;
    }

    public long duplicates() {
        return duplicates;
    }

    /**
     * Every (ad, minute) of the truth against the store's minute series of that ad over the truth's
     * time range: the differences, "ad@minute: store [clicks+suspicious, served, rendered] != truth [...]"
     * (empty: exact; a minute the store has and the truth not is a difference too).
     */
    public List<String> differences(ClickStore store) throws Exception {
        List<String> out = new ArrayList<>();
        long from = minTs - Math.floorMod(minTs, 60_000L);
        for (Map.Entry<String, Map<Long, long[]>> ad : new TreeMap<>(byAd).entrySet()) {
            Map<Long, long[]> stored = new HashMap<>();
            for (Bucket b : store.series(ad.getKey(), from, maxTs + 1, Granularity.MINUTE)) {
                Counts c = b.counts();
                long[] v = {c.clicks() + c.suspiciousClicks(), c.servedImpressions(), c.impressions()};
                if (v[0] + v[1] + v[2] > 0) stored.put(b.start(), v);
            }
            Set<Long> minutes = new HashSet<>(ad.getValue().keySet());
            minutes.addAll(stored.keySet());
            for (long m : minutes) {
                long[] want = ad.getValue().getOrDefault(m, new long[3]);
                long[] got = stored.getOrDefault(m, new long[3]);
                if (!java.util.Arrays.equals(want, got)) {
                    out.add(ad.getKey() + "@" + m + ": store " + java.util.Arrays.toString(got) + " != truth " + java.util.Arrays.toString(want));
                }
            }
        }
        return out;
    }

    /** How many (ad, minute) keys and events the truth holds. */
    public String size() {
        long keys = 0, events = 0;
        for (Map<Long, long[]> m : byAd.values()) {
            keys += m.size();
            for (long[] v : m.values()) events += v[0] + v[1] + v[2];
        }
        return String.format(java.util.Locale.ROOT, "%,d (ad, minute) keys, %,d counted events", keys, events);
    }
}
