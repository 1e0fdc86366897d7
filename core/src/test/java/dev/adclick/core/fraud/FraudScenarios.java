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

    /** A per-click rule for tests (the real one, device=bot, comes with the device dimension): flags "crowd-1*" clicks. */
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

    /** For each count rule: one group at its threshold and one just over it, plus ordinary traffic. */
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
        for (int i = 0; i < 200; i++) notFlagged.add(add(clicks, "crowd-" + i, "ad-hot", MINUTE_0 + MINUTE + i, "ip-crowd-" + i, i % 2 == 0));
        for (int i = 0; i < 200; i++) notFlagged.add(add(clicks, "noip-" + i, "ad-hot", MINUTE_0 + i, null, true));
        Collections.shuffle(clicks, new Random(seed));
        return new Scenario(clicks, flagged, notFlagged);
    }

    /** What the clicks must count per key by the reference semantics. */
    public static Map<CountKey, Counts> expected(FraudRules rules, List<Click> clicks) {
        return rules.countsOf(clicks);
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
            ids.add(add(clicks, ip + "-" + i, ad, MINUTE_0 + 1_000 + i, ip, i % 3 != 0));
        }
        return ids;
    }

    private static int perAdCap(FraudRules rules) {
        int cap = Integer.MAX_VALUE;
        for (CountRule r : rules.countRules()) if (r.grouping() == ClickGrouping.PER_IP_PER_AD) cap = Math.min(cap, r.threshold());
        return cap;
    }

    private static String add(List<Click> clicks, String id, String ad, long ts, String ip, boolean verified) {
        clicks.add(new Click(id, ad, verified ? "imp-" + id : null, ts, ip, ip == null ? null : "ua-" + ip, verified));
        return id;
    }
}
