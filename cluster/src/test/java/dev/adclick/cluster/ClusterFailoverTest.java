package dev.adclick.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adclick.cluster.flink.FlinkRest;
import dev.adclick.cluster.kafka.KafkaNodes;
import dev.adclick.cluster.process.NodeProcess;
import dev.adclick.cluster.process.Waits;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster deployment as separate processes on loopback (see {@link LocalCluster}), under
 * load, losing one Flink TaskManager and one Kafka broker mid-stream (SIGKILL): Flink restarts
 * the job from its last checkpoint on the surviving TaskManager, Kafka keeps serving with two of
 * three replicas, and afterwards the query API reports exactly the clicks sent, per ad per
 * minute — duplicates and repeated clicks not counted. Then the job is upgraded the documented
 * way (stop with a savepoint, run the jar from it) and the counts stay exact under more load.
 */
@Tag("cluster")
class ClusterFailoverTest {
    private static final Path REPO = Path.of(System.getProperty("adclick.repo.dir", "..")).toAbsolutePath().normalize();
    private static final Duration LOAD_BEFORE_FAULTS = Duration.ofSeconds(25);
    private static final Duration LOAD_AFTER_FAULTS = Duration.ofSeconds(35);
    private static final Duration LOAD_AFTER_UPGRADE = Duration.ofSeconds(15);
    private static final Duration CONVERGE_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void countsStayExactWhenATaskManagerAndABrokerDieMidStream() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "adclick-cluster-");
        try (LocalCluster cluster = LocalCluster.start(ClusterSpec.defaults(REPO, dir), ClusterFailoverTest::print)) {
            FlinkRest flink = cluster.flink().rest();
            String job = cluster.jobId();
            ExpectedCounts expected = new ExpectedCounts();
            List<String> ingestUrls = cluster.ingest().stream().map(s -> s.url()).toList();

            try (ClickLoad load = new ClickLoad(0, ingestUrls, cluster.kafka().bootstrapServers(), expected)) {
                load.start();
                cluster.say("load running: token clicks served and clicked across both click services, classic links, direct Kafka produce");
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
                sleepReporting(cluster, load, LOAD_AFTER_FAULTS);
                load.close();
                load.check();
                cluster.say("load stopped: " + load.summary());
                assertFailoverInMetrics(cluster, taskManager.name());
            }
            assertThat(expected.ambiguousCount()).as("HTTP clicks whose minute is not known").isLessThan(5);

            QueryApi api = new QueryApi(cluster.query().url(), cluster.secrets().adminKey());
            assertExactThroughQueryApi(cluster, api, expected);
            assertThat(flink.checkpoints(job).path("counts").path("restored").asInt()).as("restores from a checkpoint").isPositive();

            String upgraded = cluster.restartFromSavepoint();
            try (ClickLoad load = new ClickLoad(1, ingestUrls, cluster.kafka().bootstrapServers(), expected)) {
                load.start();
                sleepReporting(cluster, load, LOAD_AFTER_UPGRADE);
                load.close();
                load.check();
            }
            assertExactThroughQueryApi(cluster, api, expected);
            JsonNode restored = flink.checkpoints(upgraded).path("latest").path("restored");
            assertThat(restored.path("is_savepoint").asBoolean()).as("the upgraded job started from the savepoint: " + restored).isTrue();
            assertThat(flink.job(upgraded).path("state").asText()).isEqualTo("RUNNING");
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
        List<String> mismatches = new ArrayList<>();
        long deadline = System.nanoTime() + CONVERGE_TIMEOUT.toNanos();
        do {
            mismatches.clear();
            for (String ad : expected.ads()) {
                mismatches.addAll(expected.mismatches(ad, api.minutes(ad, expected.firstMinute(), expected.lastMinute() + ExpectedCounts.MINUTE)));
            }
            if (mismatches.isEmpty()) break;
            cluster.say("query API not there yet: " + mismatches.size() + " differences, e.g. " + mismatches.get(0));
            Thread.sleep(3000);
        } while (System.nanoTime() < deadline);
        assertThat(mismatches).as("per-ad per-minute counts through the query API").isEmpty();
        cluster.say("EXACT: " + expected.total() + " clicks over " + expected.ads().size() + " ads match per minute through the query API");
    }

    private static void sleepReporting(LocalCluster cluster, ClickLoad load, Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(10_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            load.check();
            cluster.say(load.summary());
        }
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
