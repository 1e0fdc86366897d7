package dev.adclick.core.fraud;

import dev.adclick.core.config.Setting;
import dev.adclick.core.config.SettingValues;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fraud rules' thresholds as settings, made from the rules' own {@link RuleSetting}s
 * ({@link FraudRules#KNOWN}): a new count rule is a setting of the stream, of reconciliation and of
 * the stack without a line here.
 */
public final class FraudSettings {
    private FraudSettings() {}

    /** Keys the two first rules had before settings were defined once; still read. */
    private static final Map<String, List<String>> EARLIER_KEYS = Map.of(
            MaxClicksPerIpPerAd.SETTING.settingKey(), List.of("fraud-max-per-ip-per-ad", "max-clicks-per-ip-per-ad"),
            MaxClicksPerIp.SETTING.settingKey(), List.of("fraud-max-per-ip-across-ads", "max-clicks-per-ip-across-ads"));

    /** One setting per known count rule, in rule order. */
    public static final List<Setting<Integer>> ALL = FraudRules.settings().stream().map(FraudSettings::of).toList();

    private static Setting<Integer> of(RuleSetting r) {
        return Setting.integer(r.settingKey(), r.defaultThreshold(), 1, r.description())
                .alsoKnownAs(EARLIER_KEYS.getOrDefault(r.settingKey(), List.of()).toArray(new String[0]));
    }

    /** The setting of one rule's threshold. */
    public static Setting<Integer> of(String settingKey) {
        return ALL.stream().filter(s -> s.key().equals(settingKey)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fraud rule has the setting " + settingKey));
    }

    /** The rules with the thresholds these values give (defaults where unset). */
    public static FraudRules rules(SettingValues values) {
        Map<String, Integer> thresholds = new LinkedHashMap<>();
        for (Setting<Integer> s : ALL) thresholds.put(s.key(), values.get(s));
        return FraudRules.fromThresholds(thresholds);
    }

    /** The thresholds of {@code rules} by setting key, as text (what a launcher passes on). */
    public static Map<String, String> values(FraudRules rules) {
        Map<String, String> m = new LinkedHashMap<>();
        for (RuleSetting r : FraudRules.settings()) m.put(r.settingKey(), String.valueOf(rules.threshold(r)));
        return m;
    }
}
