package dev.adclick.core.fraud;

import dev.adclick.core.click.Click;
import dev.adclick.core.dimension.Device;

/**
 * Clicks whose device is {@link Device#BOT} (the click service's User-Agent parser says a crawler,
 * a monitor, a script…) are suspicious, each by itself (docs/architecture.md, Counting semantics).
 * On by default; {@code fraud.bot-clicks=counted} turns it off.
 */
public final class BotDevice implements ClickRule {
    private static final long serialVersionUID = 1L;

    public static final ClickRuleSetting SETTING = new ClickRuleSetting("bot-device", "fraud.bot-clicks", true,
            "What clicks whose device is " + Device.BOT.json() + " are: " + ClickRuleSetting.SUSPICIOUS + " (in suspicious_clicks) or "
                    + ClickRuleSetting.COUNTED + " (as ordinary clicks).");

    @Override
    public boolean flags(Click click) {
        // the topic's value as written (Dimensions keeps it as is, so the breakdown row and the rule agree)
        return Device.BOT.json().equals(click.getDevice());
    }

    @Override
    public String ruleId() {
        return SETTING.ruleId();
    }

    @Override
    public String description() {
        return "Clicks whose device is " + Device.BOT.json() + ".";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BotDevice;
    }

    @Override
    public int hashCode() {
        return BotDevice.class.hashCode();
    }

    @Override
    public String toString() {
        return ruleId();
    }
}
