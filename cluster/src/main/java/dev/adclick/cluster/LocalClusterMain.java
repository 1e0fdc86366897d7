package dev.adclick.cluster;

import dev.adclick.core.catalog.ApiKeys;
import dev.adclick.core.kafka.KafkaSettings;
import dev.adclick.ingest.IngestSettings;
import dev.adclick.store.StoreSettings;
import dev.adclick.cluster.process.NodeProcess;
import dev.adclick.cluster.s3.S3Node;
import dev.adclick.core.reconcile.Period;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code deploy/local-cluster/start.sh}: starts the loopback cluster, writes {@code cluster.env}
 * (endpoints, keys) and {@code pids} into the cluster directory, prints how to use it, and exits
 * leaving the processes running; {@code stop.sh} stops them from the pid file.
 *
 * <p>Usage: {@code LocalClusterMain REPO_DIR CLUSTER_DIR}
 */
public final class LocalClusterMain {
    private LocalClusterMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: LocalClusterMain REPO_DIR CLUSTER_DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[1]).toAbsolutePath().normalize();
        if (Files.exists(dir.resolve("pids"))) {
            System.err.println("a cluster may be running from " + dir + " (pids file present): run stop.sh first");
            System.exit(1);
        }
        LocalCluster cluster = LocalCluster.start(ClusterSpec.defaults(Path.of(args[0]), dir), System.out::println);
        // every hour closing from now on is reconciled on the Spark cluster (the scheduler checks once a minute)
        cluster.reconcile().startScheduler(Period.containing(Instant.now(), false).label(), Duration.ofMinutes(1));
        List<String> pids = new ArrayList<>();
        for (NodeProcess p : cluster.processes()) pids.add(p.pid() + " " + p.name());
        Files.write(dir.resolve("pids"), pids);
        List<String> env = List.of(
                KafkaSettings.BOOTSTRAP.envVar() + "=" + cluster.kafka().bootstrapServers(),
                IngestSettings.REDIS_URI.envVar() + "=" + cluster.redis().uri(),
                StoreSettings.STORE.envVar() + "='" + cluster.storeLocation() + "'",
                ApiKeys.ADMIN_KEY.envVar() + "=" + cluster.secrets().adminKey(),
                IngestSettings.TOKEN_SECRETS.envVar() + "=" + cluster.secrets().tokenSecret(),
                IngestSettings.IP_SALT.envVar() + "=" + cluster.secrets().ipSalt(),
                "INGEST_URLS=" + String.join(",", cluster.ingest().stream().map(s -> s.url()).toList()),
                "QUERY_URL=" + cluster.query().url(),
                "FLINK_REST=" + cluster.flink().restUrl(),
                "FLINK_JOB_ID=" + cluster.jobId(),
                "FLINK_JAR_ID=" + cluster.jarId(),
                "FLINK_METRICS_URLS=" + String.join(",", cluster.flink().metricsUrls().values()),
                "S3_ENDPOINT=" + cluster.s3().endpoint(),
                "AWS_ACCESS_KEY_ID=" + cluster.s3().accessKey(),
                "AWS_SECRET_ACCESS_KEY=" + cluster.s3().secretKey(),
                "ARCHIVE_S3A=" + cluster.archiveUri("s3a"),
                "SPARK_MASTER=" + cluster.spark().masterUrl(),
                "SPARK_MASTER_UI=" + cluster.spark().masterUiUrl(),
                "RECONCILE_REPORTS=" + cluster.reconcile().reportsDir());
        Files.write(dir.resolve("cluster.env"), env);
        // the job's arguments, for resubmitting it (e.g. from a savepoint, docs/deploy.md §3)
        Files.writeString(dir.resolve("job-args.json"), new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(cluster.jobArgs()));
        System.out.println();
        System.out.println("adclick cluster is up (" + pids.size() + " processes, logs under " + dir + "):");
        System.out.println("  click services  " + String.join("  ", cluster.ingest().stream().map(s -> s.url()).toList()));
        System.out.println("  query API       " + cluster.query().url() + "/  (admin key " + cluster.secrets().adminKey() + ")");
        System.out.println("  Flink web UI    " + cluster.flink().restUrl() + "/  job " + cluster.jobId());
        cluster.flink().metricsUrls().forEach((process, url) -> System.out.println("  Flink metrics   " + url + "  (" + process + ")"));
        System.out.println("  Kafka           " + cluster.kafka().bootstrapServers());
        System.out.println("  S3 (S3Proxy)    " + cluster.s3().endpoint() + "  archive " + cluster.archiveUri("s3") + ", checkpoints s3://"
                + S3Node.CHECKPOINT_BUCKET + "/  (keys in cluster.env)");
        System.out.println("  Spark master    " + cluster.spark().masterUrl() + "  web UI " + cluster.spark().masterUiUrl() + "/");
        System.out.println("  reconcile       each closed hour, by the scheduler (log " + dir.resolve("spark/scheduler/scheduler.log")
                + ", reports " + cluster.reconcile().reportsDir() + ")");
        System.out.println("  ClickHouse      " + cluster.clickhouse().httpUrl(0) + " (Distributed over " + cluster.clickhouse().servers().size() + " shards)");
        System.out.println("  settings        " + dir.resolve("cluster.env"));
        System.out.println("Try: curl -si " + cluster.ingest().get(0).url() + "/ads/ad-001/click | head -3");
        System.out.println("Stop: deploy/local-cluster/stop.sh " + dir);
        // Exit without stopping anything: the processes are the cluster.
        System.exit(0);
    }
}
