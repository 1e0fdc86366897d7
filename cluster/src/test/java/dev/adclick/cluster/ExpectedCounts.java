package dev.adclick.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the store must hold: clicks and verified clicks per ad per UTC minute, as the load
 * generator counted them. A click over HTTP gets its event time from the click service's clock;
 * one whose request straddled a minute boundary may land in either minute and is kept apart as
 * ambiguous (the generator avoids sending near boundaries, so there are normally none).
 */
final class ExpectedCounts {
    static final long MINUTE = 60_000L;

    /** Clicks and verified clicks of one (ad, minute). */
    record Count(long clicks, long verified) {
        Count plus(boolean isVerified) {
            return new Count(clicks + 1, verified + (isVerified ? 1 : 0));
        }
    }

    private record Ambiguous(String ad, long firstMinute, boolean verified) {}

    private final Map<String, TreeMap<Long, Count>> known = new TreeMap<>();
    private final List<Ambiguous> ambiguous = new ArrayList<>();

    /** A click whose event time lies in {@code [from, to]} (ms). */
    synchronized void add(String ad, long from, long to, boolean verified) {
        long m0 = Math.floorDiv(from, MINUTE) * MINUTE;
        long m1 = Math.floorDiv(to, MINUTE) * MINUTE;
        if (m0 == m1) {
            known.computeIfAbsent(ad, a -> new TreeMap<>()).merge(m0, new Count(1, verified ? 1 : 0), (a, b) -> a.plus(verified));
        } else {
            ambiguous.add(new Ambiguous(ad, m0, verified));
            known.computeIfAbsent(ad, a -> new TreeMap<>());
        }
    }

    synchronized Set<String> ads() {
        return new TreeSet<>(known.keySet());
    }

    synchronized long total() {
        return known.values().stream().flatMap(m -> m.values().stream()).mapToLong(Count::clicks).sum() + ambiguous.size();
    }

    /** minute → count of one ad (the clicks whose minute is known). */
    synchronized Map<Long, Count> counts(String ad) {
        return new TreeMap<>(known.getOrDefault(ad, new TreeMap<>()));
    }

    synchronized int ambiguousCount() {
        return ambiguous.size();
    }

    synchronized long firstMinute() {
        return known.values().stream().filter(m -> !m.isEmpty()).mapToLong(TreeMap::firstKey).min().orElse(0) - MINUTE;
    }

    synchronized long lastMinute() {
        return known.values().stream().filter(m -> !m.isEmpty()).mapToLong(TreeMap::lastKey).max().orElse(0) + MINUTE;
    }

    /**
     * The differences between {@code observed} (minute → count, of one ad) and what is expected;
     * empty when they agree exactly (allowing each ambiguous click in either of its two minutes).
     */
    synchronized List<String> mismatches(String ad, Map<Long, Count> observed) {
        List<String> out = new ArrayList<>();
        TreeMap<Long, Count> expected = known.getOrDefault(ad, new TreeMap<>());
        List<Ambiguous> amb = ambiguous.stream().filter(a -> a.ad().equals(ad)).toList();
        long expectedTotal = expected.values().stream().mapToLong(Count::clicks).sum() + amb.size();
        long expectedVerified = expected.values().stream().mapToLong(Count::verified).sum() + amb.stream().filter(Ambiguous::verified).count();
        long observedTotal = observed.values().stream().mapToLong(Count::clicks).sum();
        long observedVerified = observed.values().stream().mapToLong(Count::verified).sum();
        if (observedTotal != expectedTotal || observedVerified != expectedVerified) {
            out.add(ad + ": total " + observedTotal + " (verified " + observedVerified + "), expected " + expectedTotal + " (verified " + expectedVerified + ")");
        }
        Set<Long> minutes = new TreeSet<>(expected.keySet());
        minutes.addAll(observed.keySet());
        for (long m : minutes) {
            Count want = expected.getOrDefault(m, new Count(0, 0));
            Count got = observed.getOrDefault(m, new Count(0, 0));
            long slack = amb.stream().filter(a -> a.firstMinute() == m || a.firstMinute() + MINUTE == m).count();
            long verifiedSlack = amb.stream().filter(a -> a.verified() && (a.firstMinute() == m || a.firstMinute() + MINUTE == m)).count();
            if (got.clicks() < want.clicks() || got.clicks() > want.clicks() + slack
                    || got.verified() < want.verified() || got.verified() > want.verified() + verifiedSlack) {
                out.add(ad + " @ " + java.time.Instant.ofEpochMilli(m) + ": " + got + ", expected " + want + (slack > 0 ? " (+ up to " + slack + " ambiguous)" : ""));
            }
        }
        return out;
    }
}
