package dev.adclick.core.fraud;

import java.util.Objects;

/**
 * The configurable threshold of a {@link CountRule}, as data, so configuration code can list,
 * document and read it without knowing the rule.
 *
 * @param ruleId           the rule's id
 * @param settingKey       the configuration key, e.g. {@code fraud.max-clicks-per-ip-per-ad}
 * @param defaultThreshold the threshold when the setting is absent
 * @param description      what the threshold means, for {@code --help} and docs
 */
public record RuleSetting(String ruleId, String settingKey, int defaultThreshold, String description) implements java.io.Serializable {
    public RuleSetting {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(settingKey, "settingKey");
        Objects.requireNonNull(description, "description");
        if (defaultThreshold < 1) throw new IllegalArgumentException(settingKey + ": default threshold must be >= 1, was " + defaultThreshold);
    }
}
