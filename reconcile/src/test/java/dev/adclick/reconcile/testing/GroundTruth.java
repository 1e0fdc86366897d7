package dev.adclick.reconcile.testing;

import dev.adclick.core.click.Click;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.fraud.FraudRules;
import dev.adclick.reconcile.compute.PeriodRows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** The exact counts of a period computed the obvious way, in plain Java: the tests' oracle. */
public final class GroundTruth {
    private GroundTruth() {}

    /** Non-zero total rows (version 0) of {@code [from, to)}, ordered by ad then minute. */
    public static List<MinuteCount> of(List<Click> all, long from, long to, long lookbackFrom, FraudRules rules) {
        List<MinuteCount> out = new ArrayList<>();
        rules.countsOf(counted(all, Click::getClickId, Click::getTs, from, to, lookbackFrom)).forEach((k, r) -> out.add(new MinuteCount(k, r, 0)));
        out.sort(Comparator.comparing(MinuteCount::adId).thenComparingLong(MinuteCount::minute));
        return out;
    }

    /**
     * Every non-zero row (version 0) of {@code [from, to)}: per (ad, minute) the total row and its
     * breakdown rows ({@link FraudRules#rowsOf}), in {@link PeriodRows#ORDER}.
     */
    public static List<MinuteCount> rows(List<Click> all, long from, long to, long lookbackFrom, FraudRules rules) {
        List<MinuteCount> out = new ArrayList<>();
        rules.rowsOf(counted(all, Click::getClickId, Click::getTs, from, to, lookbackFrom)).forEach((k, r) -> out.add(new MinuteCount(k, r, 0)));
        out.sort(PeriodRows.ORDER);
        return out;
    }

    /** The events that count in {@code [from, to)}: the earliest copy per id, unless the id was seen since {@code lookbackFrom}. */
    static <T> List<T> counted(List<T> all, Function<T, String> id, ToLongFunction<T> ts, long from, long to, long lookbackFrom) {
        Set<String> seenBefore = new HashSet<>();
        Map<String, T> earliest = new HashMap<>();
        for (T e : all) {
            long t = ts.applyAsLong(e);
            if (t >= lookbackFrom && t < from) seenBefore.add(id.apply(e));
            if (t < from || t >= to) continue;
            earliest.merge(id.apply(e), e, (a, b) -> ts.applyAsLong(b) < ts.applyAsLong(a) ? b : a);
        }
        return earliest.values().stream().filter(e -> !seenBefore.contains(id.apply(e))).toList();
    }
}
