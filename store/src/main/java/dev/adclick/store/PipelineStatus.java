package dev.adclick.store;

/**
 * What the aggregator reports about itself, stored beside the counts so the query API can show
 * freshness and the dropped-click counters in any deployment (embedded or cluster).
 *
 * @param watermark        event-time watermark of the sink, epoch ms (all minutes ending at or
 *                         before it minus the allowed lateness are final)
 * @param updatedAt        wall-clock time of the report, epoch ms
 * @param duplicates       clicks dropped by layer-2 dedupe since the job first started
 * @param invalid          messages on the topic that were not valid clicks
 * @param tooLate          clicks that arrived after their minute closed (archived, not counted online)
 * @param visibleLagMs     event → visible: at the writer's last write of counts, the wall clock
 *                         minus the newest event time that write made queryable, ms;
 *                         {@link #UNKNOWN_LAG} before a writer made any event visible (or for a
 *                         report of a version that did not measure it)
 */
public record PipelineStatus(long watermark, long updatedAt, long duplicates, long invalid, long tooLate, long visibleLagMs) {
    /** {@link #visibleLagMs()} when nothing was made visible yet. */
    public static final long UNKNOWN_LAG = -1;

    /** A status without the event → visible figure (writers and readers that do not measure it). */
    public PipelineStatus(long watermark, long updatedAt, long duplicates, long invalid, long tooLate) {
        this(watermark, updatedAt, duplicates, invalid, tooLate, UNKNOWN_LAG);
    }

    /** Whether {@link #visibleLagMs()} is a measurement. */
    public boolean visibleLagKnown() {
        return visibleLagMs >= 0;
    }

    /**
     * The freshness of several live writers: the worst (largest) known event → visible lag, since
     * a query sees every writer's rows; {@link #UNKNOWN_LAG} if none measured it.
     */
    public static long worstVisibleLag(long a, long b) {
        return Math.max(a < 0 ? UNKNOWN_LAG : a, b < 0 ? UNKNOWN_LAG : b);
    }
}
