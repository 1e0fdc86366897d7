package dev.adclick.cluster;

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
 */
public record ClusterSpec(Path repoDir, Path baseDir, int kafkaBrokers, int topicPartitions, int taskManagers, int slotsPerTaskManager,
                          int jobParallelism, int clickhouseShards, int ingestInstances, String checkpointInterval) {

    public static ClusterSpec defaults(Path repoDir, Path baseDir) {
        return new ClusterSpec(repoDir.toAbsolutePath().normalize(), baseDir.toAbsolutePath().normalize(), 3, 4, 2, 2, 2, 2, 2, "5s");
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
        try (Stream<Path> files = Files.list(repoDir.resolve("aggregator/target"))) {
            return files.filter(f -> f.getFileName().toString().matches("adclick-aggregator-.*-job\\.jar")).findFirst()
                    .orElseThrow(() -> new IOException("no aggregator job jar in " + repoDir.resolve("aggregator/target") + "; " + BUILD));
        }
    }

    private static final String BUILD = "build first: mvn -DskipTests install -pl cluster -am";

    void checkBuilt() throws IOException {
        for (String dir : new String[] {"cluster/target/lib", "cli/target/classes", "cli/target/lib", "aggregator/target"}) {
            if (!Files.isDirectory(repoDir.resolve(dir))) throw new IOException(repoDir.resolve(dir) + " is missing; " + BUILD);
        }
        jobJar();
    }
}
