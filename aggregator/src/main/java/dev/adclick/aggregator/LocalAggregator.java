package dev.adclick.aggregator;

import dev.adclick.aggregator.metrics.PrometheusReporter;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code aggregate} job on a MiniCluster inside this JVM (the embedded stack).
 *
 * <p>{@link #start} resumes from the newest retained checkpoint or savepoint in the checkpoint
 * directory, if any; {@link #stop} takes a savepoint there and stops, so the next start resumes
 * exactly where this one stopped. The Flink runtime must be on the classpath (the job module has
 * it as {@code provided}; the launcher adds it), and so must {@code flink-metrics-prometheus} when
 * the job's metrics are served ({@link #start(AggregatorOptions, int)}).
 */
public final class LocalAggregator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalAggregator.class);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

    private final AggregatorOptions options;
    private final JobClient client;
    private final String restoredFrom;
    private final int metricsPort;
    private boolean stopped;

    private LocalAggregator(AggregatorOptions options, JobClient client, String restoredFrom, int metricsPort) {
        this.options = options;
        this.client = client;
        this.restoredFrom = restoredFrom;
        this.metricsPort = metricsPort;
    }

    /** Starts the job, resuming from the latest retained checkpoint in the checkpoint directory; no metrics endpoint. */
    public static LocalAggregator start(AggregatorOptions options) throws Exception {
        return start(options, new Configuration(), 0);
    }

    /**
     * Starts the job as {@link #start(AggregatorOptions)} does, with the MiniCluster's metrics (the
     * JobManager's, the TaskManager's and the job's) served in Prometheus format on
     * {@code metricsPort} (0: a free port; see {@link #metricsUrl()}).
     *
     * @throws IllegalStateException when the port is taken: Flink would only log that and serve nothing
     */
    public static LocalAggregator start(AggregatorOptions options, int metricsPort) throws Exception {
        int port = metricsPort == 0 ? freePort() : requireFree(metricsPort);
        return start(options, Configuration.fromMap(PrometheusReporter.settings(port)), port);
    }

    private static LocalAggregator start(AggregatorOptions options, Configuration cluster, int metricsPort) throws Exception {
        Configuration conf = AggregateJob.configuration(options);
        conf.addAll(cluster);
        Optional<String> resume = RetainedCheckpoints.latest(options.checkpointDir());
        resume.ifPresent(path -> {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
            RetainedCheckpoints.deleteAllBut(options.checkpointDir(), path);
        });
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        int parallelism = options.parallelism() > 0 ? options.parallelism() : Runtime.getRuntime().availableProcessors();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        AggregateJob.withKafka(options).build(env);
        JobClient client = env.executeAsync(AggregateJob.JOB_NAME);
        LOG.info("Aggregator job {} started{}", client.getJobID(), resume.map(p -> ", resuming from " + p).orElse(" from committed Kafka offsets"));
        return new LocalAggregator(options, client, resume.orElse(null), metricsPort);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback for the Flink metrics", e);
        }
    }

    private static int requireFree(int port) {
        // the reporter binds every interface: check the wildcard address, as it will
        try (ServerSocket s = new ServerSocket(port)) {
            return port;
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " for the Flink job's metrics is in use (" + e.getMessage()
                    + "): choose another one, or 0 for any free port", e);
        }
    }

    /** The port of the Prometheus endpoint, if the job's metrics are served. */
    public OptionalInt metricsPort() {
        return metricsPort > 0 ? OptionalInt.of(metricsPort) : OptionalInt.empty();
    }

    /** Where Prometheus scrapes the MiniCluster's metrics, if they are served. */
    public Optional<String> metricsUrl() {
        return metricsPort > 0 ? Optional.of(PrometheusReporter.url(metricsPort)) : Optional.empty();
    }

    public JobID jobId() {
        return client.getJobID();
    }

    /** The checkpoint or savepoint this run resumed from, if it resumed. */
    public Optional<String> restoredFrom() {
        return Optional.ofNullable(restoredFrom);
    }

    /** Current status of the job (RUNNING, RESTARTING, FINISHED, …). */
    public JobStatus status() throws Exception {
        return client.getJobStatus().get(10, TimeUnit.SECONDS);
    }

    /**
     * Stops gracefully: takes a savepoint in {@code <checkpoint-dir>/savepoints} and stops, so a
     * restart resumes exactly. Falls back to cancelling (the last checkpoint is retained) if the
     * savepoint fails. Idempotent.
     */
    public synchronized void stop() {
        if (stopped) return;
        stopped = true;
        try {
            String savepoint = client.stopWithSavepoint(false, RetainedCheckpoints.savepointDir(options.checkpointDir()),
                    SavepointFormatType.NATIVE).get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Aggregator job {} stopped with savepoint {}", client.getJobID(), savepoint);
            awaitTermination();
        } catch (Exception e) {
            LOG.warn("Stop with savepoint failed ({}); cancelling, the last checkpoint is retained", e.toString());
            cancelQuietly();
        }
    }

    /**
     * Cancels without a savepoint, like a crash of the process: the next start resumes from the
     * last completed checkpoint and replays from its offsets. Idempotent.
     */
    public synchronized void kill() {
        if (stopped) return;
        stopped = true;
        cancelQuietly();
    }

    private void cancelQuietly() {
        try {
            client.cancel().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            awaitTermination();
        } catch (Exception e) {
            LOG.warn("Cancelling aggregator job {} failed: {}", client.getJobID(), e.toString());
        }
    }

    private void awaitTermination() {
        try {
            client.getJobExecutionResult().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // a cancelled job completes its result exceptionally; only waiting matters here
            LOG.debug("Aggregator job {} ended: {}", client.getJobID(), e.toString());
        }
    }

    @Override
    public void close() {
        stop();
    }
}
