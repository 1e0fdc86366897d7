package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.CountDelta;
import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.Counts;

import java.util.Arrays;

/**
 * Counting-stage state of one (ad, minute): absolute counts and whether they changed since last
 * emitted. A mutable Flink POJO (state is read and written per delta), its counts a
 * {@code long[]} in {@link CountColumn} order so that it names no count column.
 *
 * <p>Upgrades keep open minutes: state written before the counts became an array restores its
 * named fields ({@code clicks}, {@code verified}, {@code suspicious}: Flink's POJO schema evolution
 * keeps fields that still exist), which {@link #current()} moves into the array once; an array
 * written before a column was added is extended with zeros.
 */
public class MinuteTotals implements OpenWindowsFunction.Window {
    private long[] counts = new long[CountColumn.ALL.size()];
    private boolean dirty;
    /** The newest event time added, epoch ms (0: unknown, e.g. state written before it was kept); for the sink's freshness figure. */
    private long newestEvent;
    // the pre-array state's fields, only read on restore
    private long clicks;
    private long verified;
    private long suspicious;

    public MinuteTotals() {}

    void add(CountDelta d) {
        d.addTo(current());
        newestEvent = Math.max(newestEvent, d.getEventTime());
    }

    Counts counts() {
        return Counts.of(current());
    }

    private long[] current() {
        if (counts == null) counts = new long[CountColumn.ALL.size()];
        else if (counts.length < CountColumn.ALL.size()) counts = Arrays.copyOf(counts, CountColumn.ALL.size());
        if ((clicks | verified | suspicious) != 0) {
            // whether the restored array is null or fresh zeros, the old fields hold the counts
            counts[CountColumn.CLICKS.ordinal()] += clicks;
            counts[CountColumn.VERIFIED_CLICKS.ordinal()] += verified;
            counts[CountColumn.SUSPICIOUS_CLICKS.ordinal()] += suspicious;
            clicks = verified = suspicious = 0;
        }
        return counts;
    }

    public long[] getCounts() { return counts; }
    public void setCounts(long[] counts) { this.counts = counts; }
    public long getNewestEvent() { return newestEvent; }
    public void setNewestEvent(long newestEvent) { this.newestEvent = newestEvent; }
    @Override public boolean isDirty() { return dirty; }
    @Override public void setDirty(boolean dirty) { this.dirty = dirty; }
    public long getClicks() { return clicks; }
    public void setClicks(long clicks) { this.clicks = clicks; }
    public long getVerified() { return verified; }
    public void setVerified(long verified) { this.verified = verified; }
    public long getSuspicious() { return suspicious; }
    public void setSuspicious(long suspicious) { this.suspicious = suspicious; }
}
