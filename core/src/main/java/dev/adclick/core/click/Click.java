package dev.adclick.core.click;

import dev.adclick.core.dimension.Dimensions;
import dev.adclick.core.count.CountKey;
import java.util.Objects;

/**
 * One click as it travels on the Kafka topic {@code clicks} (docs/architecture.md, Contracts, topic `clicks`).
 *
 * <p>A plain mutable POJO on purpose: Flink's POJO serializer and Spark's bean encoder both need
 * a public no-argument constructor and getters/setters, and this one type is shared by both.
 */
public class Click {
    /** Current version of the topic format: 2 added placement, country and device ({@code Dimension}). */
    public static final int FORMAT_VERSION = 2;
    /** The oldest version still read: a v1 click counts with its dimensions null (under {@code unknown}). */
    public static final int OLDEST_FORMAT_VERSION = 1;

    private int v = FORMAT_VERSION;
    private String clickId;
    private String adId;
    private String impressionId;
    private long ts;
    private String ipHash;
    private String uaHash;
    private boolean verified;
    private String placement;
    private String country;
    private String device;

    public Click() {}

    public Click(String clickId, String adId, String impressionId, long ts,
                 String ipHash, String uaHash, boolean verified) {
        this.clickId = clickId;
        this.adId = adId;
        this.impressionId = impressionId;
        this.ts = ts;
        this.ipHash = ipHash;
        this.uaHash = uaHash;
        this.verified = verified;
    }

    /** A click with its dimensions (each a string or null; see {@code Dimension}). */
    public Click(String clickId, String adId, String impressionId, long ts, String ipHash, String uaHash, boolean verified,
                 String placement, String country, String device) {
        this(clickId, adId, impressionId, ts, ipHash, uaHash, verified);
        this.placement = placement;
        this.country = country;
        this.device = device;
    }

    /** The dimensions this event is counted under (nulls as {@code unknown}). */
    public Dimensions dims() {
        return Dimensions.of(placement, country, device);
    }

    /** Start of the UTC minute this click falls in, epoch millis. */
    public long minute() {
        return CountKey.minuteOf(ts);
    }

    public int getV() { return v; }
    public void setV(int v) { this.v = v; }
    public String getClickId() { return clickId; }
    public void setClickId(String clickId) { this.clickId = clickId; }
    public String getAdId() { return adId; }
    public void setAdId(String adId) { this.adId = adId; }
    public String getImpressionId() { return impressionId; }
    public void setImpressionId(String impressionId) { this.impressionId = impressionId; }
    public long getTs() { return ts; }
    public void setTs(long ts) { this.ts = ts; }
    public String getIpHash() { return ipHash; }
    public void setIpHash(String ipHash) { this.ipHash = ipHash; }
    public String getUaHash() { return uaHash; }
    public void setUaHash(String uaHash) { this.uaHash = uaHash; }
    public boolean isVerified() { return verified; }
    public void setVerified(boolean verified) { this.verified = verified; }
    public String getPlacement() { return placement; }
    public void setPlacement(String placement) { this.placement = placement; }
    public String getCountry() { return country; }
    public void setCountry(String country) { this.country = country; }
    public String getDevice() { return device; }
    public void setDevice(String device) { this.device = device; }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Click)) return false;
        Click c = (Click) o;
        return v == c.v && ts == c.ts && verified == c.verified
                && Objects.equals(clickId, c.clickId) && Objects.equals(adId, c.adId)
                && Objects.equals(impressionId, c.impressionId)
                && Objects.equals(ipHash, c.ipHash) && Objects.equals(uaHash, c.uaHash)
                && Objects.equals(placement, c.placement) && Objects.equals(country, c.country) && Objects.equals(device, c.device);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clickId, adId, ts);
    }

    @Override
    public String toString() {
        return "Click{" + clickId + ", ad=" + adId + ", ts=" + ts + ", verified=" + verified + '}';
    }
}
