package dev.adclick.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adclick.cluster.flink.FlinkRest;
import dev.adclick.cluster.kafka.KafkaNodes;
import dev.adclick.cluster.process.NodeProcess;
import dev.adclick.cluster.process.Waits;
import dev.adclick.core.reconcile.PeriodClosing;
import org.junit.jupiter.api.Tag;
import software.amazon.awssdk.services.s3.S3Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster deployment as separate processes on loopback (see {@link LocalCluster}), under
 * load, losing one Flink TaskManager and one Kafka broker mid-stream (SIGKILL): Flink restarts
 * the job from its last checkpoint (on S3) on the surviving TaskManager, Kafka keeps serving with
 * two of three replicas, and afterwards the query API reports exactly the clicks sent, per ad per
 * minute — duplicates and repeated clicks not counted. The offline half: a closed hour gets clicks
 * the stream cannot count right (duplicates after the dedupe TTL, clicks after the allowed
 * lateness); the reconcile scheduler submits that hour to the Spark cluster, which reads the S3
 * archive over s3a and corrects ClickHouse to the exact truth; a second run corrects nothing.
 * Then the job is upgraded the documented way (stop with a savepoint, run the jar from it), the
 * counts stay exact under more load, and the archive objects read back with the S3 API hold every
 * Kafka record exactly once.
 */
@Tag("cluster")
class ClusterFailoverTest {
    private static final Path REPO = Path.of(System.getProperty("adclick.repo.dir", "..")).toAbsolutePath().normalize();
    private static final Duration LOAD_BEFORE_FAULTS = Duration.ofSeconds(25);
    private static final Duration LOAD_AFTER_FAULTS = Duration.ofSeconds(35);
    private static final Duration LOAD_AFTER_UPGRADE = Duration.ofSeconds(15);
    private static final Duration CONVERGE_TIMEOUT = Duration.ofMinutes(3);
    /**
     * The job's dedupe TTL here: the closed hour's duplicates wait it out before the load starts.
     * Well above a restore's length (heartbeat timeout 10 s + restart), so the load's duplicates,
     * sent milliseconds apart, are still caught when a restore or the upgrade replays the second copy.
     */
    private static final Duration DEDUPE_TTL = Duration.ofSeconds(40);
    private static final Duration RECONCILE_TIMEOUT = Duration.ofMinutes(4);

    @Test
    // the whole cluster, a failover, an upgrade and two Spark runs: ≈ 6 min on a quiet 2-core machine, more on a busy one
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void countsStayExactWhenATaskManagerAndABrokerDieMidStreamAndSparkReconcilesAClosedHour() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "adclick-cluster-");
        ClusterSpec spec = ClusterSpec.defaults(REPO, dir).withDedupeTtl(DEDUPE_TTL.toSeconds() + "s");
        try (LocalCluster cluster = LocalCluster.start(spec, ClusterFailoverTest::print);
             S3Client s3 = S3Archive.client(cluster.s3().endpoint(), cluster.s3().accessKey(), cluster.s3().secretKey());
             ClosedHourClicks closed = new ClosedHourClicks(closedHour(), cluster.kafka().bootstrapServers())) {
            FlinkRest flink = cluster.flink().rest();
            String job = cluster.jobId();
            ExpectedCounts expected = new ExpectedCounts();
            List<String> ingestUrls = cluster.ingest().stream().map(s -> s.url()).toList();
            QueryApi api = new QueryApi(cluster.query().url(), cluster.secrets().adminKey());
            String hour = ClosedHour.label(closed.hour);
            ClosedHour.countedTwiceAfterTtl(cluster, api, closed, DEDUPE_TTL);

            ClickLoad first = new ClickLoad(0, ingestUrls, cluster.kafka().bootstrapServers(), expected);
            JsonNode scheduledReport;
            try (ClickLoad load = first) {
                load.start();
                cluster.say("load running: token clicks served and clicked across both click services, classic links, direct Kafka produce");
                ClosedHour.lateClicksArchivedNotCounted(cluster, api, s3, closed, load);
                sleepReporting(cluster, load, LOAD_BEFORE_FAULTS);
                Waits.until("a completed checkpoint", Duration.ofSeconds(60),
                        () -> flink.checkpoints(job).path("counts").path("completed").asInt() > 0);
                cluster.say("checkpoints completed so far: " + flink.checkpoints(job).path("counts").path("completed").asInt());

                NodeProcess taskManager = cluster.flink().taskManagers().get(1);
                KafkaNodes.KafkaNode broker = cluster.kafka().nodes().get(2);
                cluster.say("KILLING " + taskManager + " and " + broker.process() + " (SIGKILL)");
                taskManager.kill();
                broker.process().kill();

                Waits.until("the job to restart on the surviving TaskManager", Duration.ofSeconds(120), load::check, () -> {
                    JsonNode restored = flink.checkpoints(job).path("counts").path("restored");
                    return restored.asInt() > 0 && flink.isFullyRunning(job) && flink.overview().path("taskmanagers").asInt() == 1;
                });
                cluster.say("job " + job + " restored from checkpoint and running on 1 TaskManager; Kafka on 2 of 3 brokers");
                // the scheduler starts now and submits the closed hour at once (it is long closed), under the load
                List<Path> earlier = Reconciliations.reports(cluster.reconcile().reportsDir(), hour);
                NodeProcess scheduler = cluster.reconcile().startScheduler(hour, Duration.ofSeconds(5));
                sleepReporting(cluster, load, LOAD_AFTER_FAULTS);
                load.close();
                load.check();
                cluster.say("load stopped: " + load.summary());
                assertFailoverInMetrics(cluster, taskManager.name());
                scheduledReport = Reconciliations.awaitReport(cluster.reconcile().reportsDir(), hour, earlier, scheduler, RECONCILE_TIMEOUT);
            }
            assertThat(expected.ambiguousCount()).as("HTTP clicks whose minute is not known").isLessThan(5);

            assertExactThroughQueryApi(cluster, api, expected);
            assertThat(flink.checkpoints(job).path("counts").path("restored").asInt()).as("restores from a checkpoint").isPositive();
            ClosedHour.reconciledOnSpark(cluster, api, closed, scheduledReport, dir);

            String upgraded = cluster.restartFromSavepoint();
            ClickLoad second = new ClickLoad(1, ingestUrls, cluster.kafka().bootstrapServers(), expected);
            try (ClickLoad load = second) {
                load.start();
                sleepReporting(cluster, load, LOAD_AFTER_UPGRADE);
                load.close();
                load.check();
            }
            assertExactThroughQueryApi(cluster, api, expected);
            JsonNode restored = flink.checkpoints(upgraded).path("latest").path("restored");
            assertThat(restored.path("is_savepoint").asBoolean()).as("the upgraded job started from the savepoint: " + restored).isTrue();
            assertThat(flink.job(upgraded).path("state").asText()).isEqualTo("RUNNING");
            ClosedHour.assertExact(cluster, api, closed);
            ArchiveChecks.everyRecordOnce(cluster, s3, expected, closed, List.of(first, second), dir.resolve("s3-read"));
        }
        deleteQuietly(dir);
    }

    /** The JobManager's endpoint shows the restart, the surviving TaskManager's the job's own metrics. */
    private static void assertFailoverInMetrics(LocalCluster cluster, String killed) throws Exception {
        Map<String, String> urls = cluster.flink().metricsUrls();
        String jm = FlinkMetrics.scrape(urls.get("flink-jobmanager"));
        assertThat(FlinkMetrics.sum(jm, "flink_jobmanager_job_numRestarts", "job_name=")).as("restarts").isPositive();
        assertThat(FlinkMetrics.sum(jm, "flink_jobmanager_job_runningState", "job_name=")).isEqualTo(1);
        assertThat(FlinkMetrics.sum(jm, "flink_jobmanager_job_numberOfCompletedCheckpoints", "job_name=")).isPositive();
        String survivor = urls.entrySet().stream().filter(e -> e.getKey().startsWith("flink-taskmanager") && !e.getKey().equals(killed))
                .findFirst().orElseThrow().getValue();
        String tm = FlinkMetrics.scrape(survivor);
        assertThat(FlinkMetrics.sum(tm, "flink_taskmanager_job_task_operator_adclick_events_read", "events=\"clicks\"")).as("clicks read").isPositive();
        assertThat(FlinkMetrics.sum(tm, "flink_taskmanager_job_task_operator_adclick_sink_write_latency_ms_count", "")).isPositive();
        cluster.say("Flink metrics: the JobManager counts the restart; with " + killed + " gone, the surviving TaskManager serves the job's own metrics");
    }

    private static void assertExactThroughQueryApi(LocalCluster cluster, QueryApi api, ExpectedCounts expected) throws Exception {
        assertExactThroughQueryApi(cluster, api, expected, "the load");
    }

    /** Polls until the query API's per-minute counts equal {@code expected} exactly (ClickHouse's Distributed inserts land asynchronously). */
    static void assertExactThroughQueryApi(LocalCluster cluster, QueryApi api, ExpectedCounts expected, String what) throws Exception {
        List<String> mismatches = new ArrayList<>();
        long deadline = System.nanoTime() + CONVERGE_TIMEOUT.toNanos();
        do {
            mismatches.clear();
            for (String ad : expected.ads()) {
                mismatches.addAll(expected.mismatches(ad, api.minutes(ad, expected.firstMinute(), expected.lastMinute() + ExpectedCounts.MINUTE)));
            }
            if (mismatches.isEmpty()) break;
            cluster.say("query API not there yet for " + what + ": " + mismatches.size() + " differences, e.g. " + mismatches.get(0));
            Thread.sleep(3000);
        } while (System.nanoTime() < deadline);
        assertThat(mismatches).as("per-ad per-minute counts of " + what + " through the query API").isEmpty();
        cluster.say("EXACT: " + expected.total() + " clicks of " + what + " over " + expected.ads().size() + " ads match per minute through the query API");
    }

    private static void sleepReporting(LocalCluster cluster, ClickLoad load, Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(10_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            load.check();
            cluster.say(load.summary());
        }
    }

    /**
     * The newest closed hour by the job's rule (end + lateness + checkpoint interval + margin) with
     * the reconcile defaults, at least as late as the cluster's (5 s checkpoints), as epoch ms.
     */
    private static long closedHour() {
        return PeriodClosing.from(dev.adclick.core.config.SettingValues.empty(PeriodClosing.SETTINGS))
                .latestClosed(false, Instant.now()).start().toEpochMilli();
    }

    private static void print(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a leftover temp directory under target/ is harmless
        }
    }
}
