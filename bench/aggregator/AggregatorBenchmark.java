import dev.adclick.aggregator.AggregatorOptions;
import dev.adclick.aggregator.BenchTruth;
import dev.adclick.aggregator.LocalAggregator;
import dev.adclick.core.click.ClickJson;
import dev.adclick.core.fraud.FraudRules;
import dev.adclick.core.impression.ImpressionJson;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.store.ClickStore;
import dev.adclick.store.StoreLocations;
import dev.adclick.store.PipelineStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Aggregator benchmark (not a test): preloads N events into an embedded Kafka, {@code mix}
 * impression events per click (default 100, as on an ad server; 0 = clicks only), measures a plain
 * consumer (read + parse of both topics) as the baseline, then the job (MiniCluster: parse, dedupe,
 * fraud, per-minute counts, reach sketches, DuckDB sink, Parquet archives) on the same backlog, then
 * end-to-end freshness (click ts -> visible in the store) at a fixed input rate of the same mix.
 * The events are {@link BenchEvents}, the freshness phase {@link BenchFreshness}, the exactness
 * check {@link BenchState}; run.sh compiles the four files together (more than one source file is
 * beyond Java 17's single-file launcher).
 */
public class AggregatorBenchmark {
    static final int PARTITIONS = 4;
    /** Targets of issue 15 (docs/benchmarks.md, Aggregator): job / plain consumer, and event -> queryable p99. */
    static final double THROUGHPUT_TARGET = 0.4;
    static final long FRESHNESS_TARGET_MS = 1_000;

    public static void main(String[] args) throws Exception {
        long n = Long.parseLong(System.getProperty("events", System.getProperty("clicks", "5000000")));
        int rate = Integer.parseInt(System.getProperty("rate", "20000"));
        int freshSeconds = Integer.parseInt(System.getProperty("freshSeconds", "30"));
        int parallelism = Integer.parseInt(System.getProperty("parallelism", "2"));
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("workDir", "/tmp")), "adclick-agg-bench-");
        Files.createDirectories(dir);
        try (EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("kafka"), 0).start()) {
            kafka.createTopic(BenchEvents.TOPIC, PARTITIONS);
            kafka.createTopic(BenchEvents.IMPRESSIONS, PARTITIONS);
            long base = System.currentTimeMillis() - Duration.ofHours(3).toMillis();
            base -= base % 60_000;

            long t0 = System.nanoTime();
            BenchTruth truth = new BenchTruth();
            long lastTs = BenchEvents.preload(kafka, n, base, truth);
            truth.seal();
            double produceSec = (System.nanoTime() - t0) / 1e9;
            out("preloaded %,d events (%d impression events per click) on %,d ads (%s) in %.1f s (%,.0f/s), %d partitions per topic",
                    n, BenchEvents.MIX, BenchEvents.ADS, BenchEvents.SKEW > 0 ? "Zipf, exponent " + BenchEvents.SKEW : "uniform",
                    produceSec, n / produceSec, PARTITIONS);

            t0 = System.nanoTime();
            long parsed = baseline(kafka, n);
            double baseSec = (System.nanoTime() - t0) / 1e9;
            double baseRate = parsed / baseSec;
            out("baseline: plain KafkaConsumer read + ClickJson/ImpressionJson.parse: %,d in %.1f s = %,.0f events/s", parsed, baseSec, baseRate);

            AggregatorOptions opts = AggregatorOptions.builder()
                    .bootstrapServers(kafka.bootstrapServers()).topic(BenchEvents.TOPIC).impressionsTopic(BenchEvents.IMPRESSIONS).groupId("bench")
                    .storeLocation("duckdb:" + dir.resolve("adclick.duckdb"))
                    .archiveUri(dir.resolve("archive").toUri().toString())
                    .checkpointDir(dir.resolve("checkpoints").toUri().toString())
                    .checkpointInterval(Duration.ofSeconds(10)).outOfOrderness(Duration.ofSeconds(5))
                    .allowedLateness(Duration.ofMinutes(1))
                    .dedupeTtl(Duration.ofMinutes(10)).fraudRules(FraudRules.defaults())
                    // the job's own watermark.idle-timeout (20 s): with 5 s a starved partition was marked idle and its
                    // backlog came too late (a run at load 9 failed exactness; docs/architecture.md, Watermark)
                    .parallelism(parallelism).stateBackend("hashmap")
                    .setAll(settings()) // the job's defaults unless run.sh was given SETTINGS
                    .build();
            out("job settings: early.firing %s, sink.flush-interval %s, given %s", opts.earlyFiring(), opts.sinkFlushInterval(), settings());
            try (ClickStore store = StoreLocations.open("duckdb:" + dir.resolve("adclick.duckdb"))) {
                long heapBefore = BenchState.heapUsedMb();
                t0 = System.nanoTime();
                LocalAggregator agg = LocalAggregator.start(opts);
                profiler("start,event=itimer,interval=5ms,threads");
                try {
                    long target = lastTs - 5_000 - 1;
                    long started = 0;
                    while (true) {
                        PipelineStatus s = store.status(60_000).orElse(null);
                        if (started == 0 && s != null && s.watermark() > 0) started = System.nanoTime();
                        if (s != null && s.watermark() >= target) break;
                        Thread.sleep(200); // each poll is a store query on the job's 2 cores
                    }
                    double jobSec = (System.nanoTime() - t0) / 1e9;
                    double steadySec = (System.nanoTime() - started) / 1e9;
                    profiler("stop,file=" + System.getProperty("profile", ""));
                    PipelineStatus s = store.status(60_000).orElseThrow();
                    out("job (parallelism %d, hashmap): %,d events through dedupe + fraud + counts + reach + sink in %.1f s incl. startup = %,.0f events/s; "
                            + "from first output %.1f s = %,.0f events/s (duplicates dropped %,d)",
                            parallelism, n, jobSec, n / jobSec, steadySec, n / steadySec, s.duplicates());
                    double ratio = n / steadySec / baseRate;
                    out("throughput ratio job (from first output) / baseline = %.2fx, target >= %.1fx: target %s",
                            ratio, THROUGHPUT_TARGET, ratio >= THROUGHPUT_TARGET ? "met" : "missed");
                    BenchState.report(dir, heapBefore);
                    long p99 = BenchFreshness.freshness(kafka, store, rate, freshSeconds);
                    out("freshness p99 %d ms at %,d events/s, target <= %d ms (quiet machine): target %s",
                            p99, rate, FRESHNESS_TARGET_MS, p99 >= 0 && p99 <= FRESHNESS_TARGET_MS ? "met" : "missed");
                    if (!BenchState.exact(store, dir.resolve("adclick.duckdb"), truth)) System.exit(1);
                } finally {
                    agg.stop();
                }
            }
        } finally {
            deleteQuietly(dir);
        }
    }

    /** Job settings from -Dsettings="key=value,key=value" (run.sh's SETTINGS), e.g. early.firing=500ms. */
    static Map<String, String> settings() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String kv : System.getProperty("settings", "").split(",")) {
            if (kv.isBlank()) continue;
            String[] p = kv.trim().split("=", 2);
            m.put(p[0], p[1]);
        }
        return m;
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
            consumer.subscribe(List.of(BenchEvents.TOPIC, BenchEvents.IMPRESSIONS));
            while (count < n) {
                ConsumerRecords<byte[], byte[]> recs = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : recs) {
                    if (r.topic().equals(BenchEvents.TOPIC)) ClickJson.parse(r.value()); else ImpressionJson.parse(r.value());
                    count++;
                }
            }
        }
        return count;
    }

    /** async-profiler during the job's backlog phase, when run.sh was given PROFILE (reflection: the jar is only then on the classpath). */
    static void profiler(String command) throws Exception {
        if (System.getProperty("profile") == null) return;
        Class<?> c = Class.forName("one.profiler.AsyncProfiler");
        Object p = c.getMethod("getInstance", String.class).invoke(null, System.getProperty("profiler.lib"));
        out("profiler %s: %s", command, String.valueOf(c.getMethod("execute", String.class).invoke(p, command)).trim());
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
