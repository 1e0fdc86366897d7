package dev.adclick.aggregator.functions;

import dev.adclick.core.dimension.Dimensions;

import java.util.Arrays;

/**
 * Fraud-stage state of one ip_hash in one minute: total clicks across ads and, per ad, the clicks,
 * the verified part and whether the group is flagged; and per ad and dimension values what the
 * group counted as ordinary clicks, so that a flip retracts them from the breakdown rows they were
 * counted in. Arrays keep it a compact Flink POJO: one ip_hash rarely clicks more than a few ads in
 * a minute, and its clicks are usually of one country and device (placements vary).
 *
 * <p>State restored from a job before dimensions has no entries: what an ad counted beyond its
 * entries was counted without dimensions, i.e. in the all-{@code unknown} row (see
 * {@link FraudDeltaFunction}).
 */
public class IpMinute {
    private long total;
    private String[] ads = new String[0];
    private long[] clicks = new long[0];
    private long[] verified = new long[0];
    private boolean[] flagged = new boolean[0];
    // entry e: the ordinary clicks (and verified part) ad entryAds[e] counted under (placements[e], countries[e], devices[e])
    private int[] entryAds = new int[0];
    private String[] placements = new String[0];
    private String[] countries = new String[0];
    private String[] devices = new String[0];
    private long[] entryClicks = new long[0];
    private long[] entryVerified = new long[0];

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

    /** Tallies a click of ad {@code i} (for the rules). */
    void add(int i, boolean isVerified) {
        total++;
        clicks[i]++;
        if (isVerified) verified[i]++;
    }

    /** Records that a click of ad {@code i} with these dimensions was counted as an ordinary click. */
    void counted(int i, Dimensions dims, boolean isVerified) {
        int e = entryOf(i, dims);
        entryClicks[e]++;
        if (isVerified) entryVerified[e]++;
    }

    private int entryOf(int ad, Dimensions dims) {
        if (entryAds == null) clearEntries(); // state of a job before dimensions
        for (int e = 0; e < entryAds.length; e++) {
            if (entryAds[e] == ad && placements[e].equals(dims.placement()) && countries[e].equals(dims.country())
                    && devices[e].equals(dims.device())) return e;
        }
        int n = entryAds.length;
        entryAds = Arrays.copyOf(entryAds, n + 1);
        placements = Arrays.copyOf(placements, n + 1);
        countries = Arrays.copyOf(countries, n + 1);
        devices = Arrays.copyOf(devices, n + 1);
        entryClicks = Arrays.copyOf(entryClicks, n + 1);
        entryVerified = Arrays.copyOf(entryVerified, n + 1);
        entryAds[n] = ad;
        placements[n] = dims.placement();
        countries[n] = dims.country();
        devices[n] = dims.device();
        return n;
    }

    private void clearEntries() {
        entryAds = new int[0];
        placements = countries = devices = new String[0];
        entryClicks = entryVerified = new long[0];
    }

    int size() { return ads.length; }
    String ad(int i) { return ads[i]; }
    long clicks(int i) { return clicks[i]; }
    long verified(int i) { return verified[i]; }
    boolean flagged(int i) { return flagged[i]; }
    void flag(int i) { flagged[i] = true; }

    int entries() { return entryAds == null ? 0 : entryAds.length; }
    int entryAd(int e) { return entryAds[e]; }
    Dimensions entryDims(int e) { return Dimensions.of(placements[e], countries[e], devices[e]); }
    long entryClicks(int e) { return entryClicks[e]; }
    long entryVerified(int e) { return entryVerified[e]; }

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
    public int[] getEntryAds() { return entryAds; }
    public void setEntryAds(int[] entryAds) { this.entryAds = entryAds; }
    public String[] getPlacements() { return placements; }
    public void setPlacements(String[] placements) { this.placements = placements; }
    public String[] getCountries() { return countries; }
    public void setCountries(String[] countries) { this.countries = countries; }
    public String[] getDevices() { return devices; }
    public void setDevices(String[] devices) { this.devices = devices; }
    public long[] getEntryClicks() { return entryClicks; }
    public void setEntryClicks(long[] entryClicks) { this.entryClicks = entryClicks; }
    public long[] getEntryVerified() { return entryVerified; }
    public void setEntryVerified(long[] entryVerified) { this.entryVerified = entryVerified; }
}
