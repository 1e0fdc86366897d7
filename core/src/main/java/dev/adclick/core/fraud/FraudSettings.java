package dev.adclick.core.fraud;

import dev.adclick.core.config.Setting;
import dev.adclick.core.config.SettingValues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fraud rules as settings, made from the rules' own settings ({@link FraudRules#KNOWN}: a
 * threshold per count rule, {@link FraudRules#KNOWN_CLICK_RULES}: a switch per click rule,
 * {@code suspicious} or {@code counted}): a new rule is a setting of the stream, of reconciliation
 * and of the stack without a line here.
 */
public final class FraudSettings {
    private FraudSettings() {}

    /** Keys the two first rules had before settings were defined once; still read. */
    private static final Map<String, List<String>> EARLIER_KEYS = Map.of(
            MaxClicksPerIpPerAd.SETTING.settingKey(), List.of("fraud-max-per-ip-per-ad", "max-clicks-per-ip-per-ad"),
            MaxClicksPerIp.SETTING.settingKey(), List.of("fraud-max-per-ip-across-ads", "max-clicks-per-ip-across-ads"));

    /** One setting per known count rule (its threshold), in rule order. */
    public static final List<Setting<Integer>> THRESHOLDS = FraudRules.settings().stream().map(FraudSettings::of).toList();

    /** One setting per known click rule ({@code suspicious} or {@code counted}), in rule order. */
    public static final List<Setting<String>> CLICK_RULES = FraudRules.clickRuleSettings().stream().map(FraudSettings::of).toList();

    /** Every fraud setting: the thresholds, then the click rules' switches. */
    public static final List<Setting<?>> ALL = all();

    private static List<Setting<?>> all() {
        List<Setting<?>> l = new ArrayList<>(THRESHOLDS);
        l.addAll(CLICK_RULES);
        return List.copyOf(l);
    }

    private static Setting<Integer> of(RuleSetting r) {
        return Setting.integer(r.settingKey(), r.defaultThreshold(), 1, r.description())
                .alsoKnownAs(EARLIER_KEYS.getOrDefault(r.settingKey(), List.of()).toArray(new String[0]));
    }

    private static Setting<String> of(ClickRuleSetting r) {
        return Setting.oneOf(r.settingKey(), r.defaultValue(), r.description(), ClickRuleSetting.SUSPICIOUS, ClickRuleSetting.COUNTED);
    }

    /** The setting of one rule's threshold. */
    public static Setting<Integer> of(String settingKey) {
        return THRESHOLDS.stream().filter(s -> s.key().equals(settingKey)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fraud rule has the threshold setting " + settingKey));
    }

    /** The setting of one click rule's switch. */
    public static Setting<String> clickRule(String settingKey) {
        return CLICK_RULES.stream().filter(s -> s.key().equals(settingKey)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fraud rule has the click rule setting " + settingKey));
    }

    /** The rules these values give (defaults where unset). */
    public static FraudRules rules(SettingValues values) {
        Map<String, Integer> thresholds = new LinkedHashMap<>();
        for (Setting<Integer> s : THRESHOLDS) thresholds.put(s.key(), values.get(s));
        Map<String, Boolean> switches = new LinkedHashMap<>();
        for (Setting<String> s : CLICK_RULES) switches.put(s.key(), ClickRuleSetting.SUSPICIOUS.equals(values.get(s)));
        return FraudRules.fromSettings(thresholds, switches);
    }

    /** Every fraud setting's value in {@code rules} by setting key, as text (what a launcher passes on). */
    public static Map<String, String> values(FraudRules rules) {
        Map<String, String> m = new LinkedHashMap<>();
        for (RuleSetting r : FraudRules.settings()) m.put(r.settingKey(), String.valueOf(rules.threshold(r)));
        for (ClickRuleSetting r : FraudRules.clickRuleSettings()) m.put(r.settingKey(), ClickRuleSetting.valueOf(rules.isOn(r)));
        return m;
    }
}
