package dev.adclick.aggregator;

import dev.adclick.core.click.Click;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

    /** The truth's minutes, [first minute, last event + 1): where the store's rows are read back for {@link #differences}. */
    public long from() {
        return minTs - Math.floorMod(minTs, 60_000L);
    }

    public long to() {
        return maxTs + 1;
    }

    /**
     * Every (ad, minute) of the truth against the store's minute totals over {@link #from()} ..
     * {@link #to()}, given as ad -> minute start -> [clicks+suspicious, served, rendered] (read in
     * one statement: a series per ad took minutes at 1M ads): the differences, "ad@minute: store
     * [...] != truth [...]" (empty: exact; a minute or an ad the store has and the truth not is a
     * difference too).
     */
    public List<String> differences(Map<String, Map<Long, long[]>> stored) {
        List<String> out = new ArrayList<>();
        Set<String> ads = new TreeSet<>(byAd.keySet());
        ads.addAll(stored.keySet());
        for (String ad : ads) {
            Map<Long, long[]> want = byAd.getOrDefault(ad, Map.of()), got = stored.getOrDefault(ad, Map.of());
            Set<Long> minutes = new HashSet<>(want.keySet());
            minutes.addAll(got.keySet());
            for (long m : minutes) {
                long[] w = want.getOrDefault(m, new long[3]), g = got.getOrDefault(m, new long[3]);
                if (!java.util.Arrays.equals(w, g)) {
                    out.add(ad + "@" + m + ": store " + java.util.Arrays.toString(g) + " != truth " + java.util.Arrays.toString(w));
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
