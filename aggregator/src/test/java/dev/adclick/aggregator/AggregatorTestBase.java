package dev.adclick.aggregator;

import dev.adclick.core.click.Click;
import dev.adclick.core.click.ClickJson;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.fraud.FraudRules;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionJson;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.store.ClickStore;
import dev.adclick.store.StoreLocations;
import dev.adclick.store.PipelineStatus;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Fixtures for the aggregator tests: clicks at fixed times, Kafka producing, ground truth, waiting. */
abstract class AggregatorTestBase {
    static final long BASE = Instant.parse("2025-01-06T10:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000L;
    static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(2);
    static final Duration ALLOWED_LATENESS = Duration.ofMinutes(1);

    /**
     * A fresh directory under {@code target/tmp} (not the shared /tmp: other processes on a busy
     * machine clean it, and a broker whose log directory vanishes halts the JVM).
     */
    static Path newTestDir(String name) throws IOException {
        Path root = Path.of("target", "tmp").toAbsolutePath();
        Files.createDirectories(root);
        return Files.createTempDirectory(root, name + "-");
    }

    /** A broker of its own under {@code dir}, with both topics the job reads (two partitions each). */
    static EmbeddedKafka kafkaWithBothTopics(Path dir) throws IOException {
        EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("kafka"), 0).start();
        kafka.createTopic("clicks", 2);
        kafka.createTopic("impressions", 2);
        return kafka;
    }

    static long minute(int i) {
        return BASE + i * MINUTE;
    }

    static Click click(String id, String ad, long ts, String ip, boolean verified) {
        return new Click(id, ad, verified ? "imp-" + id : null, ts, ip, ip == null ? null : "ua-" + ip, verified);
    }

    static AggregatorOptions.Builder options(EmbeddedKafka kafka, Path dir) {
        return AggregatorOptions.builder()
                .bootstrapServers(kafka.bootstrapServers()).topic("clicks").impressionsTopic("impressions").groupId("test-aggregate")
                .storeLocation("duckdb:" + dir.resolve("adclick.duckdb"))
                .archiveUri(dir.resolve("archive").toUri().toString())
                .checkpointDir(dir.resolve("checkpoints").toUri().toString())
                .checkpointInterval(Duration.ofSeconds(1)).outOfOrderness(OUT_OF_ORDERNESS)
                .allowedLateness(ALLOWED_LATENESS).earlyFiring(Duration.ofMillis(200))
                .dedupeTtl(Duration.ofMinutes(10)).fraudRules(FraudRules.defaults())
                .idleTimeout(Duration.ofSeconds(3)).parallelism(2).stateBackend("hashmap")
                .sinkFlushInterval(Duration.ofMillis(100)).statusInterval(Duration.ofMillis(200));
    }

    static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static void send(KafkaProducer<byte[], byte[]> producer, int partition, Click c) {
        producer.send(new ProducerRecord<>("clicks", partition, c.getAdId().getBytes(StandardCharsets.UTF_8), ClickJson.toBytes(c)));
    }

    static void send(KafkaProducer<byte[], byte[]> producer, String topic, int partition, Impression i) {
        producer.send(new ProducerRecord<>(topic, partition, i.getAdId().getBytes(StandardCharsets.UTF_8), ImpressionJson.toBytes(i)));
    }

    static void sendRaw(KafkaProducer<byte[], byte[]> producer, String topic, int partition, String value) {
        producer.send(new ProducerRecord<>(topic, partition, "garbage".getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)));
    }

    static void sendRaw(KafkaProducer<byte[], byte[]> producer, int partition, String value) {
        producer.send(new ProducerRecord<>("clicks", partition, "garbage".getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)));
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            Thread.sleep(100);
        }
    }

    static void awaitRows(String what, ClickStore store, long from, long to, Map<String, Counts> expected, Duration timeout)
            throws InterruptedException {
        try {
            await(what, timeout, () -> rows(store, from, to).equals(expected));
        } catch (AssertionError e) {
            Map<String, Counts> actual = rows(store, from, to);
            StringBuilder diff = new StringBuilder(e.getMessage()).append("; differences (key: expected vs actual):");
            Set<String> keys = new java.util.TreeSet<>(expected.keySet());
            keys.addAll(actual.keySet());
            for (String k : keys) {
                if (!java.util.Objects.equals(expected.get(k), actual.get(k))) diff.append("\n  ").append(k).append(": ").append(expected.get(k)).append(" vs ").append(actual.get(k));
            }
            diff.append("\n  status: ").append(status(store));
            throw new AssertionError(diff.toString());
        }
    }

    /**
     * Rows of the store in [from, to) without versions, keyed as {@link CountKey#toString()}: "ad@minute"
     * for a total row ({@link #key}), "ad@minute[placement/country/device]" for a breakdown row.
     */
    static Map<String, Counts> rows(ClickStore store, long from, long to) {
        try {
            Map<String, Counts> out = new TreeMap<>();
            for (MinuteCount m : store.rows(from, to)) out.put(m.key().toString(), m.counts());
            return out;
        } catch (Exception e) {
            return Map.of("error", Counts.ZERO);
        }
    }

    /** Only the total rows of {@link #rows}, keyed "ad@minute". */
    static Map<String, Counts> totalRows(ClickStore store, long from, long to) {
        Map<String, Counts> out = new TreeMap<>(rows(store, from, to));
        out.keySet().removeIf(k -> k.contains("["));
        return out;
    }

    static Optional<PipelineStatus> status(ClickStore store) {
        try {
            return store.status(60_000);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    static ClickStore openStore(Path dir) throws Exception {
        return StoreLocations.open("duckdb:" + dir.resolve("adclick.duckdb"));
    }

    static String key(String ad, long minute) {
        return ad + "@" + Instant.ofEpochMilli(minute);
    }

    /**
     * Ground truth of the online counts: clicks in arrival order; the first arrival of a click id
     * counts (unless marked too late); fraud by the rules' reference, {@link FraudRules#suspiciousClickIds}.
     */
    static final class Truth {
        private final FraudRules rules;
        private final Set<String> seen = new HashSet<>();
        private final List<Click> counted = new ArrayList<>();
        long duplicates;
        long tooLate;

        Truth(FraudRules rules) {
            this.rules = rules;
        }

        /** A click that arrives while its minute is open. */
        void arrive(Click c) {
            if (!seen.add(c.getClickId())) duplicates++; else counted.add(c);
        }

        /** A click that arrives after its minute closed. */
        void arriveTooLate(Click c) {
            if (!seen.add(c.getClickId())) duplicates++; else tooLate++;
        }

        /** Only the total rows of {@link #expected}, keyed "ad@minute". */
        Map<String, Counts> expectedTotals(long from, long to) {
            Map<String, Counts> out = expected(from, to);
            out.keySet().removeIf(k -> k.contains("["));
            return out;
        }

        /** The total and breakdown rows in [from, to), keyed as {@link #rows} keys them. */
        Map<String, Counts> expected(long from, long to) {
            Map<String, Counts> out = new TreeMap<>();
            rules.rowsOf(counted).forEach((k, counts) -> {
                if (k.minute() >= from && k.minute() < to) out.put(k.toString(), counts);
            });
            return out;
        }
    }

    /**
     * Every record of the committed Parquet files under {@code dir}'s children named
     * {@code childPrefix*} (in-progress files are hidden dot-files and not read). Read with DuckDB,
     * an independent Parquet reader that needs no Hadoop.
     */
    static List<Map<String, Object>> readParquet(Path dir, String childPrefix) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.exists(dir)) return out;
        List<Path> files = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(c -> c.getFileName().toString().startsWith(childPrefix)).toList()) {
                try (Stream<Path> s = Files.walk(child)) {
                    s.filter(p -> p.getFileName().toString().endsWith(".parquet") && !p.getFileName().toString().startsWith(".")).forEach(files::add);
                }
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            for (Path f : files) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('" + f + "')")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> row = new HashMap<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) row.put(md.getColumnName(i), rs.getObject(i));
                        out.add(row);
                    }
                }
            }
        }
        return out;
    }
}
