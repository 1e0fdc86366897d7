package dev.adclick.core.fraud;

import dev.adclick.core.config.Setting;
import dev.adclick.core.config.SettingValues;

import java.util.List;

/** The thresholds of the fraud rules, read by the stream and by reconciliation alike. */
public final class FraudSettings {
    private FraudSettings() {}

    public static final Setting<Integer> MAX_PER_IP_PER_AD = Setting.integer("fraud.max-clicks-per-ip-per-ad",
            FraudRules.DEFAULT_MAX_CLICKS_PER_IP_PER_AD, 1,
            "Clicks per minute from one address on one ad above which all of them are suspicious.")
            .alsoKnownAs("fraud-max-per-ip-per-ad", "max-clicks-per-ip-per-ad");
    public static final Setting<Integer> MAX_PER_IP = Setting.integer("fraud.max-clicks-per-ip",
            FraudRules.DEFAULT_MAX_CLICKS_PER_IP_ACROSS_ADS, 1,
            "Clicks per minute from one address across all ads above which its clicks are suspicious.")
            .alsoKnownAs("fraud-max-per-ip-across-ads", "max-clicks-per-ip-across-ads");

    public static final List<Setting<Integer>> ALL = List.of(MAX_PER_IP_PER_AD, MAX_PER_IP);

    public static FraudRules rules(SettingValues values) {
        return new FraudRules(values.get(MAX_PER_IP_PER_AD), values.get(MAX_PER_IP));
    }
}
