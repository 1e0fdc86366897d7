package dev.adclick.core.fraud;

/** More than N clicks across all ads from one ip_hash in one UTC minute flag all of them. */
public final class MaxClicksPerIp extends CountRule {
    private static final long serialVersionUID = 1L;

    public static final RuleSetting SETTING = new RuleSetting("max-clicks-per-ip", "fraud.max-clicks-per-ip", 100,
            "Clicks per minute from one address across all ads above which they are suspicious.");

    public MaxClicksPerIp(int threshold) {
        super(SETTING, ClickGrouping.PER_IP, threshold);
    }
}
