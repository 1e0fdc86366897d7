import dev.adclick.cli.chaos.Fault;
import dev.adclick.embedded.ClickHouseServerCommand;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.embedded.EmbeddedRedis;
import dev.adclick.embedded.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The embedded stack as separate processes the soak owns: {@code adclick run} in a child JVM (click
 * service + Flink job + query API) pointed at a Kafka broker (its own child JVM), a redis-server and
 * a ClickHouse server, so each can be killed, paused and restarted on its own.
 */
final class EmbeddedTargets implements Targets {
    static final String ADMIN = "chaos-admin-key-0123456789abcdef";

    final Path work;
    final Path home;
    final int kafkaPort = FreePorts.pick(), redisPort = FreePorts.pick(), chHttp = FreePorts.pick(), chTcp = FreePorts.pick(),
            chInter = FreePorts.pick(), ingestPort = FreePorts.pick(), queryPort = FreePorts.pick();
    EmbeddedRedis redis;
    Process kafka, clickhouse, stack;

    EmbeddedTargets(Path work, Path home) {
        this.work = work;
        this.home = home;
    }

    /** The broker child ({@code ChaosSoak kafka DIR PORT}): runs until killed. */
    static void runBroker(Path dir, int port) throws Exception {
        EmbeddedKafka kafka = new EmbeddedKafka(dir, port).start();
        System.out.println("kafka up " + kafka.bootstrapServers());
        Thread.currentThread().join();
    }

    @Override
    public void start() throws Exception {
        redis = new EmbeddedRedis(work.resolve("redis"), redisPort).start();
        kafka = startBroker();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic("clicks", 4, (short) 1), new NewTopic("impressions", 4, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        clickhouse = startClickHouse();
        stack = startStack();
    }

    @Override
    public List<String> ingestUrls() {
        return List.of("http://127.0.0.1:" + ingestPort);
    }

    @Override
    public String queryUrl() {
        return "http://127.0.0.1:" + queryPort;
    }

    @Override
    public String adminKey() {
        return ADMIN;
    }

    @Override
    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    @Override
    public List<Fault> kinds() {
        return Fault.SOAK;
    }

    /** Redis and Kafka are killed -9 here, not stopped. */
    @Override
    public void inject(Fault f, long hold) throws Exception {
        switch (f) {
            case REDIS_STOP -> {
                Net.killListener(redisPort);
                Net.pause(hold);
                redis.stop();
                redis = new EmbeddedRedis(work.resolve("redis"), redisPort).start();
            }
            case REDIS_PAUSE -> {
                Net.redisCommand(redisPort, "CLIENT", "PAUSE", String.valueOf(hold));
                Net.pause(hold);
            }
            case KAFKA_STOP -> {
                kafka.destroyForcibly().waitFor();
                Net.pause(hold);
                kafka = startBroker();
            }
            case STACK_KILL -> {
                stack.destroyForcibly().waitFor();
                stack = startStack();
            }
            case STORE_KILL -> {
                clickhouse.destroyForcibly().waitFor();
                Net.pause(hold);
                clickhouse = startClickHouse();
            }
            case STORE_PAUSE -> {
                Net.signal(clickhouse, "STOP");
                Net.pause(hold);
                Net.signal(clickhouse, "CONT");
            }
            default -> throw new IllegalArgumentException(f + " is not a soak fault");
        }
    }

    @Override
    public int reconcile(String hour, Path log) throws Exception {
        return new ProcessBuilder(home.resolve("reconcile/bin/reconcile").toString(), "--hour", hour,
                "--archive", work.resolve("stack/archive").toString(), "--store", "clickhouse:http://127.0.0.1:" + chHttp + "/default")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
    }

    @Override
    public String lossNote() {
        return "(the click service answers first and spools a few ms later, so a kill -9 of the stack can lose the events "
                + "answered in that window: docs/reliability.md)";
    }

    Process startBroker() throws Exception {
        Process p = javaChild(List.of("ChaosSoak", "kafka", work.resolve("kafka").toString(), String.valueOf(kafkaPort)), work.resolve("kafka.log"), Map.of());
        Net.await("Kafka", () -> Net.portOpen(kafkaPort), Duration.ofSeconds(90));
        return p;
    }

    Process startClickHouse() throws Exception {
        Path dir = work.resolve("clickhouse");
        Path config = ClickHouseServerCommand.write(dir, chHttp, chTcp, chInter, "UTC", "", "");
        List<String> cmd = new ArrayList<>(ClickHouseServerCommand.command());
        cmd.add("--config-file=" + config);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
        Net.await("ClickHouse", () -> Net.httpOk("http://127.0.0.1:" + chHttp + "/ping"), Duration.ofSeconds(60));
        return p;
    }

    Process startStack() throws Exception {
        List<String> args = new ArrayList<>(List.of("-Xmx2g", "-Dadclick.home=" + home, "-Dadclick.log.file=" + work.resolve("stack/adclick.log"),
                "dev.adclick.cli.Main", "run"));
        Map<String, String> env = Map.ofEntries(Map.entry("ADCLICK_DATA_DIR", work.resolve("stack").toString()),
                Map.entry("ADCLICK_KAFKA_BOOTSTRAP", kafkaBootstrap()), Map.entry("ADCLICK_REDIS_URI", "redis://127.0.0.1:" + redisPort),
                Map.entry("ADCLICK_STORE", "clickhouse:http://127.0.0.1:" + chHttp + "/default"),
                Map.entry("ADCLICK_INGEST_PORT", String.valueOf(ingestPort)), Map.entry("ADCLICK_QUERY_PORT", String.valueOf(queryPort)),
                Map.entry("ADCLICK_ADMIN_KEY", ADMIN), Map.entry("ADCLICK_TRUSTED_PROXIES", "127.0.0.1"),
                Map.entry("ADCLICK_FLINK_METRICS_PORT", "0"));
        Process p = javaChild(args, work.resolve("stack.out"), env);
        Net.await("the stack", () -> Net.httpOk(queryUrl() + "/api/openapi.json") && Net.httpOk(ingestUrls().get(0) + "/healthz"),
                Duration.ofSeconds(180));
        return p;
    }

    /** A child JVM on the soak's own classpath and --add-opens. */
    Process javaChild(List<String> args, Path out, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens")).toList());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(args);
        Files.createDirectories(work);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        pb.environment().putAll(env);
        return pb.start();
    }

    @Override
    public void close() {
        for (Process p : new Process[] {stack, kafka, clickhouse}) if (p != null) p.destroyForcibly();
        if (redis != null) redis.stop();
    }
}
