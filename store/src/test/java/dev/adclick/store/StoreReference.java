package dev.adclick.store;

import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.DimensionFilter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the store's reads must answer, computed in memory from the breakdown rows written: the
 * reference of {@link DimensionsContract}. Rows passed here are breakdown rows only; the total
 * rows a writer adds are {@link #withTotals}.
 */
final class StoreReference {
    private StoreReference() {}

    /** The rows plus, per (ad, minute), the total row: their sum, with their highest version (what writers write). */
    static List<MinuteCount> withTotals(List<MinuteCount> breakdownRows) {
        Map<CountKey, MinuteCount> totals = new LinkedHashMap<>();
        for (MinuteCount r : breakdownRows) {
            totals.merge(r.key().total(), new MinuteCount(r.key().total(), r.counts(), r.version()),
                    (a, b) -> new MinuteCount(a.key(), a.counts().plus(b.counts()), Math.max(a.version(), b.version())));
        }
        List<MinuteCount> out = new ArrayList<>(totals.values());
        out.addAll(breakdownRows);
        return out;
    }

    /** The stored state after writing these batches in order: per key the highest version. */
    @SafeVarargs
    static List<MinuteCount> latest(List<MinuteCount>... batches) {
        Map<CountKey, MinuteCount> out = new LinkedHashMap<>();
        for (List<MinuteCount> batch : batches) {
            for (MinuteCount r : batch) out.merge(r.key(), r, (a, b) -> b.version() > a.version() ? b : a);
        }
        return new ArrayList<>(out.values());
    }

    private static List<MinuteCount> selected(Collection<MinuteCount> rows, String ad, long from, long to, DimensionFilter f) {
        return rows.stream().filter(r -> ad == null || r.adId().equals(ad)).filter(r -> r.minute() >= from && r.minute() < to)
                .filter(r -> !r.dims().isTotal() && (f.isNone() || f.matches(r.dims()))).toList();
    }

    static Counts sum(Collection<MinuteCount> rows, String ad, long from, long to, DimensionFilter f) {
        return selected(rows, ad, from, to, f).stream().map(MinuteCount::counts).reduce(Counts.ZERO, Counts::plus);
    }

    static List<Bucket> series(Collection<MinuteCount> rows, String ad, long from, long to, Granularity g, DimensionFilter f) {
        Map<Long, Counts> buckets = new TreeMap<>();
        for (MinuteCount r : selected(rows, ad, from, to, f)) buckets.merge(g.bucketStart(r.minute()), r.counts(), Counts::plus);
        return buckets.entrySet().stream().filter(e -> !e.getValue().isZero()).map(e -> new Bucket(e.getKey(), e.getValue())).toList();
    }

    /** Buckets of a finer series summed into buckets of {@code g}. */
    static List<Bucket> rebucket(List<Bucket> finer, Granularity g) {
        Map<Long, Counts> buckets = new TreeMap<>();
        for (Bucket b : finer) buckets.merge(g.bucketStart(b.start()), b.counts(), Counts::plus);
        return buckets.entrySet().stream().map(e -> new Bucket(e.getKey(), e.getValue())).toList();
    }

    static List<BreakdownRow> breakdown(Collection<MinuteCount> rows, String ad, long from, long to, Dimension by, DimensionFilter f) {
        Map<String, Counts> byKey = new TreeMap<>();
        for (MinuteCount r : selected(rows, ad, from, to, f)) byKey.merge(r.dims().get(by), r.counts(), Counts::plus);
        return byKey.entrySet().stream().filter(e -> !e.getValue().isZero()).map(e -> new BreakdownRow(e.getKey(), e.getValue()))
                .sorted(DimensionsContract.MOST_CLICKS_FIRST).toList();
    }

    /** {@link ClickStore#top} by clicks without a limit: ads with clicks, most first, ties by ad id. */
    static List<AdCounts> top(Collection<MinuteCount> rows, Collection<String> ads, long from, long to, DimensionFilter f) {
        List<AdCounts> out = new ArrayList<>();
        for (String ad : ads) {
            Counts c = sum(rows, ad, from, to, f);
            if (c.clicks() > 0) out.add(new AdCounts(ad, c));
        }
        out.sort(Comparator.comparingLong((AdCounts a) -> -a.counts().clicks()).thenComparing(AdCounts::adId));
        return out;
    }
}
