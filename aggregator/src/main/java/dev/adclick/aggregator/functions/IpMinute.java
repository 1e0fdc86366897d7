package dev.adclick.aggregator.functions;

import java.util.Arrays;

/**
 * Fraud-stage state of one ip_hash in one minute: total clicks across ads and, per ad, the clicks,
 * the verified part and whether the group is flagged. Arrays keep it a compact Flink POJO; one
 * ip_hash rarely clicks more than a few ads in a minute.
 */
public class IpMinute {
    private long total;
    private String[] ads = new String[0];
    private long[] clicks = new long[0];
    private long[] verified = new long[0];
    private boolean[] flagged = new boolean[0];

    public IpMinute() {}

    /** Index of the ad, adding it if new. */
    int indexOf(String adId) {
        for (int i = 0; i < ads.length; i++) if (ads[i].equals(adId)) return i;
        int n = ads.length;
        ads = Arrays.copyOf(ads, n + 1);
        clicks = Arrays.copyOf(clicks, n + 1);
        verified = Arrays.copyOf(verified, n + 1);
        flagged = Arrays.copyOf(flagged, n + 1);
        ads[n] = adId;
        return n;
    }

    void add(int i, boolean isVerified) {
        total++;
        clicks[i]++;
        if (isVerified) verified[i]++;
    }

    int size() { return ads.length; }
    String ad(int i) { return ads[i]; }
    long clicks(int i) { return clicks[i]; }
    long verified(int i) { return verified[i]; }
    boolean flagged(int i) { return flagged[i]; }
    void flag(int i) { flagged[i] = true; }

    public long getTotal() { return total; }
    public void setTotal(long total) { this.total = total; }
    public String[] getAds() { return ads; }
    public void setAds(String[] ads) { this.ads = ads; }
    public long[] getClicks() { return clicks; }
    public void setClicks(long[] clicks) { this.clicks = clicks; }
    public long[] getVerified() { return verified; }
    public void setVerified(long[] verified) { this.verified = verified; }
    public boolean[] getFlagged() { return flagged; }
    public void setFlagged(boolean[] flagged) { this.flagged = flagged; }
}
