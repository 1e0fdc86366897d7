package dev.adclick.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adclick.cluster.clickhouse.ClickHouseNodes;
import dev.adclick.cluster.flink.FlinkNodes;
import dev.adclick.cluster.s3.S3Node;
import dev.adclick.cluster.spark.SparkHome;
import dev.adclick.cluster.spark.SparkNodes;
import software.amazon.awssdk.services.s3.S3Client;
import dev.adclick.cluster.kafka.KafkaNodes;
import dev.adclick.cluster.process.Ports;
import dev.adclick.cluster.redis.RedisNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        try (FlinkNodes flink = FlinkNodes.start(2, 2, dir, spec.clusterClasspath(), spec.flinkPlugins(), new Ports(), dir.resolve("cp").toUri().toString(),
                Map.of())) {
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
            // the S3 plugin sits where a distribution keeps it, in each process's plugins/ dir
            for (String process : List.of("jobmanager", "taskmanager-1", "taskmanager-2")) {
                try (var jars = Files.list(dir.resolve(process).resolve("plugins/s3-fs-hadoop"))) {
                    assertThat(jars.map(p -> p.getFileName().toString())).singleElement().asString().startsWith("flink-s3-fs-hadoop-");
                }
            }
        }
    }

    @Test
    void s3HasTheClusterBucketsAndTheSparkMasterCountsItsWorker() throws Exception {
        ClusterSpec spec = ClusterSpec.defaults(REPO, dir);
        Ports ports = new Ports();
        try (S3Node s3 = S3Node.start(spec.s3proxyJar(), dir, ports, "smoke-key", "smoke-secret");
             SparkNodes spark = SparkNodes.start(SparkHome.create(REPO, dir), dir, ports)) {
            try (S3Client client = S3Archive.client(s3.endpoint(), s3.accessKey(), s3.secretKey())) {
                assertThat(client.listBuckets().buckets()).extracting(b -> b.name())
                        .containsExactlyInAnyOrder(S3Node.ARCHIVE_BUCKET, S3Node.CHECKPOINT_BUCKET);
            }
            JsonNode master = spark.masterState();
            assertThat(master.path("aliveworkers").asInt()).isEqualTo(1);
            assertThat(master.path("cores").asInt()).isEqualTo(2);
            assertThat(master.path("url").asText()).isEqualTo(spark.masterUrl());
        }
    }

    @Test
    void clickHouseShardsAndRedisAnswer() throws Exception {
        Ports ports = new Ports();
        try (ClickHouseNodes ch = ClickHouseNodes.start(2, dir, ports); RedisNode redis = RedisNode.start(dir, ports)) {
            assertThat(ch.storeLocation("adclick")).contains("cluster=adclick").contains(ch.httpUrl(1));
            assertThat(redis.uri()).startsWith("redis://127.0.0.1:");
            // the chaos soak's faults (bench/chaos): kill -9 and restart on the same port and data, SIGSTOP and SIGCONT
            long shardPid = ch.servers().get(1).pid();
            ch.servers().get(1).kill();
            assertThat(ch.servers().get(1).isAlive()).isFalse();
            ch.restart(1);
            assertThat(ch.servers().get(1).pid()).isNotEqualTo(shardPid);
            assertThat(ping(ch.httpUrl(1))).isEqualTo("Ok.\n");
            redis.process().kill();
            redis.restart();
            assertThat(redis.process().isAlive()).isTrue();
            ch.servers().get(0).suspend();
            assertThatThrownBy(() -> ping(ch.httpUrl(0))).isInstanceOf(java.net.http.HttpTimeoutException.class);
            ch.servers().get(0).resume();
            assertThat(ping(ch.httpUrl(0))).isEqualTo("Ok.\n");
        }
    }

    private static String ping(String url) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/ping")).timeout(java.time.Duration.ofSeconds(2)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }
}
