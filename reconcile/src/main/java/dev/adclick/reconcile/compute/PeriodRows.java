package dev.adclick.reconcile.compute;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimensions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * The exact rows of a period: per (ad, minute) the total row and its breakdown rows (one per
 * placement, country and device seen), each carrying every count column, the click columns from the
 * click archive and the impression columns from the impression archive.
 *
 * <p>Where the impression archive has nothing to say (an hour without impression files, see
 * {@code archive.ImpressionArchive}) the stored impression counts are taken as they are, total and
 * breakdown rows alike, so the diff neither zeroes nor "corrects" them. Stored rows written before
 * the dimensions existed have a total row only: the part of a total's impressions that no stored
 * breakdown row holds is kept in the key's {@link Dimensions#UNKNOWN} row, so the total still equals
 * the sum of its breakdown rows in every column.
 */
public final class PeriodRows {
    /** The count columns the impression archive gives; every other column comes from the click archive. */
    public static final Set<CountColumn> IMPRESSION_COLUMNS = EnumSet.of(CountColumn.SERVED_IMPRESSIONS, CountColumn.IMPRESSIONS);

    /** Ad, minute, the total row first, then breakdown rows by placement, country, device: the order of rows, reports and writes. */
    public static final Comparator<MinuteCount> ORDER = PeriodRows::compare;

    private PeriodRows() {}

    /**
     * {@link #ORDER}, written out: a day's rows are sorted once in random order (millions of them),
     * and the profile showed a {@code Comparator.comparing} chain (a lambda and a boxed Boolean per
     * level) taking 10 of a cold run's 14 s of driver time in that sort.
     */
    private static int compare(MinuteCount a, MinuteCount b) {
        int c = a.adId().compareTo(b.adId());
        if (c != 0) return c;
        c = Long.compare(a.minute(), b.minute());
        if (c != 0) return c;
        Dimensions x = a.dims();
        Dimensions y = b.dims();
        if (x.isTotal() != y.isTotal()) return x.isTotal() ? -1 : 1;
        c = x.placement().compareTo(y.placement());
        if (c != 0) return c;
        c = x.country().compareTo(y.country());
        return c != 0 ? c : x.device().compareTo(y.device());
    }

    /**
     * @param clicks            exact click rows, total and breakdown (impression columns 0)
     * @param impressions       exact impression rows, total and breakdown (click columns 0)
     * @param stored            the store's rows of the period
     * @param impressionsKnown  whether the impression archive covers a minute
     * @return rows in {@link #ORDER}, version 0
     */
    public static List<MinuteCount> combine(Collection<MinuteCount> clicks, Collection<MinuteCount> impressions,
                                            Collection<MinuteCount> stored, LongPredicate impressionsKnown) {
        Map<CountKey, Counts> sum = new LinkedHashMap<>();
        for (MinuteCount m : clicks) sum.merge(m.key(), m.counts(), Counts::plus);
        for (MinuteCount m : impressions) {
            if (impressionsKnown.test(m.minute())) sum.merge(m.key(), m.counts(), Counts::plus);
        }
        // impressions of hours without archive: the stored rows' own, and what a total holds beyond its breakdown rows
        Map<CountKey, Counts> keptTotals = new HashMap<>();
        Map<CountKey, Counts> keptBreakdowns = new HashMap<>();
        for (MinuteCount s : stored) {
            if (impressionsKnown.test(s.minute())) continue;
            Counts kept = impressionsOf(s.counts());
            if (kept.isZero()) continue;
            if (s.dims().isTotal()) keptTotals.merge(s.key(), kept, Counts::plus);
            else {
                sum.merge(s.key(), kept, Counts::plus);
                keptBreakdowns.merge(s.key().total(), kept, Counts::plus);
            }
        }
        for (CountKey total : union(keptTotals.keySet(), keptBreakdowns.keySet())) {
            Counts ofTotal = keptTotals.getOrDefault(total, Counts.ZERO);
            Counts ofBreakdowns = keptBreakdowns.getOrDefault(total, Counts.ZERO);
            // a total below its breakdown rows (a store that broke the row model) is raised to their sum
            Counts rest = Counts.of(c -> Math.max(0, ofTotal.get(c) - ofBreakdowns.get(c)));
            sum.merge(total, ofBreakdowns.plus(rest), Counts::plus);
            if (!rest.isZero()) sum.merge(new CountKey(total.adId(), total.minute(), Dimensions.UNKNOWN), rest, Counts::plus);
        }
        List<MinuteCount> out = new ArrayList<>(sum.size());
        sum.forEach((k, c) -> out.add(new MinuteCount(k, c, 0)));
        out.sort(ORDER);
        return out;
    }

    private static Counts impressionsOf(Counts c) {
        return Counts.of(col -> IMPRESSION_COLUMNS.contains(col) ? c.get(col) : 0);
    }

    private static Set<CountKey> union(Set<CountKey> a, Set<CountKey> b) {
        Set<CountKey> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }
}
