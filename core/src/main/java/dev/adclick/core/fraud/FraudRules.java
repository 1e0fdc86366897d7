package dev.adclick.core.fraud;

import dev.adclick.core.click.Click;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The fraud rules, defined once for the stream (Flink) and the offline job (Spark): a list of
 * {@link FraudRule} objects that both apply generically.
 *
 * <p>Over the deduplicated clicks of one UTC minute: a click some {@link ClickRule} flags is
 * suspicious by itself; of the others, <em>all</em> clicks of one ip_hash on one ad (the flagged
 * unit) are suspicious when any {@link CountRule}'s group containing them is larger than its
 * threshold. All-or-nothing per group makes the outcome depend only on the set of clicks, not on
 * their arrival order, so the stream and the offline recount agree whenever they see the same
 * clicks. Clicks without an ip_hash are never flagged by count rules (nothing to group them by).
 *
 * <p>The defaults never flag ordinary traffic: a person clicking an ad a few times, or thousands of
 * distinct people clicking one hot ad.
 */
public final class FraudRules implements Serializable {
    private static final long serialVersionUID = 2L;

    /** A count rule that configuration can build: its setting and how to make it from a threshold. */
    public record Known(RuleSetting setting, IntFunction<CountRule> factory) {}

    /** A click rule that configuration can switch on or off: its setting and how to make it. */
    public record KnownClickRule(ClickRuleSetting setting, Supplier<ClickRule> factory) {}

    /** Every count rule there is, in the order they are applied and reported. */
    public static final List<Known> KNOWN = List.of(
            new Known(MaxClicksPerIpPerAd.SETTING, MaxClicksPerIpPerAd::new),
            new Known(MaxClicksPerIp.SETTING, MaxClicksPerIp::new));

    /** Every click rule there is, in the order they are reported (after the count rules). */
    public static final List<KnownClickRule> KNOWN_CLICK_RULES = List.of(
            new KnownClickRule(BotDevice.SETTING, BotDevice::new));

    /** @deprecated use {@link MaxClicksPerIpPerAd#SETTING}; kept for the options classes. */
    @Deprecated
    public static final int DEFAULT_MAX_CLICKS_PER_IP_PER_AD = MaxClicksPerIpPerAd.SETTING.defaultThreshold();
    /** @deprecated use {@link MaxClicksPerIp#SETTING}; kept for the options classes. */
    @Deprecated
    public static final int DEFAULT_MAX_CLICKS_PER_IP_ACROSS_ADS = MaxClicksPerIp.SETTING.defaultThreshold();

    private final List<CountRule> countRules;
    private final List<ClickRule> clickRules;

    /** The rules in this order; at most one rule per id. */
    public FraudRules(List<? extends FraudRule> rules) {
        List<CountRule> counts = new ArrayList<>();
        List<ClickRule> clicks = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (FraudRule r : rules) {
            Objects.requireNonNull(r, "rule");
            if (!ids.add(r.ruleId())) throw new IllegalArgumentException("fraud rule " + r.ruleId() + " is given twice");
            if (r instanceof CountRule c) counts.add(c);
            else if (r instanceof ClickRule c) clicks.add(c);
            else throw new IllegalArgumentException("unknown kind of fraud rule: " + r.getClass().getName());
        }
        this.countRules = List.copyOf(counts);
        this.clickRules = List.copyOf(clicks);
    }

    /**
     * The two classic thresholds.
     *
     * @deprecated use {@link #fromThresholds}; kept for the options classes, with their messages
     */
    @Deprecated
    public FraudRules(int maxClicksPerIpPerAd, int maxClicksPerIpAcrossAds) {
        this(legacy(maxClicksPerIpPerAd, maxClicksPerIpAcrossAds));
    }

    private static List<CountRule> legacy(int perAd, int acrossAds) {
        if (perAd < 1) throw new IllegalArgumentException("maxClicksPerIpPerAd must be >= 1, was " + perAd);
        if (acrossAds < perAd) {
            throw new IllegalArgumentException("maxClicksPerIpAcrossAds (" + acrossAds + ") must be >= maxClicksPerIpPerAd (" + perAd + ")");
        }
        return List.of(new MaxClicksPerIpPerAd(perAd), new MaxClicksPerIp(acrossAds));
    }

    /** Every known rule with its default: count rules with their default thresholds, click rules on or off as their default says. */
    public static FraudRules defaults() {
        return fromThresholds(Map.of());
    }

    /**
     * Every known count rule, with the threshold given under its setting key or else its default,
     * and every known click rule as its default says.
     *
     * @param thresholds by {@link RuleSetting#settingKey()}; a key that names no rule is an error
     */
    public static FraudRules fromThresholds(Map<String, Integer> thresholds) {
        return fromSettings(thresholds, Map.of());
    }

    /**
     * The known rules as configured: each count rule with the threshold given under its setting key
     * (else its default), each click rule if it is on (given under its setting key, else its default).
     *
     * @param thresholds by {@link RuleSetting#settingKey()}
     * @param clickRules whether each click rule is on, by {@link ClickRuleSetting#settingKey()}
     * @throws IllegalArgumentException for a key that names no rule of that kind, or a bad threshold
     */
    public static FraudRules fromSettings(Map<String, Integer> thresholds, Map<String, Boolean> clickRules) {
        Map<String, Integer> leftThresholds = new LinkedHashMap<>(thresholds);
        Map<String, Boolean> leftSwitches = new LinkedHashMap<>(clickRules);
        List<FraudRule> rules = new ArrayList<>();
        for (Known k : KNOWN) {
            Integer t = leftThresholds.remove(k.setting().settingKey());
            rules.add(k.factory().apply(t == null ? k.setting().defaultThreshold() : t));
        }
        for (KnownClickRule k : KNOWN_CLICK_RULES) {
            Boolean on = leftSwitches.remove(k.setting().settingKey());
            if (on == null ? k.setting().defaultOn() : on) rules.add(k.factory().get());
        }
        if (!leftThresholds.isEmpty() || !leftSwitches.isEmpty()) {
            Set<String> unknown = new java.util.LinkedHashSet<>(leftThresholds.keySet());
            unknown.addAll(leftSwitches.keySet());
            throw new IllegalArgumentException("unknown fraud rule setting(s) " + unknown + "; known: thresholds "
                    + settings().stream().map(RuleSetting::settingKey).collect(Collectors.joining(", ")) + "; click rules "
                    + clickRuleSettings().stream().map(ClickRuleSetting::settingKey).collect(Collectors.joining(", ")));
        }
        return new FraudRules(rules);
    }

    /** The settings of every known count rule (keys, defaults, descriptions). */
    public static List<RuleSetting> settings() {
        return KNOWN.stream().map(Known::setting).toList();
    }

    /** The settings of every known click rule (keys, defaults, descriptions). */
    public static List<ClickRuleSetting> clickRuleSettings() {
        return KNOWN_CLICK_RULES.stream().map(KnownClickRule::setting).toList();
    }

    /** Whether the click rule with this setting is one of these rules (is on). */
    public boolean isOn(ClickRuleSetting setting) {
        for (ClickRule r : clickRules) if (r.ruleId().equals(setting.ruleId())) return true;
        return false;
    }

    public List<CountRule> countRules() { return countRules; }
    public List<ClickRule> clickRules() { return clickRules; }

    /** All rules, count rules first. */
    public List<FraudRule> all() {
        List<FraudRule> all = new ArrayList<>(countRules);
        all.addAll(clickRules);
        return all;
    }

    /**
     * The ids of the suspicious clicks among these deduplicated clicks: what the rules mean, in
     * plain Java over the whole set. The stream (incrementally) and reconciliation (in Spark) must
     * agree with it; tests use it as their oracle.
     */
    public Set<String> suspiciousClickIds(Collection<Click> deduplicated) {
        Map<List<Object>, Long> sizes = new HashMap<>();
        List<Click> grouped = new ArrayList<>();
        Set<String> out = new HashSet<>();
        for (Click c : deduplicated) {
            if (flagsClick(c)) out.add(c.getClickId());
            else if (isGroupable(c.getIpHash())) grouped.add(c);
        }
        for (Click c : grouped) {
            for (CountRule r : countRules) sizes.merge(ruleGroup(r, c), 1L, Long::sum);
        }
        for (Click c : grouped) {
            for (CountRule r : countRules) {
                if (r.exceeds(sizes.get(ruleGroup(r, c)))) {
                    out.add(c.getClickId());
                    break;
                }
            }
        }
        return out;
    }

    /** The total row per (ad, minute) of these deduplicated clicks under these rules (the totals of {@link #rowsOf}). */
    public Map<CountKey, Counts> countsOf(Collection<Click> deduplicated) {
        Set<String> suspicious = suspiciousClickIds(deduplicated);
        Map<CountKey, Counts> out = new HashMap<>();
        for (Click c : deduplicated) {
            Counts one = suspicious.contains(c.getClickId()) ? Counts.suspiciousClick() : Counts.click(c.isVerified());
            out.merge(CountKey.at(c.getAdId(), c.getTs()), one, Counts::plus);
        }
        return out;
    }

    /**
     * Every row these deduplicated clicks make under these rules: per (ad, minute) the total row and
     * one breakdown row per combination of dimension values ({@link CountKey#dims()}), whose sum is
     * the total. The reference of exact counting with breakdowns.
     */
    public Map<CountKey, Counts> rowsOf(Collection<Click> deduplicated) {
        Set<String> suspicious = suspiciousClickIds(deduplicated);
        Map<CountKey, Counts> out = new HashMap<>();
        for (Click c : deduplicated) {
            Counts one = suspicious.contains(c.getClickId()) ? Counts.suspiciousClick() : Counts.click(c.isVerified());
            out.merge(CountKey.at(c.getAdId(), c.getTs()), one, Counts::plus);
            out.merge(CountKey.at(c.getAdId(), c.getTs(), c.dims()), one, Counts::plus);
        }
        return out;
    }

    private static List<Object> ruleGroup(CountRule r, Click c) {
        List<Object> key = r.grouping().groupOf(c);
        key.add(0, r.grouping());
        return key;
    }

    /** Whether some click rule flags this click by itself. */
    public boolean flagsClick(Click click) {
        for (ClickRule r : clickRules) if (r.flags(click)) return true;
        return false;
    }

    /**
     * Whether the clicks of one ip_hash on one ad in one minute are suspicious by the count rules.
     * Allocation-free: the stream calls it per click.
     *
     * @param ipHash          the group's ip_hash; {@code null} or empty is never suspicious
     * @param clicksOnAd      deduplicated clicks of this ip_hash on this ad in this minute
     * @param clicksAcrossAds deduplicated clicks of this ip_hash on all ads in this minute
     */
    public boolean isSuspicious(String ipHash, long clicksOnAd, long clicksAcrossAds) {
        if (!isGroupable(ipHash)) return false;
        for (int i = 0; i < countRules.size(); i++) {
            CountRule r = countRules.get(i);
            if (r.exceeds(r.grouping().countOf(clicksOnAd, clicksAcrossAds))) return true;
        }
        return false;
    }

    /** Whether count rules can group a click with this ip_hash at all. */
    public static boolean isGroupable(String ipHash) {
        return ipHash != null && !ipHash.isEmpty();
    }

    /** The threshold of the rule with this setting, if it is one of these rules. */
    public int threshold(RuleSetting setting) {
        for (CountRule r : countRules) if (r.setting().equals(setting)) return r.threshold();
        throw new IllegalArgumentException("no fraud rule " + setting.ruleId() + " in " + this);
    }

    /** @deprecated use {@link #threshold(RuleSetting)}; kept for the options classes. */
    @Deprecated
    public int maxClicksPerIpPerAd() { return threshold(MaxClicksPerIpPerAd.SETTING); }

    /** @deprecated use {@link #threshold(RuleSetting)}; kept for the options classes. */
    @Deprecated
    public int maxClicksPerIpAcrossAds() { return threshold(MaxClicksPerIp.SETTING); }

    @Override
    public boolean equals(Object o) {
        return o instanceof FraudRules f && f.countRules.equals(countRules) && f.clickRules.equals(clickRules);
    }

    @Override
    public int hashCode() {
        return countRules.hashCode() * 31 + clickRules.hashCode();
    }

    @Override
    public String toString() {
        return "FraudRules" + all();
    }
}
