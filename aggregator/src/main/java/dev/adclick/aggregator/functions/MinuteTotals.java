package dev.adclick.aggregator.functions;

/** Counting-stage state of one (ad, minute): absolute counts and whether they changed since last emitted. */
public class MinuteTotals {
    private long clicks;
    private long verified;
    private long suspicious;
    private boolean dirty;

    public MinuteTotals() {}

    public long getClicks() { return clicks; }
    public void setClicks(long clicks) { this.clicks = clicks; }
    public long getVerified() { return verified; }
    public void setVerified(long verified) { this.verified = verified; }
    public long getSuspicious() { return suspicious; }
    public void setSuspicious(long suspicious) { this.suspicious = suspicious; }
    public boolean isDirty() { return dirty; }
    public void setDirty(boolean dirty) { this.dirty = dirty; }
}
