package dev.adclick.reconcile.testing;

import dev.adclick.core.click.Click;
import dev.adclick.core.fraud.ClickRule;

/**
 * A click rule that looks at a dimension, standing in for core's "bot device" rule (written
 * elsewhere): reconciliation must apply any {@link ClickRule} generically over the click with its
 * dimensions set, without knowing the rule.
 */
public final class BotDeviceRule implements ClickRule {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean flags(Click click) {
        return "bot".equals(click.getDevice());
    }

    @Override
    public String ruleId() {
        return "testing-bot-device";
    }

    @Override
    public String description() {
        return "test only: clicks whose device is bot";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BotDeviceRule;
    }

    @Override
    public int hashCode() {
        return 7;
    }
}
