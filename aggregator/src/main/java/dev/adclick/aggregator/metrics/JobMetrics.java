package dev.adclick.aggregator.metrics;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The job's own metrics, where Flink's built-in ones (records in/out, checkpoints, watermarks,
 * state size, restarts) do not tell: every name is defined here, once. Each lives in the group
 * {@value #GROUP} of its operator, so the Prometheus reporter exports it as
 * {@code flink_taskmanager_job_task_operator_adclick_<name>}, and the per-topic ones in a
 * {@value #EVENTS} key group, which adds {@code _events} to the name and an {@code events} label
 * ({@value #CLICKS} or {@value #IMPRESSIONS}: which stream, whatever the Kafka topics are called).
 * docs/operations.md lists the Prometheus names.
 */
public final class JobMetrics {
    public static final String GROUP = "adclick";
    /** Key of the per-stream group; its value is the label of the same name. */
    public static final String EVENTS = "events";
    public static final String CLICKS = "clicks";
    public static final String IMPRESSIONS = "impressions";

    /** Every message read from the stream's topic, valid or not: the denominator of the shares below. */
    public static final String READ = "read";
    /** Messages that were not valid events: rejected (archived under {@code rejected/}). */
    public static final String INVALID = "invalid";
    /** Events that arrived after their minute closed: archived, not counted online. */
    public static final String TOO_LATE = "too_late";
    /** Layer-2 duplicates: a dedupe id seen again within the TTL. */
    public static final String DUPLICATES = "duplicates";
    /** Count deltas for a minute the per-minute stage had already closed (the other topic woke up late). */
    public static final String LATE_DELTAS_DROPPED = "late_deltas_dropped";
    /** Reach bundles for an hour the reach stage had already closed. */
    public static final String LATE_REACH_DROPPED = "late_reach_dropped";

    /** Time of one store write (an upsert of a batch of rows), retries included, in milliseconds. */
    public static final String SINK_WRITE_LATENCY = "sink_write_latency_ms";
    /** Store writes that failed and were retried (the sink holds its input back meanwhile). */
    public static final String SINK_WRITE_RETRIES = "sink_write_retries";
    /** Store writes given up after {@code sink.store-retry-timeout}: the job fails over. */
    public static final String SINK_WRITE_FAILURES = "sink_write_failures";
    // Rows written and the last write's duration are Flink's own sink metrics: numRecordsSend, currentSendTime.

    /** Recent writes the latency quantiles are computed over. */
    static final int LATENCY_WINDOW = 1024;

    private JobMetrics() {}

    /** A counter of one stream ({@value #CLICKS} or {@value #IMPRESSIONS}) in an operator's metric group. */
    public static Counter eventCounter(MetricGroup operator, String events, String name) {
        return operator.addGroup(GROUP).addGroup(EVENTS, events).counter(name);
    }

    /** A counter of the operator, not per stream. */
    public static Counter counter(MetricGroup operator, String name) {
        return operator.addGroup(GROUP).counter(name);
    }

    /** A histogram of the operator over the last {@link #LATENCY_WINDOW} values (exported as a summary). */
    public static Histogram histogram(MetricGroup operator, String name) {
        return operator.addGroup(GROUP).histogram(name, new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
    }
}
