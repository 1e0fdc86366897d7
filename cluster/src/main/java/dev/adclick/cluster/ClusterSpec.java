package dev.adclick.cluster;

import dev.adclick.aggregator.AggregatorSettings;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What to start and where the built artifacts are. The defaults are the topology of tracker
 * issue 7: 3 Kafka nodes, 2 TaskManagers × 2 slots, job parallelism 2, 2 ClickHouse shards,
 * 2 click services.
 *
 * @param repoDir            the adclick checkout, built with {@code mvn -DskipTests install -pl cluster -am}
 * @param baseDir            where every process keeps its configuration, data and log
 * @param checkpointInterval the job's {@code --checkpoint.interval}
 * @param dedupeTtl          the job's {@code --stream.dedupe.ttl}
 */
public record ClusterSpec(Path repoDir, Path baseDir, int kafkaBrokers, int topicPartitions, int taskManagers, int slotsPerTaskManager,
                          int jobParallelism, int clickhouseShards, int ingestInstances, String checkpointInterval, String dedupeTtl) {

    public static ClusterSpec defaults(Path repoDir, Path baseDir) {
        return new ClusterSpec(repoDir.toAbsolutePath().normalize(), baseDir.toAbsolutePath().normalize(), 3, 4, 2, 2, 2, 2, 2, "5s",
                AggregatorSettings.DEDUPE_TTL.defaultValue());
    }

    /** The same cluster with the job remembering click ids for {@code ttl} only (a test can then outlast it). */
    public ClusterSpec withDedupeTtl(String ttl) {
        return new ClusterSpec(repoDir, baseDir, kafkaBrokers, topicPartitions, taskManagers, slotsPerTaskManager, jobParallelism,
                clickhouseShards, ingestInstances, checkpointInterval, ttl);
    }

    /** The launcher's own classpath (as in {@code start.sh}), for the processes that run cluster classes: the reconcile scheduler. */
    public String launcherClasspath() {
        Path t = repoDir.resolve("cluster/target");
        return t.resolve("classes") + File.pathSeparator + t.resolve("launcher-lib") + File.separator + "*" + File.pathSeparator
                + t.resolve("lib") + File.separator + "*";
    }

    /** S3Proxy's fat jar (copied by the module's pom). */
    public Path s3proxyJar() {
        return repoDir.resolve("cluster/target/s3proxy/s3proxy.jar");
    }

    /** A Flink {@code plugins/} directory holding {@code s3-fs-hadoop/flink-s3-fs-hadoop-*.jar} (copied by the module's pom). */
    public Path flinkPlugins() {
        return repoDir.resolve("cluster/target/flink-plugins");
    }

    /** The reconcile module's spark-submit jar ({@code adclick-reconcile-VERSION-job.jar}). */
    public Path reconcileJobJar() throws IOException {
        return jar("reconcile/target", "adclick-reconcile-.*-job\\.jar");
    }

    /** {@code cluster/target/lib/*}: Kafka server and Flink runtime (see the module's pom). */
    public String clusterClasspath() {
        return repoDir.resolve("cluster/target/lib") + File.separator + "*";
    }

    /** The classpath of {@code ./adclick}. */
    public String cliClasspath() {
        return repoDir.resolve("cli/target/classes") + File.pathSeparator + repoDir.resolve("cli/target/lib") + File.separator + "*";
    }

    /** The aggregator's shaded job jar ({@code adclick-aggregator-VERSION-job.jar}). */
    public Path jobJar() throws IOException {
        return jar("aggregator/target", "adclick-aggregator-.*-job\\.jar");
    }

    private Path jar(String dir, String pattern) throws IOException {
        if (!Files.isDirectory(repoDir.resolve(dir))) throw new IOException(repoDir.resolve(dir) + " is missing; " + BUILD);
        try (Stream<Path> files = Files.list(repoDir.resolve(dir))) {
            return files.filter(f -> f.getFileName().toString().matches(pattern)).findFirst()
                    .orElseThrow(() -> new IOException("no " + pattern + " in " + repoDir.resolve(dir) + "; " + BUILD));
        }
    }

    private static final String BUILD = "build first: mvn -DskipTests install -pl cluster -am";

    void checkBuilt() throws IOException {
        for (String dir : new String[] {"cluster/target/lib", "cluster/target/flink-plugins", "cli/target/classes", "cli/target/lib"}) {
            if (!Files.isDirectory(repoDir.resolve(dir))) throw new IOException(repoDir.resolve(dir) + " is missing; " + BUILD);
        }
        if (!Files.isRegularFile(s3proxyJar())) throw new IOException(s3proxyJar() + " is missing; " + BUILD);
        jobJar();
        reconcileJobJar();
    }
}
