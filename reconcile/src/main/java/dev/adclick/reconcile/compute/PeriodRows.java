package dev.adclick.reconcile.compute;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * The exact rows of a period: one {@link MinuteCount} per (ad, minute) carrying every count column,
 * the click columns from the click archive and the impression columns from the impression archive.
 * Where the impression archive has nothing to say (an hour without impression files, see
 * {@code archive.ImpressionArchive}) the stored impression counts are taken as they are, so the
 * diff neither zeroes nor "corrects" them.
 */
public final class PeriodRows {
    /** The count columns the impression archive gives; every other column comes from the click archive. */
    public static final Set<CountColumn> IMPRESSION_COLUMNS = EnumSet.of(CountColumn.SERVED_IMPRESSIONS, CountColumn.IMPRESSIONS);

    private PeriodRows() {}

    /**
     * @param clicks            exact click rows (impression columns 0)
     * @param impressions       exact impression rows (click columns 0)
     * @param stored            the store's rows of the period
     * @param impressionsKnown  whether the impression archive covers a minute
     * @return rows ordered by ad then minute, version 0
     */
    public static List<MinuteCount> combine(Collection<MinuteCount> clicks, Collection<MinuteCount> impressions,
                                            Collection<MinuteCount> stored, LongPredicate impressionsKnown) {
        Map<CountKey, Counts> sum = new LinkedHashMap<>();
        for (MinuteCount m : clicks) sum.merge(m.key(), m.counts(), Counts::plus);
        for (MinuteCount m : impressions) {
            if (impressionsKnown.test(m.minute())) sum.merge(m.key(), m.counts(), Counts::plus);
        }
        for (MinuteCount s : stored) {
            if (!impressionsKnown.test(s.minute())) {
                Counts kept = Counts.of(c -> IMPRESSION_COLUMNS.contains(c) ? s.counts().get(c) : 0);
                if (!kept.isZero()) sum.merge(s.key(), kept, Counts::plus);
            }
        }
        List<MinuteCount> out = new ArrayList<>(sum.size());
        sum.forEach((k, c) -> out.add(new MinuteCount(k, c, 0)));
        out.sort(Comparator.comparing(MinuteCount::adId).thenComparingLong(MinuteCount::minute));
        return out;
    }
}
