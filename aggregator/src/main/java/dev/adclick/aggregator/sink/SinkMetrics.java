package dev.adclick.aggregator.sink;

import dev.adclick.aggregator.metrics.JobMetrics;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * The store writer's metrics: Flink's own sink metrics where they fit ({@code numRecordsSend} =
 * rows stored, {@code currentSendTime} = the last write's milliseconds) and the job's
 * ({@link JobMetrics#SINK_WRITE_LATENCY}, {@link JobMetrics#SINK_WRITE_RETRIES},
 * {@link JobMetrics#SINK_WRITE_FAILURES}). Called from the task's mailbox thread only.
 */
final class SinkMetrics {
    private final Counter rowsSent;
    private final Histogram latencyMs;
    private final Counter retries;
    private final Counter failures;
    private volatile long lastWriteMs;

    SinkMetrics(SinkWriterMetricGroup group) {
        rowsSent = group.getNumRecordsSendCounter();
        group.setCurrentSendTimeGauge(() -> lastWriteMs);
        latencyMs = JobMetrics.histogram(group, JobMetrics.SINK_WRITE_LATENCY);
        retries = JobMetrics.counter(group, JobMetrics.SINK_WRITE_RETRIES);
        failures = JobMetrics.counter(group, JobMetrics.SINK_WRITE_FAILURES);
    }

    /** A write of {@code rows} rows stored, {@code startNanos} ({@link System#nanoTime}) when it began, retries included. */
    void written(int rows, long startNanos) {
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        lastWriteMs = ms;
        latencyMs.update(ms);
        rowsSent.inc(rows);
    }

    /** An attempt failed; it is retried. */
    void retried() {
        retries.inc();
    }

    /** The write was given up: the job fails over. */
    void failed() {
        failures.inc();
    }
}
