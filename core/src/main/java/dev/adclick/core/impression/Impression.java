package dev.adclick.core.impression;

import dev.adclick.core.dimension.Dimensions;
import dev.adclick.core.count.CountKey;
import java.util.Objects;

/**
 * One impression event as it travels on the Kafka topic {@code impressions} (docs/architecture.md,
 * Contracts): an ad served by the ad server, or rendered on the page (the beacon).
 *
 * <p>A plain mutable POJO on purpose, like {@code Click}: Flink's POJO serializer and Spark's bean
 * encoder both need a public no-argument constructor and getters/setters.
 */
public class Impression {
    /** Current version of the topic format. */
    public static final int FORMAT_VERSION = 1;

    private int v = FORMAT_VERSION;
    private String impressionId;
    private String adId;
    private ImpressionKind kind;
    private long ts;
    private String placement;
    private String country;
    private String device;
    private String ipHash;
    private String uaHash;

    public Impression() {}

    public Impression(String impressionId, String adId, ImpressionKind kind, long ts, String placement,
                      String ipHash, String uaHash) {
        this.impressionId = impressionId;
        this.adId = adId;
        this.kind = kind;
        this.ts = ts;
        this.placement = placement;
        this.ipHash = ipHash;
        this.uaHash = uaHash;
    }

    /** An impression event with all its dimensions (each a string or null; see {@code Dimension}). */
    public Impression(String impressionId, String adId, ImpressionKind kind, long ts, String placement, String country, String device,
                      String ipHash, String uaHash) {
        this(impressionId, adId, kind, ts, placement, ipHash, uaHash);
        this.country = country;
        this.device = device;
    }

    /**
     * The id layer-1 and layer-2 dedupe by: an impression id counts once per kind, so its served
     * and rendered events are not duplicates of each other.
     */
    public String dedupeId() {
        return impressionId + "/" + kind.json();
    }

    /** The dimensions this event is counted under (nulls as {@code unknown}). */
    public Dimensions dims() {
        return Dimensions.of(placement, country, device);
    }

    /** Start of the UTC minute this event falls in, epoch millis. */
    public long minute() {
        return CountKey.minuteOf(ts);
    }

    public int getV() { return v; }
    public void setV(int v) { this.v = v; }
    public String getImpressionId() { return impressionId; }
    public void setImpressionId(String impressionId) { this.impressionId = impressionId; }
    public String getAdId() { return adId; }
    public void setAdId(String adId) { this.adId = adId; }
    public ImpressionKind getKind() { return kind; }
    public void setKind(ImpressionKind kind) { this.kind = kind; }
    public long getTs() { return ts; }
    public void setTs(long ts) { this.ts = ts; }
    public String getPlacement() { return placement; }
    public void setPlacement(String placement) { this.placement = placement; }
    public String getCountry() { return country; }
    public void setCountry(String country) { this.country = country; }
    public String getDevice() { return device; }
    public void setDevice(String device) { this.device = device; }
    public String getIpHash() { return ipHash; }
    public void setIpHash(String ipHash) { this.ipHash = ipHash; }
    public String getUaHash() { return uaHash; }
    public void setUaHash(String uaHash) { this.uaHash = uaHash; }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Impression)) return false;
        Impression i = (Impression) o;
        return v == i.v && ts == i.ts && kind == i.kind && Objects.equals(impressionId, i.impressionId)
                && Objects.equals(adId, i.adId) && Objects.equals(placement, i.placement)
                && Objects.equals(country, i.country) && Objects.equals(device, i.device)
                && Objects.equals(ipHash, i.ipHash) && Objects.equals(uaHash, i.uaHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(impressionId, adId, kind, ts);
    }

    @Override
    public String toString() {
        return "Impression{" + impressionId + ", ad=" + adId + ", " + (kind == null ? null : kind.json()) + ", ts=" + ts + '}';
    }
}
