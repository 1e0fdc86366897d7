import dev.adclick.aggregator.AggregatorOptions;
import dev.adclick.aggregator.LocalAggregator;
import dev.adclick.core.click.Click;
import dev.adclick.core.click.ClickJson;
import dev.adclick.core.fraud.FraudRules;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.store.ClickStore;
import dev.adclick.store.StoreLocations;
import dev.adclick.store.PipelineStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

/**
 * Aggregator benchmark (not a test): preloads N clicks into an embedded Kafka, measures a plain
 * consumer (read + parse) as the baseline, then the job (MiniCluster: parse, dedupe, fraud,
 * per-minute counts, DuckDB sink, Parquet archive) on the same backlog, then end-to-end freshness
 * (click ts -> visible in the store) at a fixed input rate.
 */
public class AggregatorBenchmark {
    static final String TOPIC = "clicks";
    static final int PARTITIONS = 4;

    public static void main(String[] args) throws Exception {
        long n = Long.parseLong(System.getProperty("clicks", "5000000"));
        int rate = Integer.parseInt(System.getProperty("rate", "20000"));
        int freshSeconds = Integer.parseInt(System.getProperty("freshSeconds", "30"));
        int parallelism = Integer.parseInt(System.getProperty("parallelism", "2"));
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("workDir", "/tmp")), "adclick-agg-bench-");
        Files.createDirectories(dir);
        try (EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("kafka"), 0).start()) {
            kafka.createTopic(TOPIC, PARTITIONS);
            long base = System.currentTimeMillis() - Duration.ofHours(3).toMillis();
            base -= base % 60_000;

            long t0 = System.nanoTime();
            long lastTs = preload(kafka, n, base);
            double produceSec = (System.nanoTime() - t0) / 1e9;
            out("preloaded %,d clicks in %.1f s (%,.0f/s), %d partitions", n, produceSec, n / produceSec, PARTITIONS);

            t0 = System.nanoTime();
            long parsed = baseline(kafka, n);
            double baseSec = (System.nanoTime() - t0) / 1e9;
            out("baseline: plain KafkaConsumer read + ClickJson.parse: %,d in %.1f s = %,.0f clicks/s", parsed, baseSec, parsed / baseSec);

            AggregatorOptions opts = AggregatorOptions.builder()
                    .bootstrapServers(kafka.bootstrapServers()).topic(TOPIC).groupId("bench")
                    .storeLocation("duckdb:" + dir.resolve("adclick.duckdb"))
                    .archiveUri(dir.resolve("archive").toUri().toString())
                    .checkpointDir(dir.resolve("checkpoints").toUri().toString())
                    .checkpointInterval(Duration.ofSeconds(10)).outOfOrderness(Duration.ofSeconds(5))
                    .allowedLateness(Duration.ofMinutes(1)).earlyFiring(Duration.ofSeconds(1))
                    .dedupeTtl(Duration.ofMinutes(10)).fraudRules(FraudRules.defaults())
                    .idleTimeout(Duration.ofSeconds(5)).parallelism(parallelism).stateBackend("hashmap")
                    .build();
            try (ClickStore store = StoreLocations.open("duckdb:" + dir.resolve("adclick.duckdb"))) {
                t0 = System.nanoTime();
                LocalAggregator agg = LocalAggregator.start(opts);
                try {
                    long target = lastTs - 5_000 - 1;
                    long started = 0;
                    while (true) {
                        PipelineStatus s = store.status(60_000).orElse(null);
                        if (started == 0 && s != null && s.watermark() > 0) started = System.nanoTime();
                        if (s != null && s.watermark() >= target) break;
                        Thread.sleep(50);
                    }
                    double jobSec = (System.nanoTime() - t0) / 1e9;
                    double steadySec = (System.nanoTime() - started) / 1e9;
                    PipelineStatus s = store.status(60_000).orElseThrow();
                    out("job (parallelism %d, hashmap): %,d clicks through dedupe + fraud + counts + sink in %.1f s incl. startup = %,.0f clicks/s; "
                            + "from first output %.1f s = %,.0f clicks/s (duplicates dropped %,d)",
                            parallelism, n, jobSec, n / jobSec, steadySec, n / steadySec, s.duplicates());
                    freshness(kafka, store, rate, freshSeconds);
                } finally {
                    agg.stop();
                }
            }
        } finally {
            deleteQuietly(dir);
        }
    }

    static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("acks", "1");
        p.put("linger.ms", "20");
        p.put("batch.size", String.valueOf(512 * 1024));
        p.put("buffer.memory", String.valueOf(256L * 1024 * 1024));
        p.put("compression.type", "lz4");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** N clicks on 1,000 ads, ~3% duplicates, event time advancing ~100k clicks per minute. */
    static long preload(EmbeddedKafka kafka, long n, long base) {
        Random rnd = new Random(1);
        long ts = base;
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            for (long i = 0; i < n; i++) {
                ts = base + i * 60_000 / 100_000 + rnd.nextInt(1000);
                String ad = "ad-" + rnd.nextInt(1000);
                String id = rnd.nextInt(33) == 0 && i > 100 ? "c-" + (i - 1 - rnd.nextInt(100)) : "c-" + i;
                Click c = new Click(id, ad, "imp-" + id, ts, "ip-" + rnd.nextInt(1_000_000), "ua-1", rnd.nextBoolean());
                producer.send(new ProducerRecord<>(TOPIC, ad.getBytes(StandardCharsets.UTF_8), ClickJson.toBytes(c)));
            }
            producer.flush();
        }
        return ts;
    }

    static long baseline(EmbeddedKafka kafka, long n) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("group.id", "baseline");
        p.put("auto.offset.reset", "earliest");
        p.put("max.poll.records", "5000");
        p.put("fetch.max.bytes", String.valueOf(64 * 1024 * 1024));
        p.put("max.partition.fetch.bytes", String.valueOf(16 * 1024 * 1024));
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            while (count < n) {
                ConsumerRecords<byte[], byte[]> recs = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : recs) {
                    ClickJson.parse(r.value());
                    count++;
                }
            }
        }
        return count;
    }

    /** Background clicks at a fixed rate with ts = now, plus probe clicks (own ad) whose visibility is timed. */
    static void freshness(EmbeddedKafka kafka, ClickStore store, int rate, int seconds) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> pending = new java.util.concurrent.ConcurrentHashMap<>();
        Thread poller = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (Map.Entry<String, Long> e : pending.entrySet()) {
                    try {
                        long sent = e.getValue();
                        if (store.totals(e.getKey(), sent - 120_000, sent + 120_000).clicks() > 0) {
                            latencies.add(System.currentTimeMillis() - sent);
                            pending.remove(e.getKey());
                        }
                    } catch (Exception ignored) {
                        // retried on the next round
                    }
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        });
        poller.setDaemon(true);
        poller.start();
        Random rnd = new Random(2);
        long start = System.nanoTime();
        long sent = 0;
        int probes = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                long due = elapsedMs * rate / 1000;
                while (sent < due) {
                    long now = System.currentTimeMillis();
                    String ad = "ad-" + rnd.nextInt(1000);
                    Click c = new Click("live-" + sent, ad, null, now, "ip-" + rnd.nextInt(1_000_000), "ua", true);
                    producer.send(new ProducerRecord<>(TOPIC, ad.getBytes(StandardCharsets.UTF_8), ClickJson.toBytes(c)));
                    sent++;
                }
                if (elapsedMs / 100 > probes) {
                    long now = System.currentTimeMillis();
                    String ad = "probe-" + probes++;
                    pending.put(ad, now);
                    producer.send(new ProducerRecord<>(TOPIC, ad.getBytes(StandardCharsets.UTF_8),
                            ClickJson.toBytes(new Click("probe-" + probes, ad, null, now, "ip-probe-" + probes, "ua", true))));
                    producer.flush();
                }
                Thread.sleep(1);
            }
        }
        long deadline = System.currentTimeMillis() + 15_000;
        while (!pending.isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(50);
        poller.interrupt();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        out("freshness at %,d clicks/s for %d s: %d probes seen (%d never), click ts -> visible in store: p50 %d ms, p99 %d ms, max %d ms",
                rate, seconds, sorted.size(), pending.size(), pct(sorted, 50), pct(sorted, 99), sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1));
    }

    static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) return -1;
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static void out(String fmt, Object... args) {
        System.out.println("[bench] " + String.format(Locale.ROOT, fmt, args));
    }

    static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // temp data
        }
    }
}
