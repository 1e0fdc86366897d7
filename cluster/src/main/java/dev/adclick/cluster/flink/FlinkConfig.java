package dev.adclick.cluster.flink;

import dev.adclick.aggregator.metrics.PrometheusReporter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code config.yaml} of the loopback Flink cluster and the JVM options matching its memory
 * settings (Flink's scripts derive those; here they are fixed and small: two cores, a dozen JVMs).
 */
final class FlinkConfig {
    /** Heap = jobmanager.memory.heap.size; direct = off-heap size. */
    static final List<String> JM_JVM_OPTS = List.of("-Xmx320m", "-Xms320m", "-XX:MaxDirectMemorySize=64m", "-XX:MaxMetaspaceSize=192m");
    /** Heap = framework + task heap; direct = framework + task off-heap + network; as below. */
    static final List<String> TM_JVM_OPTS = List.of("-Xmx320m", "-Xms320m", "-XX:MaxDirectMemorySize=128m", "-XX:MaxMetaspaceSize=192m");

    private FlinkConfig() {}

    /** @param fileSystems settings of the file system plugins (the S3 endpoint and keys) */
    static String yaml(Path baseDir, int rpcPort, int restPort, int slots, String checkpointDir, java.util.Map<String, String> fileSystems) {
        List<String> lines = new ArrayList<>(settings(baseDir, rpcPort, restPort, slots, checkpointDir));
        fileSystems.forEach((k, v) -> lines.add(k + ": " + v));
        // every process serves its metrics in Prometheus format; each gets its own port (FlinkNodes, -D)
        PrometheusReporter.settings().forEach((k, v) -> lines.add(k + ": " + v));
        lines.add("");
        return String.join("\n", lines);
    }

    private static List<String> settings(Path baseDir, int rpcPort, int restPort, int slots, String checkpointDir) {
        Path d = baseDir.toAbsolutePath();
        return List.of(
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.host: 127.0.0.1",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                // the aggregator's job jar bundles its connectors and is larger than the 100 MB default
                "rest.server.max-content-length: 536870912",
                "rest.client.max-content-length: 536870912",
                "web.upload.dir: " + d.resolve("web-upload"),
                "web.tmpdir: " + d.resolve("web-tmp"),
                "io.tmp.dirs: " + d.resolve("tmp"),
                "blob.storage.directory: " + d.resolve("blobs"),
                "taskmanager.numberOfTaskSlots: " + slots,
                "parallelism.default: 2",
                // spread a job's slots over the TaskManagers, so losing one really hits the job
                "taskmanager.load-balance.mode: SLOTS",
                "jobmanager.memory.heap.size: 320m",
                "jobmanager.memory.off-heap.size: 64m",
                "jobmanager.memory.jvm-metaspace.size: 192m",
                "jobmanager.memory.jvm-overhead.min: 64m",
                "jobmanager.memory.jvm-overhead.max: 128m",
                // TaskManagerRunner started without Flink's scripts needs every resource set explicitly
                "taskmanager.cpu.cores: 2",
                "taskmanager.memory.framework.heap.size: 64m",
                "taskmanager.memory.task.heap.size: 256m",
                "taskmanager.memory.managed.size: 64m",
                "taskmanager.memory.framework.off-heap.size: 64m",
                "taskmanager.memory.task.off-heap.size: 0m",
                "taskmanager.memory.network.min: 64m",
                "taskmanager.memory.network.max: 64m",
                "taskmanager.memory.jvm-metaspace.size: 192m",
                "taskmanager.memory.jvm-overhead.min: 96m",
                "taskmanager.memory.jvm-overhead.max: 96m",
                // a killed TaskManager is noticed within seconds (its peers' connections also drop at once)
                "heartbeat.interval: 2000",
                "heartbeat.timeout: 10000",
                "restart-strategy.type: fixed-delay",
                "restart-strategy.fixed-delay.attempts: 100",
                "restart-strategy.fixed-delay.delay: 2 s",
                "state.backend.type: hashmap",
                "execution.checkpointing.dir: " + checkpointDir,
                "execution.checkpointing.savepoint-dir: " + checkpointDir.replaceAll("/+$", "") + "-savepoints");
    }
}
