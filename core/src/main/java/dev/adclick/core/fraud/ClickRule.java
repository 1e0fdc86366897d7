package dev.adclick.core.fraud;

import dev.adclick.core.click.Click;

/**
 * A fraud rule that flags single clicks by a property of their own (e.g. a bot's device), whatever
 * other clicks there are. A flagged click is suspicious and takes no part in the groups of the
 * {@link CountRule}s, so the outcome still depends only on the set of clicks.
 */
public interface ClickRule extends FraudRule {
    /** Whether this click is suspicious by itself. */
    boolean flags(Click click);
}
