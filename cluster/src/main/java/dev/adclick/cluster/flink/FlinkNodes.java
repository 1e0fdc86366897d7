package dev.adclick.cluster.flink;

import com.fasterxml.jackson.databind.JsonNode;

import dev.adclick.aggregator.metrics.PrometheusReporter;
import dev.adclick.cluster.process.JavaCommand;
import dev.adclick.cluster.process.Log4jConfig;
import dev.adclick.cluster.process.NodeProcess;
import dev.adclick.cluster.process.Ports;
import dev.adclick.cluster.process.Waits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Flink standalone session cluster: one JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}), each
 * its own JVM reading one shared {@code config.yaml}. Checkpoints go to S3 (the cluster's S3Proxy),
 * which every process loads the way a Flink distribution does: the {@code flink-s3-fs-hadoop} jar in
 * its {@code plugins/s3-fs-hadoop/} directory (plugins get their own class loader, so its shaded
 * Hadoop never meets the job's classes). The cluster restarts failed jobs: with two TaskManagers of two
 * slots each, a job of parallelism 2 survives losing either TaskManager. Every process serves its
 * metrics in Prometheus format on a port of its own ({@link #metricsUrls()}).
 */
public final class FlinkNodes implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String JM_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TM_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    private final Path baseDir;
    private final String classpath;
    private final Path plugins;
    private final Path confDir;
    private final int restPort;
    private final Ports ports;
    private final NodeProcess jobManager;
    private final int jobManagerMetricsPort;
    private final List<NodeProcess> taskManagers = new ArrayList<>();
    private final List<Integer> taskManagerMetricsPorts = new ArrayList<>();

    private FlinkNodes(Path baseDir, String classpath, Path plugins, Path confDir, int restPort, Ports ports, NodeProcess jobManager,
                       int jobManagerMetricsPort) {
        this.baseDir = baseDir;
        this.classpath = classpath;
        this.plugins = plugins;
        this.confDir = confDir;
        this.restPort = restPort;
        this.ports = ports;
        this.jobManager = jobManager;
        this.jobManagerMetricsPort = jobManagerMetricsPort;
    }

    /**
     * Starts the JobManager and {@code taskManagers} TaskManagers and waits until every
     * TaskManager has registered its slots.
     *
     * @param classpath     Flink runtime, clients and runtime-web (for jar upload over REST)
     * @param plugins       a Flink {@code plugins/} directory (one subdirectory per plugin), copied into each process's directory
     * @param checkpointDir shared checkpoint directory ({@code s3://…})
     * @param fileSystems   the plugins' settings for {@code config.yaml} (S3 endpoint and keys)
     */
    public static FlinkNodes start(int taskManagers, int slotsPerTaskManager, Path baseDir, String classpath, Path plugins, Ports ports,
                                   String checkpointDir, Map<String, String> fileSystems) throws IOException, InterruptedException {
        Path conf = baseDir.resolve("conf");
        Files.createDirectories(conf);
        int restPort = ports.next();
        Files.writeString(conf.resolve("config.yaml"), FlinkConfig.yaml(baseDir, ports.next(), restPort, slotsPerTaskManager, checkpointDir, fileSystems));
        Log4jConfig.write(conf, "INFO");
        Path jmDir = baseDir.resolve("jobmanager");
        int jmMetricsPort = ports.next();
        NodeProcess jm = NodeProcess.start("flink-jobmanager", command(classpath, conf, jmDir, JM_MAIN, FlinkConfig.JM_JVM_OPTS, jmMetricsPort),
                jmDir, jmDir.resolve("jobmanager.log"), pluginsEnv(plugins, jmDir));
        FlinkNodes cluster = new FlinkNodes(baseDir, classpath, plugins, conf, restPort, ports, jm, jmMetricsPort);
        try {
            FlinkRest rest = cluster.rest();
            Waits.until("the Flink JobManager's REST API", START_TIMEOUT, jm::checkAlive, () -> rest.overview() != null);
            for (int i = 0; i < taskManagers; i++) cluster.addTaskManager();
            // a TaskManager is counted once registered, its slots only once its slot report has
            // arrived (a moment later): wait for both, or a job submitted now may find no slots
            int slots = taskManagers * slotsPerTaskManager;
            Waits.until(taskManagers + " Flink TaskManagers to register " + slots + " slots", START_TIMEOUT, cluster::checkAlive, () -> {
                JsonNode overview = rest.overview();
                return overview.path("taskmanagers").asInt() == taskManagers && overview.path("slots-total").asInt() == slots;
            });
        } catch (IOException | RuntimeException | InterruptedException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * Copies the plugins into {@code dir/plugins} (a distribution's layout: every Flink process reads
     * its own {@code plugins/}) and names it in {@code FLINK_PLUGINS_DIR}, the variable Flink reads.
     */
    private static Map<String, String> pluginsEnv(Path plugins, Path dir) throws IOException {
        Path target = dir.resolve("plugins");
        try (var walk = Files.walk(plugins)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path to = target.resolve(plugins.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else if (!Files.exists(to)) Files.copy(p, to);
            }
        }
        return Map.of("FLINK_PLUGINS_DIR", target.toString());
    }

    /** The entrypoint's {@code -D key=value} overrides the shared config.yaml for this process only: its metrics port. */
    private static List<String> command(String classpath, Path conf, Path dir, String main, List<String> jvmOpts, int metricsPort) {
        JavaCommand c = JavaCommand.of(classpath, main).jvm(jvmOpts).jvm(JavaCommand.FLINK_JAVA17_OPTS)
                .jvm("-Dlog4j.configurationFile=" + conf.resolve("log4j2.properties").toUri(), "-Dlog.file=" + dir.resolve("flink.log"))
                .args("--configDir", conf.toString());
        PrometheusReporter.port(metricsPort).forEach((k, v) -> c.args("-D", k + "=" + v));
        return c.build();
    }

    /** Starts one more TaskManager (they are numbered from 1 in start order). */
    public synchronized NodeProcess addTaskManager() throws IOException {
        int n = taskManagers.size() + 1;
        Path dir = baseDir.resolve("taskmanager-" + n);
        int metricsPort = ports.next();
        NodeProcess tm = NodeProcess.start("flink-taskmanager-" + n, command(classpath, confDir, dir, TM_MAIN, FlinkConfig.TM_JVM_OPTS, metricsPort),
                dir, dir.resolve("taskmanager.log"), pluginsEnv(plugins, dir));
        taskManagers.add(tm);
        taskManagerMetricsPorts.add(metricsPort);
        return tm;
    }

    /**
     * Starts TaskManager {@code index} (0-based) again after it died (same directory, metrics port and
     * configuration) and waits until all TaskManagers have registered their slots again.
     */
    public void restartTaskManager(int index, int slotsPerTaskManager) throws IOException, InterruptedException {
        NodeProcess tm;
        int count;
        synchronized (this) {
            tm = taskManagers.get(index);
            count = taskManagers.size();
        }
        tm.restart();
        FlinkRest rest = rest();
        Waits.until(count + " Flink TaskManagers to register " + count * slotsPerTaskManager + " slots", START_TIMEOUT, this::checkAlive, () -> {
            JsonNode overview = rest.overview();
            return overview.path("taskmanagers").asInt() == count && overview.path("slots-total").asInt() == count * slotsPerTaskManager;
        });
    }

    private synchronized void checkAlive() {
        jobManager.checkAlive();
        taskManagers.forEach(NodeProcess::checkAlive);
    }

    public FlinkRest rest() {
        return new FlinkRest("http://127.0.0.1:" + restPort);
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    /**
     * Where Prometheus scrapes each process, by name: {@code flink-jobmanager} (checkpoints, restarts,
     * job state), then {@code flink-taskmanager-N} (operators, the job's own metrics), in start order.
     */
    public synchronized Map<String, String> metricsUrls() {
        Map<String, String> urls = new java.util.LinkedHashMap<>();
        urls.put(jobManager.name(), PrometheusReporter.url(jobManagerMetricsPort));
        for (int i = 0; i < taskManagers.size(); i++) urls.put(taskManagers.get(i).name(), PrometheusReporter.url(taskManagerMetricsPorts.get(i)));
        return urls;
    }

    public NodeProcess jobManager() {
        return jobManager;
    }

    public synchronized List<NodeProcess> taskManagers() {
        return List.copyOf(taskManagers);
    }

    @Override
    public synchronized void close() {
        taskManagers.forEach(NodeProcess::close);
        jobManager.close();
    }
}
