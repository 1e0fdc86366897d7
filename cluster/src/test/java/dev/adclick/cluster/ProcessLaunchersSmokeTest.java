package dev.adclick.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adclick.cluster.clickhouse.ClickHouseNodes;
import dev.adclick.cluster.flink.FlinkNodes;
import dev.adclick.cluster.kafka.KafkaNodes;
import dev.adclick.cluster.process.Ports;
import dev.adclick.cluster.redis.RedisNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for the process launchers: each kind of node starts, forms its cluster and stops. */
@Tag("cluster")
class ProcessLaunchersSmokeTest {
    private static final Path REPO = Path.of(System.getProperty("adclick.repo.dir", "..")).toAbsolutePath().normalize();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void threeKafkaNodesFormOneClusterWithAReplicatedTopic() throws Exception {
        ClusterSpec spec = ClusterSpec.defaults(REPO, dir);
        try (KafkaNodes kafka = KafkaNodes.start(3, dir, spec.clusterClasspath(), new Ports(), "384m")) {
            kafka.createTopic("clicks", 4, 3, 2);
            try (Admin admin = kafka.admin()) {
                TopicDescription d = admin.describeTopics(List.of("clicks")).allTopicNames().get(20, TimeUnit.SECONDS).get("clicks");
                assertThat(d.partitions()).hasSize(4).allSatisfy(p -> assertThat(p.isr()).hasSize(3));
            }
        }
    }

    @Test
    void flinkJobManagerRegistersTwoTaskManagersOfTwoSlots() throws Exception {
        ClusterSpec spec = ClusterSpec.defaults(REPO, dir);
        try (FlinkNodes flink = FlinkNodes.start(2, 2, dir, spec.clusterClasspath(), new Ports(), dir.resolve("cp").toUri().toString())) {
            JsonNode overview = flink.rest().overview();
            assertThat(overview.path("taskmanagers").asInt()).isEqualTo(2);
            assertThat(overview.path("slots-total").asInt()).isEqualTo(4);
            // each process serves its metrics in Prometheus format on its own port
            Map<String, String> metrics = flink.metricsUrls();
            assertThat(metrics.keySet()).containsExactly("flink-jobmanager", "flink-taskmanager-1", "flink-taskmanager-2");
            assertThat(Set.copyOf(metrics.values())).hasSize(3);
            assertThat(FlinkMetrics.scrape(metrics.get("flink-jobmanager"))).containsPattern("(?m)^flink_jobmanager_numRegisteredTaskManagers\\{.*} 2\\.0$");
            assertThat(FlinkMetrics.scrape(metrics.get("flink-taskmanager-1"))).contains("flink_taskmanager_Status_JVM_CPU_Load");
            assertThat(FlinkMetrics.scrape(metrics.get("flink-taskmanager-2"))).contains("flink_taskmanager_Status_JVM_CPU_Load");
        }
    }

    @Test
    void clickHouseShardsAndRedisAnswer() throws Exception {
        Ports ports = new Ports();
        try (ClickHouseNodes ch = ClickHouseNodes.start(2, dir, ports); RedisNode redis = RedisNode.start(dir, ports)) {
            assertThat(ch.storeLocation("adclick")).contains("cluster=adclick").contains(ch.httpUrl(1));
            assertThat(redis.uri()).startsWith("redis://127.0.0.1:");
        }
    }
}
