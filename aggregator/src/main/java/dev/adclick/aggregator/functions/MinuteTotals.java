package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.CountDelta;
import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.Counts;
import dev.adclick.core.dimension.Dimensions;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counting-stage state of one (ad, minute): the absolute counts of each breakdown row (one per
 * combination of dimension values seen, {@link RowCounts}) and whether they changed since last
 * emitted. The minute's total row is not kept: it is the sum of the breakdown rows, made when the
 * minute is emitted, so the two can never disagree. A mutable Flink POJO (state is read and written
 * per delta) that names no count column.
 *
 * <p>Upgrades keep open minutes. State of a job before breakdown rows holds only the minute's
 * counts, in {@code counts} (a {@code long[]} in {@link CountColumn} order, perhaps shorter: written
 * before a column was added) or, older still, in the named fields {@code clicks}, {@code verified},
 * {@code suspicious} (Flink's POJO schema evolution keeps fields that still exist): those counts
 * were of events without dimensions as far as this job knows, so {@link #migrate()} moves them, once,
 * into the all-{@code unknown} breakdown row.
 */
public class MinuteTotals implements OpenWindowsFunction.Window {
    private RowCounts[] rows = new RowCounts[0];
    private boolean dirty;
    /** The newest event time added, epoch ms (0: unknown, e.g. state written before it was kept); for the sink's freshness figure. */
    private long newestEvent;
    // the state of earlier jobs, only read on restore (new state leaves them null / 0)
    private long[] counts;
    private long clicks;
    private long verified;
    private long suspicious;
    /** Row by dimension values; rebuilt from {@link #rows} after every (de)serialization and copy. */
    private transient Map<Dimensions, RowCounts> index;

    public MinuteTotals() {}

    void add(CountDelta d) {
        d.addTo(row(d.dims()).current());
        newestEvent = Math.max(newestEvent, d.getEventTime());
    }

    /** The breakdown rows' dimension values and counts, in the order first seen. */
    List<RowCounts> rows() {
        migrate();
        return List.of(rows);
    }

    /** The total row: the sum of the breakdown rows. */
    Counts total() {
        long[] sum = new long[CountColumn.ALL.size()];
        for (RowCounts r : rows()) {
            long[] c = r.current();
            for (int i = 0; i < sum.length; i++) sum[i] += c[i];
        }
        return Counts.of(sum);
    }

    private RowCounts row(Dimensions dims) {
        migrate();
        if (index == null) {
            index = new HashMap<>();
            for (RowCounts r : rows) index.put(r.dims(), r);
        }
        RowCounts r = index.get(dims);
        if (r == null) {
            r = new RowCounts(dims);
            rows = Arrays.copyOf(rows, rows.length + 1);
            rows[rows.length - 1] = r;
            index.put(dims, r);
        }
        return r;
    }

    /** Moves the counts of state written before breakdown rows into the all-unknown row (once). */
    private void migrate() {
        if (rows == null) rows = new RowCounts[0];
        if (counts == null && (clicks | verified | suspicious) == 0) return; // new state: nothing to move
        long[] old = new long[CountColumn.ALL.size()];
        if (counts != null) System.arraycopy(counts, 0, old, 0, Math.min(counts.length, old.length));
        old[CountColumn.CLICKS.ordinal()] += clicks;
        old[CountColumn.VERIFIED_CLICKS.ordinal()] += verified;
        old[CountColumn.SUSPICIOUS_CLICKS.ordinal()] += suspicious;
        counts = null;
        clicks = verified = suspicious = 0;
        if (Arrays.stream(old).allMatch(v -> v == 0)) return;
        index = null;
        RowCounts unknown = null;
        for (RowCounts r : rows) if (r.dims().equals(Dimensions.UNKNOWN)) unknown = r;
        if (unknown == null) {
            unknown = new RowCounts(Dimensions.UNKNOWN);
            rows = Arrays.copyOf(rows, rows.length + 1);
            rows[rows.length - 1] = unknown;
        }
        long[] target = unknown.current();
        for (int i = 0; i < target.length; i++) target[i] += old[i];
    }

    public RowCounts[] getRows() { return rows; }
    public void setRows(RowCounts[] rows) { this.rows = rows; index = null; }
    public long getNewestEvent() { return newestEvent; }
    public void setNewestEvent(long newestEvent) { this.newestEvent = newestEvent; }
    @Override public boolean isDirty() { return dirty; }
    @Override public void setDirty(boolean dirty) { this.dirty = dirty; }
    /** The minute's counts as a job before breakdown rows kept them; null in new state. */
    public long[] getCounts() { return counts; }
    public void setCounts(long[] counts) { this.counts = counts; }
    public long getClicks() { return clicks; }
    public void setClicks(long clicks) { this.clicks = clicks; }
    public long getVerified() { return verified; }
    public void setVerified(long verified) { this.verified = verified; }
    public long getSuspicious() { return suspicious; }
    public void setSuspicious(long suspicious) { this.suspicious = suspicious; }
}
