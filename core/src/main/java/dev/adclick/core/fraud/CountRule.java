package dev.adclick.core.fraud;

/**
 * A fraud rule that flags a group of clicks once it holds more than a threshold of them. Flags are
 * all-or-nothing per group and only ever turn on, so the outcome depends on the set of clicks, not
 * on their order (docs/architecture.md, "Counting semantics"). A new count rule is a subclass with
 * a {@link RuleSetting} constant, registered in {@link FraudRules#KNOWN}.
 */
public abstract class CountRule implements FraudRule {
    private static final long serialVersionUID = 1L;

    private final RuleSetting setting;
    private final ClickGrouping grouping;
    private final int threshold;

    protected CountRule(RuleSetting setting, ClickGrouping grouping, int threshold) {
        this.setting = java.util.Objects.requireNonNull(setting, "setting");
        this.grouping = java.util.Objects.requireNonNull(grouping, "grouping");
        if (threshold < 1) throw new IllegalArgumentException(setting.settingKey() + " must be >= 1, was " + threshold);
        this.threshold = threshold;
    }

    /** The rule's configurable threshold (key, default, description). */
    public RuleSetting setting() {
        return setting;
    }

    /** How the clicks are grouped. */
    public ClickGrouping grouping() {
        return grouping;
    }

    public int threshold() {
        return threshold;
    }

    /** Whether a group of this size is suspicious. */
    public boolean exceeds(long groupSize) {
        return groupSize > threshold;
    }

    @Override
    public String ruleId() {
        return setting().ruleId();
    }

    @Override
    public String description() {
        return setting().description();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((CountRule) o).threshold == threshold;
    }

    @Override
    public int hashCode() {
        return getClass().hashCode() * 31 + threshold;
    }

    @Override
    public String toString() {
        return ruleId() + ">" + threshold;
    }
}
