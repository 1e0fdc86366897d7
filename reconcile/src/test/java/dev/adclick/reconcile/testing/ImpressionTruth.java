package dev.adclick.reconcile.testing;

import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.reconcile.compute.PeriodRows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The exact impression counts and reach of a period computed the obvious way, in plain Java: the tests' oracle. */
public final class ImpressionTruth {
    private ImpressionTruth() {}

    /** The impressions that count in {@code [from, to)}: the earliest copy per id and kind, not seen since {@code lookbackFrom}. */
    public static List<Impression> counted(List<Impression> all, long from, long to, long lookbackFrom) {
        return GroundTruth.counted(all, Impression::dedupeId, Impression::getTs, from, to, lookbackFrom);
    }

    /** Non-zero impression rows (click columns 0, version 0), ordered by ad then minute. */
    public static List<MinuteCount> rows(List<Impression> all, long from, long to, long lookbackFrom) {
        Map<CountKey, Counts> sum = new HashMap<>();
        for (Impression i : counted(all, from, to, lookbackFrom)) {
            sum.merge(new CountKey(i.getAdId(), i.minute()), Counts.impression(i.getKind() == ImpressionKind.RENDERED), Counts::plus);
        }
        List<MinuteCount> out = new ArrayList<>();
        sum.forEach((k, c) -> out.add(new MinuteCount(k, c, 0)));
        out.sort(PeriodRows.ORDER);
        return out;
    }

    /** Non-zero total and breakdown rows (click columns 0, version 0), in {@link PeriodRows#ORDER}. */
    public static List<MinuteCount> allRows(List<Impression> all, long from, long to, long lookbackFrom) {
        Map<CountKey, Counts> sum = new HashMap<>();
        for (Impression i : counted(all, from, to, lookbackFrom)) {
            Counts one = Counts.impression(i.getKind() == ImpressionKind.RENDERED);
            sum.merge(new CountKey(i.getAdId(), i.minute()), one, Counts::plus);
            sum.merge(new CountKey(i.getAdId(), i.minute(), i.dims()), one, Counts::plus);
        }
        List<MinuteCount> out = new ArrayList<>();
        sum.forEach((k, c) -> out.add(new MinuteCount(k, c, 0)));
        out.sort(PeriodRows.ORDER);
        return out;
    }

    /** Per "ad|hour" the users of the counted rendered impressions. */
    public static Map<String, UniqueUsers> reach(List<Impression> all, long from, long to, long lookbackFrom) {
        Map<String, UniqueUsers> out = new TreeMap<>();
        for (Impression i : counted(all, from, to, lookbackFrom)) {
            if (i.getKind() != ImpressionKind.RENDERED) continue;
            out.computeIfAbsent(key(i.getAdId(), HourReach.hourOf(i.getTs())), k -> UniqueUsers.empty()).add(i.getIpHash(), i.getUaHash());
        }
        return out;
    }

    public static String key(String adId, long hour) {
        return adId + "|" + hour;
    }

    /** Click rows and impression rows as one row per key (dimensions included), in {@link PeriodRows#ORDER}. */
    public static List<MinuteCount> merged(List<MinuteCount> a, List<MinuteCount> b) {
        Map<CountKey, Counts> sum = new HashMap<>();
        for (MinuteCount m : a) sum.merge(m.key(), m.counts(), Counts::plus);
        for (MinuteCount m : b) sum.merge(m.key(), m.counts(), Counts::plus);
        List<MinuteCount> out = new ArrayList<>();
        sum.forEach((k, c) -> out.add(new MinuteCount(k, c, 0)));
        out.sort(PeriodRows.ORDER);
        return out;
    }
}
