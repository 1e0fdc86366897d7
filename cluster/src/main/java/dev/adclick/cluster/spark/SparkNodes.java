package dev.adclick.cluster.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adclick.cluster.process.JavaCommand;
import dev.adclick.cluster.process.Log4jConfig;
import dev.adclick.cluster.process.NodeProcess;
import dev.adclick.cluster.process.Ports;
import dev.adclick.cluster.process.Waits;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A Spark standalone cluster: one master ({@code org.apache.spark.deploy.master.Master}) and one
 * worker ({@code org.apache.spark.deploy.worker.Worker}), each its own JVM, on loopback. Both run
 * from a Spark home laid out like a distribution ({@link SparkHome}); the worker starts each
 * application's executors from the same home, as {@code spark-class} would.
 */
public final class SparkNodes implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String MASTER_MAIN = "org.apache.spark.deploy.master.Master";
    private static final String WORKER_MAIN = "org.apache.spark.deploy.worker.Worker";
    /** What the worker offers: both cores, and memory for one executor of {@link SparkSubmit#EXECUTOR_MEMORY}. */
    static final int WORKER_CORES = 2;
    static final String WORKER_MEMORY = "768m";

    private final SparkHome home;
    private final int masterPort;
    private final int masterUiPort;
    private final NodeProcess master;
    private NodeProcess worker;

    private SparkNodes(SparkHome home, int masterPort, int masterUiPort, NodeProcess master) {
        this.home = home;
        this.masterPort = masterPort;
        this.masterUiPort = masterUiPort;
        this.master = master;
    }

    /** Starts the master and one worker and waits until the master counts the worker alive. */
    public static SparkNodes start(SparkHome home, Path baseDir, Ports ports) throws IOException, InterruptedException {
        Path dir = baseDir.resolve("spark");
        String log4j = Log4jConfig.write(dir.resolve("conf"), "WARN");
        int port = ports.next();
        int ui = ports.next();
        Path masterDir = dir.resolve("master");
        NodeProcess m = NodeProcess.start("spark-master", command(home, log4j, MASTER_MAIN)
                .args("--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(ui)).build(),
                masterDir, masterDir.resolve("master.log"), home.environment());
        SparkNodes nodes = new SparkNodes(home, port, ui, m);
        try {
            Waits.until("the Spark master's web UI", START_TIMEOUT, m::checkAlive, () -> nodes.masterState() != null);
            Path workerDir = dir.resolve("worker");
            nodes.worker = NodeProcess.start("spark-worker", command(home, log4j, WORKER_MAIN)
                    .args("--host", "127.0.0.1", "--port", String.valueOf(ports.next()), "--webui-port", String.valueOf(ports.next()),
                            "--cores", String.valueOf(WORKER_CORES), "--memory", WORKER_MEMORY, "--work-dir", workerDir.resolve("work").toString(),
                            nodes.masterUrl()).build(),
                    workerDir, workerDir.resolve("worker.log"), home.environment());
            Waits.until("the Spark worker to register", START_TIMEOUT, nodes::checkAlive,
                    () -> nodes.masterState().path("aliveworkers").asInt() == 1);
        } catch (IOException | RuntimeException | InterruptedException e) {
            nodes.close();
            throw e;
        }
        return nodes;
    }

    /** Master and worker: small heaps (the worker's executors get their own JVMs). */
    private static JavaCommand command(SparkHome home, String log4j, String main) {
        return JavaCommand.of(home.classpath(), main).heap("192m").jvm(home.javaOptions()).jvm(log4j);
    }

    private void checkAlive() {
        master.checkAlive();
        if (worker != null) worker.checkAlive();
    }

    /** {@code GET /json/} of the master's web UI: workers, aliveworkers, activeapps, completedapps, … */
    public JsonNode masterState() throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(masterUiUrl() + "/json/"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("Spark master UI answered " + r.statusCode());
        return new ObjectMapper().readTree(r.body());
    }

    /** {@code spark://127.0.0.1:PORT}, what {@code spark-submit --master} takes. */
    public String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    public String masterUiUrl() {
        return "http://127.0.0.1:" + masterUiPort;
    }

    public SparkHome home() {
        return home;
    }

    public List<NodeProcess> processes() {
        return worker == null ? List.of(master) : List.of(worker, master);
    }

    @Override
    public void close() {
        if (worker != null) worker.close();
        master.close();
    }

    @Override
    public String toString() {
        return "spark" + processes();
    }
}
