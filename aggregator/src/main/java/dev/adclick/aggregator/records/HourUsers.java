package dev.adclick.aggregator.records;

import dev.adclick.core.reach.UniqueUsers;

/**
 * Users of one ad's rendered impressions in one UTC hour, as serialized {@link UniqueUsers}: what
 * the reach combiner sends the per-ad reach stage, which unions it into that hour's sketch.
 */
public class HourUsers {
    private String adId;
    private long hour;
    private byte[] sketch;

    public HourUsers() {}

    public HourUsers(String adId, long hour, byte[] sketch) {
        this.adId = adId;
        this.hour = hour;
        this.sketch = sketch;
    }

    public String getAdId() { return adId; }
    public void setAdId(String adId) { this.adId = adId; }
    public long getHour() { return hour; }
    public void setHour(long hour) { this.hour = hour; }
    /** {@link UniqueUsers#toBytes()}. */
    public byte[] getSketch() { return sketch; }
    public void setSketch(byte[] sketch) { this.sketch = sketch; }
}
