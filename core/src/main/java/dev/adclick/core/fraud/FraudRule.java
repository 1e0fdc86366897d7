package dev.adclick.core.fraud;

import java.io.Serializable;

/**
 * One fraud rule. Two kinds fit: a {@link CountRule} (a threshold on the clicks of a group, e.g.
 * per ip_hash and ad in a minute) and a {@link ClickRule} (a predicate on one click, e.g. its
 * device is a bot). Both are applied by the stream and by reconciliation, through {@link FraudRules}.
 * Serializable: Flink ships the rules to its tasks.
 */
public interface FraudRule extends Serializable {
    /** Stable id, e.g. {@code max-clicks-per-ip-per-ad}; shown in reports. */
    String ruleId();

    /** What the rule flags, for people. */
    String description();
}
