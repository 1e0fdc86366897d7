package dev.adclick.reconcile.testing;

import dev.adclick.core.click.Click;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.fraud.FraudRules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The exact counts of a period computed the obvious way, in plain Java: the tests' oracle. */
public final class GroundTruth {
    private GroundTruth() {}

    /** Non-zero rows (version 0) of {@code [from, to)}, ordered by ad then minute. */
    public static List<MinuteCount> of(List<Click> all, long from, long to, long lookbackFrom, FraudRules rules) {
        Set<String> seenBefore = new HashSet<>();
        Map<String, Click> earliest = new HashMap<>();
        for (Click c : all) {
            if (c.getTs() >= lookbackFrom && c.getTs() < from) seenBefore.add(c.getClickId());
            if (c.getTs() < from || c.getTs() >= to) continue;
            earliest.merge(c.getClickId(), c, (a, b) -> b.getTs() < a.getTs() ? b : a);
        }
        List<Click> counted = new ArrayList<>();
        for (Click c : earliest.values()) if (!seenBefore.contains(c.getClickId())) counted.add(c);
        List<MinuteCount> out = new ArrayList<>();
        rules.countsOf(counted).forEach((k, r) -> out.add(new MinuteCount(k, r, 0)));
        out.sort(Comparator.comparing(MinuteCount::adId).thenComparingLong(MinuteCount::minute));
        return out;
    }
}
