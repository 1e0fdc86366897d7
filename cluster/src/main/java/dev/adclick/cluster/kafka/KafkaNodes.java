package dev.adclick.cluster.kafka;

import dev.adclick.cluster.process.JavaCommand;
import dev.adclick.cluster.process.Log4jConfig;
import dev.adclick.cluster.process.NodeProcess;
import dev.adclick.cluster.process.Ports;
import dev.adclick.cluster.process.Waits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Kafka cluster of KRaft nodes, one JVM each ({@code kafka.Kafka}), every node both broker and
 * controller, with a static quorum of all of them as voters. Internal topics are replicated to
 * three nodes with {@code min.insync.replicas=2}, so the cluster keeps accepting {@code acks=all}
 * writes, consumer-group commits included, with one node down.
 */
public final class KafkaNodes implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final List<KafkaNode> nodes;

    /** One node: its id (1..n), client port and process. */
    public record KafkaNode(int id, int port, NodeProcess process) {}

    private KafkaNodes(List<KafkaNode> nodes) {
        this.nodes = nodes;
    }

    /**
     * Formats each node's storage ({@code kafka.tools.StorageTool format}, one JVM per node, in
     * parallel), starts the nodes and waits until all of them are registered brokers.
     *
     * @param classpath classpath holding {@code kafka_2.13} and its dependencies
     */
    public static KafkaNodes start(int count, Path baseDir, String classpath, Ports ports, String heap) throws IOException, InterruptedException {
        int[] clientPorts = new int[count];
        int[] controllerPorts = new int[count];
        for (int i = 0; i < count; i++) {
            clientPorts[i] = ports.next();
            controllerPorts[i] = ports.next();
        }
        String voters = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts[i]).collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        int replication = Math.min(3, count);

        List<Path> configs = new ArrayList<>();
        List<Process> formats = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path dir = baseDir.resolve("kafka-" + (i + 1));
            Files.createDirectories(dir);
            Path props = dir.resolve("server.properties");
            Files.writeString(props, serverProperties(i + 1, clientPorts[i], controllerPorts[i], voters, dir.resolve("data"), replication));
            configs.add(props);
            String log4j = Log4jConfig.write(dir, "WARN");
            formats.add(new ProcessBuilder(JavaCommand.of(classpath, "kafka.tools.StorageTool").heap("128m").jvm(log4j)
                    .args("format", "-t", clusterId, "-c", props.toString()).build())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("format.log").toFile()).start());
        }
        for (int i = 0; i < count; i++) {
            Process f = formats.get(i);
            if (!f.waitFor(60, TimeUnit.SECONDS) || f.exitValue() != 0) {
                f.destroyForcibly();
                throw new IllegalStateException("formatting the storage of kafka-" + (i + 1) + " failed; see " + baseDir.resolve("kafka-" + (i + 1) + "/format.log"));
            }
        }

        List<KafkaNode> nodes = new ArrayList<>();
        KafkaNodes cluster = new KafkaNodes(nodes);
        try {
            for (int i = 0; i < count; i++) {
                Path dir = baseDir.resolve("kafka-" + (i + 1));
                List<String> cmd = JavaCommand.of(classpath, "kafka.Kafka").heap(heap)
                        .jvm("-Dlog4j.configurationFile=" + dir.resolve("log4j2.properties").toUri())
                        .args(configs.get(i).toString()).build();
                nodes.add(new KafkaNode(i + 1, clientPorts[i], NodeProcess.start("kafka-" + (i + 1), cmd, dir, dir.resolve("kafka.log"), Map.of())));
            }
            cluster.awaitBrokers(count);
        } catch (IOException | RuntimeException | InterruptedException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    static String serverProperties(int nodeId, int port, int controllerPort, String voters, Path dataDir, int replication) {
        int minIsr = Math.max(1, replication - 1);
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + nodeId,
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir,
                "num.partitions=4",
                "default.replication.factor=" + replication,
                "min.insync.replicas=" + minIsr,
                "offsets.topic.replication.factor=" + replication,
                "transaction.state.log.replication.factor=" + replication,
                "transaction.state.log.min.isr=" + minIsr,
                "share.coordinator.state.topic.replication.factor=" + replication,
                "share.coordinator.state.topic.min.isr=" + minIsr,
                "auto.create.topics.enable=false",
                "group.initial.rebalance.delay.ms=0",
                "num.network.threads=2",
                "num.io.threads=2",
                "background.threads=2",
                "log.segment.bytes=16777216",
                "");
    }

    private void awaitBrokers(int count) throws InterruptedException {
        Waits.until(count + " Kafka brokers to register", START_TIMEOUT, () -> nodes.forEach(n -> n.process().checkAlive()), () -> {
            try (Admin admin = admin()) {
                return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == count;
            }
        });
    }

    /**
     * Starts node {@code index} (0-based) again after it died, on its data directory, and waits until
     * every node is a registered broker and every partition of {@code topics} has all its replicas in sync
     * (so the next fault meets a whole cluster).
     */
    public void restart(int index, List<String> topics) throws IOException, InterruptedException {
        KafkaNode node = nodes.get(index);
        node.process().restart();
        // the dead node stays registered (and in the ISR) until its session and lag timeouts: wait for its own listener first
        Waits.until(node.process().name() + " to listen on " + node.port(), START_TIMEOUT, node.process()::checkAlive, () -> {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", node.port())) {
                return true;
            }
        });
        awaitBrokers(nodes.size());
        int replication = Math.min(3, nodes.size());
        Waits.until("every replica of " + topics + " back in sync", START_TIMEOUT, () -> nodes.forEach(n -> n.process().checkAlive()), () -> {
            try (Admin admin = admin()) {
                return admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                        .flatMap(d -> d.partitions().stream()).allMatch(p -> p.isr().size() == replication);
            }
        });
    }

    /** Creates a topic unless it exists. */
    public void createTopic(String name, int partitions, int replication, int minInsyncReplicas) throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) replication)
                    .configs(Map.of("min.insync.replicas", String.valueOf(minInsyncReplicas))))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) throw e;
        }
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
    }

    /** {@code 127.0.0.1:p1,127.0.0.1:p2,…} of every node, dead or alive. */
    public String bootstrapServers() {
        return nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    public List<KafkaNode> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public void close() {
        nodes.forEach(n -> n.process().close());
    }
}
