package dev.adclick.cluster.spark;

import dev.adclick.cluster.process.Log4jConfig;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Spark home laid out like a distribution ({@code spark-4.2.0-bin-hadoop3}): {@code jars/} and
 * {@code conf/}. Maven Central has no distribution, so {@code jars/} links the jars of the reconcile
 * module's resolved runtime classpath ({@code reconcile/target/classpath.txt}: Spark, Scala, Hadoop
 * client, Log4j, …) minus what its spark-submit job jar carries itself (adclick, DuckDB, hadoop-aws,
 * the AWS SDK) — the split docs/deploy.md describes for a real cluster. Master, worker, the
 * worker's executors ({@code SPARK_HOME/jars/*}) and {@code SparkSubmit} all run from it.
 */
public final class SparkHome {
    /** Spark's scripts would set these; Spark's launcher library needs the Scala version to find {@code jars/}. */
    private static final String SCALA_VERSION = "2.13";
    /** In the job jar (reconcile's shade includes), so not in the distribution. */
    private static final List<String> IN_JOB_JAR = List.of("/dev/adclick/", "/org/duckdb/", "/org/apache/hadoop/hadoop-aws/",
            "/software/amazon/", "/org/reactivestreams/");

    private final Path dir;
    private final List<String> javaOptions;

    private SparkHome(Path dir, List<String> javaOptions) {
        this.dir = dir;
        this.javaOptions = javaOptions;
    }

    /** Lays out {@code baseDir/spark/home} from the built reconcile module of {@code repoDir}. */
    public static SparkHome create(Path repoDir, Path baseDir) throws IOException {
        Path classpathFile = repoDir.resolve("reconcile/target/classpath.txt");
        if (!Files.isRegularFile(classpathFile)) {
            throw new IOException(classpathFile + " is missing; build first: mvn -DskipTests install -pl cluster -am");
        }
        Path dir = baseDir.resolve("spark/home");
        Path jars = Files.createDirectories(dir.resolve("jars"));
        for (String entry : Files.readString(classpathFile).trim().split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            String unix = jar.toString().replace(File.separatorChar, '/');
            if (jar.getFileName().toString().startsWith("adclick-") || IN_JOB_JAR.stream().anyMatch(unix::contains)) continue;
            Path link = jars.resolve(jar.getFileName());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, jar.toAbsolutePath());
        }
        // conf/ is on the executors' classpath: their Log4j configuration (warnings only)
        Log4jConfig.write(dir.resolve("conf"), "WARN");
        // Spark's own --add-opens list for Java 17+, kept in one file by the reconcile module
        List<String> opts = Arrays.asList(Files.readString(repoDir.resolve("reconcile/bin/java-options")).trim().split("\\s+"));
        return new SparkHome(dir, List.copyOf(opts));
    }

    /** {@code SPARK_HOME/conf:SPARK_HOME/jars/*}, what {@code spark-class} puts on the classpath. */
    public String classpath() {
        return dir.resolve("conf") + File.pathSeparator + dir.resolve("jars") + File.separator + "*";
    }

    /** Spark's JVM options for Java 17+ ({@code reconcile/bin/java-options}). */
    public List<String> javaOptions() {
        return javaOptions;
    }

    /** The environment of every Spark process: its home, and loopback for every address it binds or advertises. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPARK_HOME", dir.toString());
        env.put("SPARK_CONF_DIR", dir.resolve("conf").toString());
        env.put("SPARK_SCALA_VERSION", SCALA_VERSION);
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOCAL_HOSTNAME", "127.0.0.1");
        return env;
    }

    public Path dir() {
        return dir;
    }
}
