package dev.adclick.core.fraud;

import java.io.Serializable;

/**
 * The fraud rules, defined once for the stream (Flink) and the offline job (Spark).
 *
 * <p>Rules are decided per UTC minute and per {@code ip_hash}, over the deduplicated clicks:
 * <ul>
 *   <li>more than {@code maxClicksPerIpPerAd} clicks on one ad from one ip_hash in a minute, or</li>
 *   <li>more than {@code maxClicksPerIpAcrossAds} clicks across all ads from one ip_hash in a minute</li>
 * </ul>
 * flag <em>all</em> clicks of that ip_hash on that ad in that minute as suspicious. All-or-nothing
 * per group makes the outcome depend only on the set of clicks, not on their arrival order, so the
 * stream and the offline recount agree whenever they see the same clicks. Clicks without an
 * ip_hash are never flagged (nothing to group them by).
 *
 * <p>The defaults never flag ordinary traffic: a person clicking an ad a few times, or thousands of
 * distinct people clicking one hot ad.
 */
public final class FraudRules implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MAX_CLICKS_PER_IP_PER_AD = 20;
    public static final int DEFAULT_MAX_CLICKS_PER_IP_ACROSS_ADS = 100;

    private final int maxClicksPerIpPerAd;
    private final int maxClicksPerIpAcrossAds;

    public FraudRules(int maxClicksPerIpPerAd, int maxClicksPerIpAcrossAds) {
        if (maxClicksPerIpPerAd < 1) throw new IllegalArgumentException("maxClicksPerIpPerAd must be >= 1, was " + maxClicksPerIpPerAd);
        if (maxClicksPerIpAcrossAds < maxClicksPerIpPerAd) {
            throw new IllegalArgumentException("maxClicksPerIpAcrossAds (" + maxClicksPerIpAcrossAds
                    + ") must be >= maxClicksPerIpPerAd (" + maxClicksPerIpPerAd + ")");
        }
        this.maxClicksPerIpPerAd = maxClicksPerIpPerAd;
        this.maxClicksPerIpAcrossAds = maxClicksPerIpAcrossAds;
    }

    public static FraudRules defaults() {
        return new FraudRules(DEFAULT_MAX_CLICKS_PER_IP_PER_AD, DEFAULT_MAX_CLICKS_PER_IP_ACROSS_ADS);
    }

    /**
     * Whether the clicks of one ip_hash on one ad in one minute are suspicious.
     *
     * @param ipHash            the group's ip_hash; {@code null} is never suspicious
     * @param clicksOnAd        deduplicated clicks of this ip_hash on this ad in this minute
     * @param clicksAcrossAds   deduplicated clicks of this ip_hash on all ads in this minute
     */
    public boolean isSuspicious(String ipHash, long clicksOnAd, long clicksAcrossAds) {
        if (ipHash == null || ipHash.isEmpty()) return false;
        return clicksOnAd > maxClicksPerIpPerAd || clicksAcrossAds > maxClicksPerIpAcrossAds;
    }

    public int maxClicksPerIpPerAd() { return maxClicksPerIpPerAd; }
    public int maxClicksPerIpAcrossAds() { return maxClicksPerIpAcrossAds; }

    @Override
    public String toString() {
        return "FraudRules{perIpPerAd>" + maxClicksPerIpPerAd + ", perIpAcrossAds>" + maxClicksPerIpAcrossAds + "}";
    }
}
