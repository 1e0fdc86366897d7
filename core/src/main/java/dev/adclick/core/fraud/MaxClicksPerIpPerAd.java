package dev.adclick.core.fraud;

/** More than N clicks on one ad from one ip_hash in one UTC minute are suspicious. */
public final class MaxClicksPerIpPerAd extends CountRule {
    private static final long serialVersionUID = 1L;

    public static final RuleSetting SETTING = new RuleSetting("max-clicks-per-ip-per-ad", "fraud.max-clicks-per-ip-per-ad", 20,
            "Clicks per minute from one address on one ad above which they are suspicious.");

    public MaxClicksPerIpPerAd(int threshold) {
        super(SETTING, ClickGrouping.PER_IP_PER_AD, threshold);
    }
}
