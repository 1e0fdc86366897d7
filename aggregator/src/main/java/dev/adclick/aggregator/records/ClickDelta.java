package dev.adclick.aggregator.records;

/**
 * A change to the counts of one ad in one minute, emitted by the fraud stage.
 *
 * <p>Usually {@code +1} click (and {@code +1} verified if it was verified) or {@code +1}
 * suspicious; when a group of clicks turns suspicious it retracts what it had counted:
 * {@code -n} clicks, {@code -v} verified, {@code +n} suspicious.
 */
public class ClickDelta {
    private String adId;
    private long minute;
    private long clicks;
    private long verified;
    private long suspicious;

    public ClickDelta() {}

    public ClickDelta(String adId, long minute, long clicks, long verified, long suspicious) {
        this.adId = adId;
        this.minute = minute;
        this.clicks = clicks;
        this.verified = verified;
        this.suspicious = suspicious;
    }

    public String getAdId() { return adId; }
    public void setAdId(String adId) { this.adId = adId; }
    public long getMinute() { return minute; }
    public void setMinute(long minute) { this.minute = minute; }
    public long getClicks() { return clicks; }
    public void setClicks(long clicks) { this.clicks = clicks; }
    public long getVerified() { return verified; }
    public void setVerified(long verified) { this.verified = verified; }
    public long getSuspicious() { return suspicious; }
    public void setSuspicious(long suspicious) { this.suspicious = suspicious; }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ClickDelta)) return false;
        ClickDelta d = (ClickDelta) o;
        return adId.equals(d.adId) && minute == d.minute && clicks == d.clicks
                && verified == d.verified && suspicious == d.suspicious;
    }

    @Override
    public int hashCode() {
        return adId.hashCode() * 31 + Long.hashCode(minute);
    }

    @Override
    public String toString() {
        return "ClickDelta{" + adId + "@" + minute + " clicks=" + clicks + " verified=" + verified
                + " suspicious=" + suspicious + "}";
    }
}
