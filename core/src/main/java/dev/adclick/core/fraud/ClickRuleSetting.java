package dev.adclick.core.fraud;

import java.util.Objects;

/**
 * The switch of a {@link ClickRule}, as data, so configuration code can list, document and read it
 * without knowing the rule (the counterpart of a count rule's {@link RuleSetting}). Its value says
 * what becomes of the clicks the rule matches: {@link #SUSPICIOUS} (the rule is on) or
 * {@link #COUNTED} (off: they count as ordinary clicks, subject to the count rules).
 *
 * @param ruleId      the rule's id
 * @param settingKey  the configuration key, e.g. {@code fraud.bot-clicks}
 * @param defaultOn   whether the rule is on when the setting is absent
 * @param description what the rule flags, for {@code --help} and docs
 */
public record ClickRuleSetting(String ruleId, String settingKey, boolean defaultOn, String description) implements java.io.Serializable {
    /** The value that turns the rule on: its clicks are suspicious. */
    public static final String SUSPICIOUS = "suspicious";
    /** The value that turns the rule off: its clicks are counted like any other. */
    public static final String COUNTED = "counted";

    public ClickRuleSetting {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(settingKey, "settingKey");
        Objects.requireNonNull(description, "description");
    }

    /** The value of the setting for a rule that is on or off. */
    public static String valueOf(boolean on) {
        return on ? SUSPICIOUS : COUNTED;
    }

    /** The default value as text. */
    public String defaultValue() {
        return valueOf(defaultOn);
    }
}
