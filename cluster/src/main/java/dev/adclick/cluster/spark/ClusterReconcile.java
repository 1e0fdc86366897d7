package dev.adclick.cluster.spark;

import dev.adclick.cluster.process.JavaCommand;
import dev.adclick.cluster.process.NodeProcess;
import dev.adclick.core.reconcile.PeriodClosing;
import dev.adclick.core.stream.StreamTiming;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The cluster's offline half: reconciliation submitted to its Spark master, once for an hour
 * ({@link #submit()}) or for every closed hour by the scheduler process ({@link #startScheduler}).
 * The submit's addresses are fixed when the cluster has started, so one {@link SparkSubmit} serves both.
 */
public final class ClusterReconcile implements AutoCloseable {
    private final SparkSubmit submit;
    private final Path dir;
    private final String launcherClasspath;
    private final Consumer<String> say;
    private NodeProcess scheduler;

    /**
     * @param dir the cluster's {@code spark} directory: the reports go to {@code reports/}, the scheduler to {@code scheduler/}
     */
    public ClusterReconcile(SparkNodes spark, Path dir, Path jobJar, String archive, String store, String s3Endpoint, String accessKey,
                            String secretKey, String checkpointInterval, String launcherClasspath, Consumer<String> say) {
        this.dir = dir;
        this.submit = new SparkSubmit(spark.home(), spark.masterUrl(), jobJar, archive, store, s3Endpoint, accessKey, secretKey,
                dir.resolve("reports"), checkpointInterval);
        this.launcherClasspath = launcherClasspath;
        this.say = say;
    }

    /** Reconciliation as a Spark application: the reconcile job jar submitted to the cluster's master, archive over s3a, corrections into ClickHouse. */
    public SparkSubmit submit() {
        return submit;
    }

    /** Where the reconcile driver writes its JSON reports ({@code <hour>-<time>.json}, {@code latest.json}). */
    public Path reportsDir() {
        return submit.reportsDir();
    }

    /**
     * Starts the reconcile scheduler ({@link ReconcileScheduler}) as a process of the cluster: every
     * closed hour from {@code fromHour} on is submitted to the Spark master once it is closed
     * (by the job's rule: end + lateness + the job's checkpoint interval + margin).
     */
    public NodeProcess startScheduler(String fromHour, Duration every) throws IOException {
        if (scheduler != null) throw new IllegalStateException("the reconcile scheduler is already running");
        Path schedulerDir = dir.resolve("scheduler");
        Path settings = schedulerDir.resolve("schedule.json");
        PeriodClosing closing = new PeriodClosing(StreamTiming.ALLOWED_LATENESS.defaultParsed(),
                StreamTiming.CHECKPOINT_INTERVAL.parse(submit.checkpointInterval(), "cluster spec"), PeriodClosing.SAFETY_MARGIN.defaultParsed());
        ReconcileScheduler.writeSettings(settings, fromHour, every, closing, submit);
        scheduler = NodeProcess.start("reconcile-scheduler", JavaCommand.of(launcherClasspath, ReconcileScheduler.class.getName())
                .heap("64m").args(settings.toString()).build(), schedulerDir, schedulerDir.resolve("scheduler.log"), Map.of());
        say.accept("reconcile scheduler: every closed hour from " + fromHour + " on, submitted to " + submit.masterUrl()
                + " (log " + schedulerDir.resolve("scheduler.log") + ")");
        return scheduler;
    }

    /** The scheduler's process, when started: for the pid file of {@code start.sh}. */
    public NodeProcess scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        if (scheduler != null) scheduler.close();
    }

    @Override
    public String toString() {
        return "reconcile scheduler";
    }
}
