package dev.adclick.aggregator;

import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.core.reach.HourReach;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Ground truth of the online impression counts: in arrival order, the first arrival of an
 * {@code impression_id/kind} counts (unless it arrives too late) in the minute of its event time;
 * reach is the set of users of counted rendered impressions per (ad, hour).
 */
final class ImpressionTruth {
    private final Set<String> seen = new HashSet<>();
    private final Map<String, Counts> counts = new TreeMap<>();
    private final Map<String, Set<String>> usersByAdHour = new HashMap<>();
    long duplicates;
    long tooLate;
    long messages;

    /** An impression that arrives while its minute is open. */
    void arrive(Impression i) {
        messages++;
        if (!seen.add(i.dedupeId())) {
            duplicates++;
            return;
        }
        boolean rendered = i.getKind() == ImpressionKind.RENDERED;
        counts.merge(AggregatorTestBase.key(i.getAdId(), i.minute()), Counts.impression(rendered), Counts::plus);
        counts.merge(CountKey.at(i.getAdId(), i.getTs(), i.dims()).toString(), Counts.impression(rendered), Counts::plus); // its breakdown row
        if (rendered) usersByAdHour.computeIfAbsent(i.getAdId() + "@" + HourReach.hourOf(i.getTs()), k -> new HashSet<>())
                .add(i.getIpHash() + "|" + i.getUaHash());
    }

    /** An impression that arrives after its minute closed. */
    void arriveTooLate(Impression i) {
        messages++;
        if (!seen.add(i.dedupeId())) duplicates++; else tooLate++;
    }

    /** These counts plus the click counts of the same keys ("ad@minute" and its breakdown rows "ad@minute[…]"). */
    Map<String, Counts> plus(Map<String, Counts> clicks) {
        Map<String, Counts> out = new TreeMap<>(clicks);
        counts.forEach((k, c) -> out.merge(k, c, Counts::plus));
        return out;
    }

    /** Distinct users of one ad over whole hours [fromHour, toHour). */
    long users(String adId, long fromHour, long toHour) {
        Set<String> all = new HashSet<>();
        for (long h = fromHour; h < toHour; h += HourReach.HOUR_MS) all.addAll(usersByAdHour.getOrDefault(adId + "@" + h, Set.of()));
        return all.size();
    }
}
