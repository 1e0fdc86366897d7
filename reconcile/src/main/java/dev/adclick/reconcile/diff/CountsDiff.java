package dev.adclick.reconcile.diff;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.reconcile.compute.PeriodRows;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares the exact counts of a period with the store's rows and decides what to write.
 *
 * <ul>
 *   <li>counts differ (including a stored row that should not exist: it gets zeros, and a missing
 *       row: it gets inserted) → a <em>correction</em>, written with the reconciled version;</li>
 *   <li>counts equal → left alone, whatever the stored version: the period's seal, written with the
 *       corrections, keeps the stream from changing it (docs/architecture.md, Write versions), so a
 *       run writes only what differs and a second run writes nothing.</li>
 * </ul>
 * A key absent on both sides, or present only as zeros, is the same thing: zero clicks.
 *
 * <p>Rows are total rows and breakdown rows ({@link CountKey#dims()}); each is compared on its own,
 * but they are written per (ad, minute): when any row of a key is corrected, the key's
 * total row and <em>all</em> its breakdown rows (a stored one the truth lacks as zeros) are written
 * together, one group never split over two store calls ({@link #writes()}), so the store's atomic
 * upsert keeps every total equal to the sum of its breakdown rows. Rows written only because
 * another row of their key changed are {@linkplain #carried() carried}. The click and impression
 * totals of the report ({@link #perAd()}, {@link #added}) are summed over total rows only, so each
 * click counts once.
 */
public final class CountsDiff {
    private final List<MinuteCount> corrections = new ArrayList<>();
    /** Per (ad, minute) with a corrected row — the total row's key — every row of the key as it will be written. */
    private final Map<CountKey, List<MinuteCount>> byKey = new HashMap<>();
    /**
     * Rows whose counts are right, as they would be written (version 0): grouped into {@link #byKey}
     * only for keys with a correction, once all rows are compared, so the millions of right rows of
     * a day cost one list slot each instead of a list per (ad, minute).
     */
    private final List<MinuteCount> right = new ArrayList<>();
    /** Keys with a corrected row: written whole. */
    private final Set<CountKey> touched = new HashSet<>();
    private final List<MinuteCount> writes = new ArrayList<>();
    private int carried;
    private int totalsCorrected;
    private final List<Difference> differences = new ArrayList<>();
    private final Map<String, AdDelta> perAd = new TreeMap<>();
    private final int rowsChecked;
    private final int inserted;
    private final int zeroed;

    /** One corrected row: what the store had (zeros if nothing) and what is exact. */
    public record Difference(MinuteCount stored, MinuteCount exact) {
        /** Exact minus stored, per count column. */
        public Counts delta() { return exact.counts().minus(stored.counts()); }
        public long clicksDelta() { return delta().clicks(); }
        /** Size of the difference over all count columns, for ranking. */
        public long magnitude() {
            Counts d = delta();
            long m = 0;
            for (CountColumn c : CountColumn.ALL) m += Math.abs(d.get(c));
            return m;
        }
    }

    /** Corrections of one ad, summed over the period. */
    public static final class AdDelta {
        private final long[] added = new long[CountColumn.ALL.size()];
        private final long[] removed = new long[CountColumn.ALL.size()];
        Counts delta = Counts.ZERO;
        int rowsCorrected;

        /** What the corrections of this ad added to a count column (sum of the rows where it went up). */
        public long added(CountColumn c) { return added[c.ordinal()]; }
        /** What they removed from it (sum of the rows where it went down, positive). */
        public long removed(CountColumn c) { return removed[c.ordinal()]; }
        public long clicksAdded() { return added(CountColumn.CLICKS); }
        public long clicksRemoved() { return removed(CountColumn.CLICKS); }
        /** Exact minus stored, summed over the ad's corrected rows. */
        public Counts delta() { return delta; }
        public long verifiedDelta() { return delta.verifiedClicks(); }
        public long suspiciousDelta() { return delta.suspiciousClicks(); }
        public int rowsCorrected() { return rowsCorrected; }
        /** Everything added and removed over all count columns, for ranking ads. */
        public long change() {
            long m = 0;
            for (CountColumn c : CountColumn.ALL) m += added(c) + removed(c);
            return m;
        }
    }

    /**
     * @param exact   exact rows of the period (any version; one per key)
     * @param stored  the store's rows of the period (one per key)
     * @param version the reconciled version to write, see {@link WriteVersions#reconciled}
     */
    public CountsDiff(Collection<MinuteCount> exact, Collection<MinuteCount> stored, long version) {
        if (!WriteVersions.isReconciled(version)) throw new IllegalArgumentException("not a reconciled version: " + version);
        Map<CountKey, MinuteCount> storedByKey = new HashMap<>(stored.size() * 2);
        for (MinuteCount s : stored) storedByKey.put(s.key(), s);
        int ins = 0;
        for (MinuteCount e : exact) {
            MinuteCount s = storedByKey.remove(e.key());
            if (s == null) {
                if (e.counts().isZero()) continue;
                ins++;
                correct(zeros(e.key()), e, version);
            } else {
                compare(s, e, version);
            }
        }
        int zer = 0;
        for (MinuteCount s : storedByKey.values()) {
            MinuteCount e = zeros(s.key());
            if (!s.sameCounts(e)) zer++;
            compare(s, e, version);
        }
        this.inserted = ins;
        this.zeroed = zer;
        this.rowsChecked = exact.size() + storedByKey.size();
        // total rows first: they change what an ad counts; a breakdown row alone only where it counted
        differences.sort(Comparator.comparing((Difference d) -> !d.exact().dims().isTotal())
                .thenComparing(Comparator.comparingLong(Difference::magnitude).reversed())
                .thenComparing(Difference::exact, PeriodRows.ORDER));
        for (MinuteCount r : right) {
            CountKey k = r.key().total();
            if (touched.contains(k)) byKey.get(k).add(r.withVersion(version));
        }
        right.clear();
        List<CountKey> keys = new ArrayList<>(touched);
        keys.sort(Comparator.comparing(CountKey::adId).thenComparingLong(CountKey::minute));
        for (CountKey k : keys) {
            List<MinuteCount> group = byKey.get(k);
            // never a breakdown row without its total row, even where neither side has one (zeros then)
            if (group.stream().noneMatch(m -> m.dims().isTotal())) group.add(new MinuteCount(k, Counts.ZERO, version));
            group.sort(PeriodRows.ORDER);
            writes.addAll(group);
        }
        this.carried = writes.size() - corrections.size();
    }

    private void compare(MinuteCount s, MinuteCount e, long version) {
        if (!s.sameCounts(e)) {
            correct(s, e, version);
        } else {
            right.add(e);
        }
    }

    private void correct(MinuteCount stored, MinuteCount exact, long version) {
        MinuteCount w = exact.withVersion(version);
        corrections.add(w);
        byKey.computeIfAbsent(exact.key().total(), k -> new ArrayList<>()).add(w);
        touched.add(exact.key().total());
        Difference d = new Difference(stored, exact);
        differences.add(d);
        if (!exact.dims().isTotal()) return;
        totalsCorrected++;
        AdDelta a = perAd.computeIfAbsent(exact.adId(), k -> new AdDelta());
        Counts delta = d.delta();
        for (CountColumn c : CountColumn.ALL) {
            long v = delta.get(c);
            if (v > 0) a.added[c.ordinal()] += v; else a.removed[c.ordinal()] -= v;
        }
        a.delta = a.delta.plus(delta);
        a.rowsCorrected++;
    }

    private static MinuteCount zeros(CountKey key) {
        return new MinuteCount(key, Counts.ZERO, 0);
    }

    /** Rows whose counts change (total and breakdown rows), with the reconciled version. */
    public List<MinuteCount> corrections() { return corrections; }
    /** Corrected total rows (the rest of {@link #corrections()} are breakdown rows). */
    public int totalRowsCorrected() { return totalsCorrected; }
    public int breakdownRowsCorrected() { return corrections.size() - totalsCorrected; }
    /** Rows right as stored, written again only with a corrected row of their (ad, minute). */
    public int carried() { return carried; }
    /**
     * Everything to write, with the reconciled version: per (ad, minute) with a corrected row, the total row and all breakdown rows of the key, consecutive, total first, keys ordered by
     * ad then minute. Split it with {@code store.KeyBatches}, which never splits a key.
     */
    public List<MinuteCount> writes() { return writes; }
    /** Distinct rows (keys with their dimensions) looked at: exact rows plus stored rows without an exact row. */
    public int rowsChecked() { return rowsChecked; }
    public int rowsInserted() { return inserted; }
    public int rowsZeroed() { return zeroed; }
    /** Corrections: total rows largest first, then breakdown rows largest first. */
    public List<Difference> differences() { return differences; }
    /** Per ad (sorted by ad id), only ads with a corrected total row. */
    public Map<String, AdDelta> perAd() { return perAd; }
    public long clicksAdded() { return added(CountColumn.CLICKS); }
    public long clicksRemoved() { return removed(CountColumn.CLICKS); }
    /** What the corrections added to a count column, over all ads. */
    public long added(CountColumn c) { return perAd.values().stream().mapToLong(a -> a.added(c)).sum(); }
    /** What the corrections removed from a count column, over all ads (positive). */
    public long removed(CountColumn c) { return perAd.values().stream().mapToLong(a -> a.removed(c)).sum(); }
}
