package dev.adclick.reconcile;

import dev.adclick.core.count.Counts;
import dev.adclick.core.click.Click;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.core.fraud.FraudRules;
import dev.adclick.reconcile.compute.PeriodRows;
import dev.adclick.reconcile.testing.GroundTruth;
import dev.adclick.store.MinuteRows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Fixtures of the reconciliation tests: the hour {@link #PERIOD} with clicks that the online layer
 * got wrong in every way it can, and what the store holds after the stream.
 */
public abstract class ReconcileTestBase {
    protected static final String PERIOD = "2026-11-27T10";
    protected static final Instant START = Instant.parse("2026-11-27T10:00:00Z");
    protected static final Instant END = Instant.parse("2026-11-27T11:00:00Z");
    /** Well after END + lateness + checkpoint interval + margin. */
    protected static final Instant CLOSED_NOW = Instant.parse("2026-11-27T12:00:00Z");
    /** One minute after END: the default rules say the period is still open. */
    protected static final Instant OPEN_NOW = Instant.parse("2026-11-27T11:01:00Z");
    protected static final FraudRules RULES = FraudRules.defaults();
    protected static final long STREAM_VERSION = WriteVersions.stream(END.toEpochMilli() + 5_000);

    protected static Clock clockAt(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    protected static long at(String hhmmss) {
        return Instant.parse("2026-11-27T" + hhmmss + "Z").toEpochMilli();
    }

    protected static long minute(String hhmm) {
        return at(hhmm + ":00");
    }

    protected static Click click(String id, String ad, long ts, String ip, boolean verified) {
        return new Click(id, ad, "imp-" + id, ts, ip, "ua-" + ip, verified);
    }

    /** The archive: ordinary traffic plus every kind of error of the online layer. */
    protected static List<Click> archive() {
        List<Click> c = new ArrayList<>();
        // ordinary traffic on ad-1: 10:00-10:04, 3 clicks a minute from distinct people, 2 verified
        for (int m = 0; m < 5; m++) {
            for (int i = 0; i < 3; i++) {
                c.add(click("n-" + m + "-" + i, "ad-1", at(String.format("10:%02d:%02d", m, 10 + i)), "ip-n" + m + i, i < 2));
            }
        }
        // too late for the stream: ad-2 at 10:05 has 4 clicks, the store only saw 1
        for (int i = 0; i < 4; i++) c.add(click("late-" + i, "ad-2", at("10:05:0" + i), "ip-l" + i, true));
        // a duplicate beyond the dedupe TTL: counted once, at 10:10, never at 10:40
        c.add(click("dup-1", "ad-3", at("10:10:00"), "ip-d", true));
        c.add(click("dup-1", "ad-3", at("10:40:00"), "ip-d", true));
        // a Kafka redelivery: same click twice with the same ts
        c.add(click("redeliver-1", "ad-3", at("10:10:30"), "ip-r", false));
        c.add(click("redeliver-1", "ad-3", at("10:10:30"), "ip-r", false));
        // a bot on ad-4 in 10:20: 25 clicks from one ip_hash (> 20 per ad) → all suspicious
        for (int i = 0; i < 25; i++) c.add(click("bot-" + i, "ad-4", at("10:20:" + String.format("%02d", i)), "ip-bot", true));
        // and one honest click on ad-4 in the same minute
        c.add(click("honest-4", "ad-4", at("10:20:40"), "ip-h", true));
        // a sprayer in 10:30: 101 clicks across 11 ads (≤ 20 per ad, > 100 across) → all suspicious
        for (int i = 0; i < 101; i++) c.add(click("spray-" + i, "ad-s" + (i % 11), at("10:30:00") + i * 100, "ip-spray", false));
        // 30 clicks without ip_hash on ad-6: never suspicious
        for (int i = 0; i < 30; i++) c.add(click("noip-" + i, "ad-6", at("10:50:" + String.format("%02d", i)), null, false));
        // seen at 09:59:30 already (previous hour): does not count again at 10:00:10
        c.add(click("early-1", "ad-1", Instant.parse("2026-11-27T09:59:30Z").toEpochMilli(), "ip-e", true));
        c.add(click("early-1", "ad-1", at("10:00:10"), "ip-e", true));
        // next hour: not part of the period
        c.add(click("next-1", "ad-1", Instant.parse("2026-11-27T11:00:00Z").toEpochMilli(), "ip-x", true));
        return c;
    }

    /** Every exact row of {@link #PERIOD}, total and breakdown (all unknown: these clicks have no dimensions), by the oracle. */
    protected static List<MinuteCount> rowsTruth() {
        return GroundTruth.rows(archive(), START.toEpochMilli(), END.toEpochMilli(), START.minusSeconds(86_400).toEpochMilli(), RULES);
    }

    /** The exact total rows of {@link #PERIOD} by the oracle. */
    protected static List<MinuteCount> truth() {
        return GroundTruth.of(archive(), START.toEpochMilli(), END.toEpochMilli(), START.minusSeconds(86_400).toEpochMilli(), RULES);
    }

    /** What the stream left in the store: mostly right, wrong where the online layer could not know better. */
    protected static List<MinuteCount> streamRows() {
        List<MinuteCount> rows = new ArrayList<>();
        for (MinuteCount t : truth()) {
            if (t.adId().equals("ad-2")) {
                rows.add(new MinuteCount("ad-2", t.minute(), new Counts(1, 1, 0), STREAM_VERSION)); // too-late clicks missing
            } else if (t.adId().equals("ad-4")) {
                rows.add(new MinuteCount("ad-4", t.minute(), new Counts(26, 26, 0), STREAM_VERSION)); // bot counted as clicks
            } else if (t.adId().startsWith("ad-s")) {
                continue; // the stream saw the sprayer's clicks split by partition and never flagged... here: missed them
            } else {
                rows.add(t.withVersion(STREAM_VERSION));
            }
        }
        rows.add(new MinuteCount("ad-3", minute("10:40"), new Counts(1, 1, 0), STREAM_VERSION)); // duplicate beyond TTL
        rows.add(new MinuteCount("ad-ghost", minute("10:15"), new Counts(3, 0, 0), STREAM_VERSION)); // should not exist
        // outside the period: never touched
        rows.add(new MinuteCount("ad-1", minute("11:00"), new Counts(7, 7, 0), STREAM_VERSION));
        return rows;
    }

    /** Non-zero total rows of the period (clicks), without versions, sorted. */
    protected static List<MinuteCount> countsOf(MinuteRows store, Instant from, Instant to) throws Exception {
        List<MinuteCount> out = new ArrayList<>();
        for (MinuteCount m : store.rows(from.toEpochMilli(), to.toEpochMilli())) {
            if (!m.dims().isTotal() || (m.clicks() == 0 && m.suspiciousClicks() == 0)) continue;
            out.add(m.withVersion(0));
        }
        out.sort(Comparator.comparing(MinuteCount::adId).thenComparingLong(MinuteCount::minute));
        return out;
    }

    /** Every non-zero row of the period, total and breakdown, without versions, in {@link PeriodRows#ORDER}. */
    protected static List<MinuteCount> rowsOf(MinuteRows store, Instant from, Instant to) throws Exception {
        List<MinuteCount> out = new ArrayList<>();
        for (MinuteCount m : store.rows(from.toEpochMilli(), to.toEpochMilli())) if (!m.counts().isZero()) out.add(m.withVersion(0));
        out.sort(PeriodRows.ORDER);
        return out;
    }
}
