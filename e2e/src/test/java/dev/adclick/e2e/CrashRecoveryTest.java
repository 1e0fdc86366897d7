package dev.adclick.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adclick.core.click.Click;
import dev.adclick.core.click.ClickJson;
import dev.adclick.embedded.FreePorts;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./adclick run} killed with SIGKILL mid-stream (no shutdown hook, no final checkpoint),
 * then started again on the same data directory: the counts end up exact, and the raw archive holds
 * every click exactly once.
 */
class CrashRecoveryTest extends StackTestBase {
    private static final String[] ADS = {"ad-001", "ad-009", "ad-ext-crash"};
    private static final String ADMIN = "crash-admin-key-0123456789";

    @TempDir
    Path dataDir;
    private final int ingestPort = FreePorts.pick();
    private final int queryPort = FreePorts.pick();
    private final int kafkaPort = FreePorts.pick();
    private final int redisPort = FreePorts.pick();
    private Process process;

    @AfterEach
    void cleanUp() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void killNineMidStreamThenRestartLosesAndDoublesNothing() throws Exception {
        GroundTruth truth = new GroundTruth();
        long t0 = System.currentTimeMillis();
        process = startStackProcess();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < 30_000; i++) {
                Click c = click("crash-" + i, ADS[i % ADS.length], t0 + (i % 3000), "ip-" + (i % 7000), i % 3 != 0);
                producer.send(new ProducerRecord<>("clicks", c.getAdId(), ClickJson.toBytes(c)));
                truth.add(c);
            }
            producer.flush();
        }
        // kill it mid-stream, but after a checkpoint: the restart then resumes from it, not from scratch
        awaitCondition("a checkpoint completes", Duration.ofSeconds(90), () -> completedCheckpoints(dataDir) > 0);
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        process = startStackProcess();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            long t1 = System.currentTimeMillis();
            for (int i = 0; i < 3_000; i++) {
                Click c = click("after-crash-" + i, ADS[i % ADS.length], t1 + (i % 1000), "ip-" + (i % 7000), true);
                producer.send(new ProducerRecord<>("clicks", c.getAdId(), ClickJson.toBytes(c)));
                truth.add(c);
            }
            producer.flush();
        }
        Map<String, Long> want = truth.snapshot();
        Map<String, Long> got = awaitValue(() -> queried(t0), want, Duration.ofSeconds(150));
        assertThat(got).isEqualTo(want);

        // The raw archive holds every click exactly once, across the crash: files of the attempt that
        // was killed are either committed by the restored checkpoint or discarded, never both.
        long total = truth.total();
        long archived = awaitValue(() -> archivedClicks().total(), total, Duration.ofSeconds(60));
        ArchiveCount archive = archivedClicks();
        assertThat(archived).as("clicks in the committed archive files").isEqualTo(total);
        assertThat(archive.distinctIds()).as("distinct click ids in the archive").isEqualTo(total);
    }

    private record ArchiveCount(long total, long distinctIds) {}

    /**
     * The committed click archive files (hidden in-progress files, rejected messages and too-late
     * copies left out), read with DuckDB's Parquet reader: an independent reader of what the job wrote.
     */
    private ArchiveCount archivedClicks() {
        Path root = dataDir.resolve("archive");
        List<String> files = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> all = Files.walk(root)) {
                all.filter(Files::isRegularFile)
                        .filter(f -> f.getFileName().toString().startsWith("part-"))
                        .filter(f -> root.relativize(f).getName(0).toString().startsWith("dt="))
                        .forEach(f -> files.add("'" + f + "'"));
            } catch (Exception e) {
                return new ArchiveCount(-1, -1); // a file was committed while we looked: look again
            }
        }
        if (files.isEmpty()) return new ArchiveCount(0, 0);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT click_id) FROM read_parquet([" + String.join(",", files) + "])")) {
            rs.next();
            return new ArchiveCount(rs.getLong(1), rs.getLong(2));
        } catch (Exception e) {
            return new ArchiveCount(-1, -1);
        }
    }

    /** Per (ad, minute) clicks through the query API of the child process. */
    private Map<String, Long> queried(long t0) {
        Map<String, Long> out = new TreeMap<>();
        try {
            for (String ad : ADS) {
                String q = "/api/v1/ads/" + ad + "/clicks?granularity=minute&from=" + iso(t0 - 5 * MINUTE) + "&to=" + iso(t0 + 30 * MINUTE);
                HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort + q))
                        .header("Authorization", "Bearer " + ADMIN).timeout(Duration.ofSeconds(5)).build();
                HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) return Map.of("status", (long) r.statusCode());
                for (JsonNode b : JSON.readTree(r.body()).path("buckets")) {
                    out.put(GroundTruth.key(ad, java.time.Instant.parse(b.path("start").asText()).toEpochMilli()), b.path("clicks").asLong());
                }
            }
        } catch (Exception e) {
            return Map.of("error", -1L);
        }
        return out;
    }

    private static String logTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** {@code adclick run} in a child JVM, as the launcher starts it; returns once it says it is up. */
    private Process startStackProcess() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1500m");
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens")) cmd.add(arg);
        }
        cmd.add("-Dadclick.log.file=" + dataDir.resolve("adclick.log"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.adclick.cli.Main");
        cmd.add("run");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("ADCLICK_DATA_DIR", dataDir.toString());
        env.put("ADCLICK_INGEST_PORT", String.valueOf(ingestPort));
        env.put("ADCLICK_QUERY_PORT", String.valueOf(queryPort));
        env.put("ADCLICK_KAFKA_PORT", String.valueOf(kafkaPort));
        env.put("ADCLICK_REDIS_PORT", String.valueOf(redisPort));
        env.put("ADCLICK_FLINK_METRICS_PORT", "0");
        env.put("ADCLICK_ADMIN_KEY", ADMIN);
        env.put("ADCLICK_CHECKPOINT_INTERVAL", "1s");
        env.put("ADCLICK_EARLY_FIRING", "500ms");
        Process p = pb.start();
        CountDownLatch up = new CountDownLatch(1);
        Deque<String> lastLines = new ArrayDeque<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    System.out.println("[child] " + line);
                    synchronized (lastLines) {
                        lastLines.addLast(line);
                        if (lastLines.size() > 40) lastLines.removeFirst();
                    }
                    if (line.startsWith("adclick is up")) up.countDown();
                }
            } catch (Exception ignored) {
                // the child was killed
            }
        }, "child-output");
        pump.setDaemon(true);
        pump.start();
        // Up, or dead: a child that exits (a port taken, a bad setting) fails at once, with its words.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!up.await(200, TimeUnit.MILLISECONDS)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String why = p.isAlive() ? "did not come up in 180 s" : "exited with " + p.exitValue() + " before it was up";
                p.destroyForcibly();
                String tail;
                synchronized (lastLines) {
                    tail = String.join("\n", lastLines);
                }
                throw new AssertionError("adclick run " + why + "; see " + dataDir.resolve("adclick.log")
                        + "; its last output:\n" + tail + "\nlog tail:\n" + logTail(dataDir.resolve("adclick.log")));
            }
        }
        return p;
    }
}
