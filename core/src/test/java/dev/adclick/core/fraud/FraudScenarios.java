package dev.adclick.core.fraud;

import dev.adclick.core.click.Click;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Deduplicated clicks around the threshold of every count rule of a {@link FraudRules}, and what
 * they must count: the shared fixture of the stream's and the batch job's agreement tests, so both
 * are checked against the one reference ({@link FraudRules#suspiciousClickIds}) over every rule.
 */
public final class FraudScenarios {
    public static final long MINUTE_0 = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000L;

    /**
     * @param clicks        deduplicated clicks in a shuffled (seeded) order, across two minutes
     * @param flagged       ids that must come out suspicious (a group one over each rule's threshold)
     * @param notFlagged    ids that must not (a group exactly at each threshold, ordinary traffic)
     */
    public record Scenario(List<Click> clicks, Set<String> flagged, Set<String> notFlagged) {}

    private FraudScenarios() {}

    /** The default rules plus {@link TestingClickRule}: to check that engines apply per-click rules too. */
    public static FraudRules defaultsWithAClickRule() {
        List<FraudRule> all = new ArrayList<>(FraudRules.defaults().all());
        all.add(new TestingClickRule());
        return new FraudRules(all);
    }

    /** A per-click rule for tests (besides the real one, {@link BotDevice}): flags "crowd-1*" clicks. */
    public static final class TestingClickRule implements ClickRule {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean flags(Click click) {
            return click.getClickId().startsWith("crowd-1");
        }

        @Override
        public String ruleId() {
            return "testing-crowd-1";
        }

        @Override
        public String description() {
            return "test only: clicks whose id starts with crowd-1";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TestingClickRule;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    /**
     * For each count rule: one group at its threshold and one just over it, plus ordinary traffic;
     * with the {@link BotDevice} rule on, bot clicks beside a group at the per-ad threshold of the
     * same ip_hash and ad (flagged bots take no part in groups). Clicks carry varied dimensions
     * (placements per ip, some unknown), so a flip must retract from several breakdown rows.
     */
    public static Scenario around(FraudRules rules, long seed) {
        List<Click> clicks = new ArrayList<>();
        Set<String> flagged = new HashSet<>();
        Set<String> notFlagged = new HashSet<>();
        int perAdCap = perAdCap(rules);
        for (CountRule r : rules.countRules()) {
            notFlagged.addAll(group(clicks, r, r.threshold(), perAdCap, "at"));
            flagged.addAll(group(clicks, r, r.threshold() + 1, perAdCap, "over"));
        }
        // ordinary traffic: a person clicking a few times, many people on one ad, clicks without ip_hash
        for (int i = 0; i < 3; i++) notFlagged.add(add(clicks, "repeat-" + i, "ad-hot", MINUTE_0 + i, "ip-repeater", i == 0));
        for (int i = 0; i < 200; i++) {
            notFlagged.add(add(clicks, "crowd-" + i, "ad-hot", MINUTE_0 + MINUTE + i, "ip-crowd-" + i, i % 2 == 0,
                    i % 5 == 0 ? null : "p" + i % 3, COUNTRIES[i % COUNTRIES.length], DEVICES[i % DEVICES.length]));
        }
        for (int i = 0; i < 200; i++) notFlagged.add(add(clicks, "noip-" + i, "ad-hot", MINUTE_0 + i, null, true, null, null, null));
        if (rules.isOn(BotDevice.SETTING)) {
            // 25 bot clicks and, from the same ip on the same ad, ordinary clicks exactly at the per-ad threshold
            for (int i = 0; i < 25; i++) flagged.add(add(clicks, "bot-" + i, "ad-bot", MINUTE_0 + 2_000 + i, "ip-bot", false, "p0", "US", "bot"));
            for (int i = 0; i < Math.min(perAdCap, 50); i++) {
                notFlagged.add(add(clicks, "beside-bot-" + i, "ad-bot", MINUTE_0 + 2_000 + i, "ip-bot", true, "p" + i % 2, "US", "desktop"));
            }
        }
        Collections.shuffle(clicks, new Random(seed));
        return new Scenario(clicks, flagged, notFlagged);
    }

    /** What the clicks must count per key by the reference semantics: the total rows. */
    public static Map<CountKey, Counts> expected(FraudRules rules, List<Click> clicks) {
        return rules.countsOf(clicks);
    }

    /** What the clicks must count per breakdown row (ad, minute, dimensions) by the reference semantics. */
    public static Map<CountKey, Counts> expectedBreakdown(FraudRules rules, List<Click> clicks) {
        Map<CountKey, Counts> rows = new java.util.HashMap<>(rules.rowsOf(clicks));
        rows.keySet().removeIf(CountKey::isTotal);
        return rows;
    }

    /** A group of {@code size} clicks of the rule's grouping, in minute 0; per ad at most {@code perAdCap}. */
    private static List<String> group(List<Click> clicks, CountRule r, int size, int perAdCap, String label) {
        String ip = "ip-" + r.ruleId() + "-" + label;
        int adsNeeded = switch (r.grouping()) {
            case PER_IP_PER_AD -> 1;
            // across ads: spread so that no single ad crosses a per-ad rule
            case PER_IP -> (size + perAdCap - 1) / perAdCap;
        };
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String ad = "ad-" + r.ruleId() + "-" + (i % adsNeeded);
            // one country and device per ip (as real clients), placements vary
            ids.add(add(clicks, ip + "-" + i, ad, MINUTE_0 + 1_000 + i, ip, i % 3 != 0, i % 4 == 3 ? null : "p" + i % 3, "DE", "mobile"));
        }
        return ids;
    }

    private static int perAdCap(FraudRules rules) {
        int cap = Integer.MAX_VALUE;
        for (CountRule r : rules.countRules()) if (r.grouping() == ClickGrouping.PER_IP_PER_AD) cap = Math.min(cap, r.threshold());
        return cap;
    }

    private static final String[] COUNTRIES = {"US", "DE", "FR", null};
    private static final String[] DEVICES = {"desktop", "mobile", "tablet", "other", null};

    private static String add(List<Click> clicks, String id, String ad, long ts, String ip, boolean verified) {
        return add(clicks, id, ad, ts, ip, verified, null, null, null);
    }

    private static String add(List<Click> clicks, String id, String ad, long ts, String ip, boolean verified,
                              String placement, String country, String device) {
        clicks.add(new Click(id, ad, verified ? "imp-" + id : null, ts, ip, ip == null ? null : "ua-" + ip, verified, placement, country, device));
        return id;
    }
}
