import dev.adclick.aggregator.AggregatorOptions;
import dev.adclick.aggregator.BenchTruth;
import dev.adclick.aggregator.LocalAggregator;
import dev.adclick.core.click.Click;
import dev.adclick.core.click.ClickJson;
import dev.adclick.core.fraud.FraudRules;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionJson;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.store.AdCounts;
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
 * Aggregator benchmark (not a test): preloads N events into an embedded Kafka, {@code mix}
 * impression events per click (default 100, as on an ad server; 0 = clicks only), measures a plain
 * consumer (read + parse of both topics) as the baseline, then the job (MiniCluster: parse, dedupe,
 * fraud, per-minute counts, reach sketches, DuckDB sink, Parquet archives) on the same backlog, then
 * end-to-end freshness (click ts -> visible in the store) at a fixed input rate of the same mix.
 */
public class AggregatorBenchmark {
    static final String TOPIC = "clicks";
    static final String IMPRESSIONS = "impressions";
    static final int PARTITIONS = 4;
    static final int MIX = Integer.parseInt(System.getProperty("mix", "100"));
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
            kafka.createTopic(TOPIC, PARTITIONS);
            kafka.createTopic(IMPRESSIONS, PARTITIONS);
            long base = System.currentTimeMillis() - Duration.ofHours(3).toMillis();
            base -= base % 60_000;

            long t0 = System.nanoTime();
            BenchTruth truth = new BenchTruth();
            long lastTs = preload(kafka, n, base, truth);
            truth.seal();
            double produceSec = (System.nanoTime() - t0) / 1e9;
            out("preloaded %,d events (%d impression events per click) in %.1f s (%,.0f/s), %d partitions per topic",
                    n, MIX, produceSec, n / produceSec, PARTITIONS);

            t0 = System.nanoTime();
            long parsed = baseline(kafka, n);
            double baseSec = (System.nanoTime() - t0) / 1e9;
            double baseRate = parsed / baseSec;
            out("baseline: plain KafkaConsumer read + ClickJson/ImpressionJson.parse: %,d in %.1f s = %,.0f events/s", parsed, baseSec, baseRate);

            AggregatorOptions opts = AggregatorOptions.builder()
                    .bootstrapServers(kafka.bootstrapServers()).topic(TOPIC).impressionsTopic(IMPRESSIONS).groupId("bench")
                    .storeLocation("duckdb:" + dir.resolve("adclick.duckdb"))
                    .archiveUri(dir.resolve("archive").toUri().toString())
                    .checkpointDir(dir.resolve("checkpoints").toUri().toString())
                    .checkpointInterval(Duration.ofSeconds(10)).outOfOrderness(Duration.ofSeconds(5))
                    .allowedLateness(Duration.ofMinutes(1))
                    .dedupeTtl(Duration.ofMinutes(10)).fraudRules(FraudRules.defaults())
                    .idleTimeout(Duration.ofSeconds(5)).parallelism(parallelism).stateBackend("hashmap")
                    .setAll(settings()) // the job's defaults unless run.sh was given SETTINGS
                    .build();
            out("job settings: early.firing %s, sink.flush-interval %s, given %s", opts.earlyFiring(), opts.sinkFlushInterval(), settings());
            try (ClickStore store = StoreLocations.open("duckdb:" + dir.resolve("adclick.duckdb"))) {
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
                    long p99 = freshness(kafka, store, rate, freshSeconds);
                    out("freshness p99 %d ms at %,d events/s, target <= %d ms (quiet machine): target %s",
                            p99, rate, FRESHNESS_TARGET_MS, p99 >= 0 && p99 <= FRESHNESS_TARGET_MS ? "met" : "missed");
                    if (!exact(store, truth)) System.exit(1);
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

    /**
     * N events on 1,000 ads, event time advancing ~100k events per minute: with a mix, every
     * (mix+1)-th event a click, the others impressions (each served, ~80 % then rendered, users from
     * 1M); ~3 % of events redeliver one of the last 100 events (duplicates).
     */
    static long preload(EmbeddedKafka kafka, long n, long base, BenchTruth truth) {
        Random rnd = new Random(1);
        long ts = base;
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            for (long i = 0; i < n; i++) {
                ts = base + i * 60_000 / 100_000 + rnd.nextInt(1000);
                producer.send(event(rnd, i, ts, "", i > 100 && rnd.nextInt(33) == 0, truth));
            }
            producer.flush();
        }
        return ts;
    }

    /** The last 100 events produced, with what the truth was told, for redeliveries. */
    record Sent(ProducerRecord<byte[], byte[]> record, Click click, Impression impression) {}
    static final Sent[] RECENT = new Sent[100];

    /**
     * Event {@code i} of the mix, as a record to produce. A duplicate redelivers one of the last 100
     * events exactly (same key, so same partition, same value), as a producer retry or a replayed
     * beacon does: the job's first arrival of an id is then the truth's too.
     */
    static ProducerRecord<byte[], byte[]> event(Random rnd, long i, long ts, String prefix, boolean duplicate, BenchTruth truth) {
        if (duplicate) {
            Sent earlier = RECENT[(int) ((i - 1 - rnd.nextInt(100)) % RECENT.length)];
            if (truth != null) {
                if (earlier.click() != null) truth.click(earlier.click()); else truth.impression(earlier.impression());
            }
            return earlier.record();
        }
        String ad = "ad-" + rnd.nextInt(1000);
        int user = rnd.nextInt(1_000_000);
        Sent sent;
        if (MIX == 0 || i % (MIX + 1) == 0) {
            Click c = new Click(prefix + "c-" + i, ad, "imp-" + i, ts, "ip-" + user, "ua-1", rnd.nextBoolean());
            sent = new Sent(new ProducerRecord<>(TOPIC, ad.getBytes(StandardCharsets.UTF_8), ClickJson.toBytes(c)), c, null);
        } else {
            // served and rendered alternate roughly: an impression id's rendered event follows its served one
            ImpressionKind kind = rnd.nextInt(9) < 4 ? ImpressionKind.RENDERED : ImpressionKind.SERVED;
            Impression imp = new Impression(prefix + "i-" + (kind == ImpressionKind.RENDERED ? i - 1 : i), ad, kind, ts, "home", "ip-" + user, "ua-1");
            sent = new Sent(new ProducerRecord<>(IMPRESSIONS, ad.getBytes(StandardCharsets.UTF_8), ImpressionJson.toBytes(imp)), null, imp);
        }
        if (truth != null) {
            if (sent.click() != null) truth.click(sent.click()); else truth.impression(sent.impression());
        }
        RECENT[(int) (i % RECENT.length)] = sent;
        return sent.record();
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
            consumer.subscribe(List.of(TOPIC, IMPRESSIONS));
            while (count < n) {
                ConsumerRecords<byte[], byte[]> recs = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : recs) {
                    if (r.topic().equals(TOPIC)) ClickJson.parse(r.value()); else ImpressionJson.parse(r.value());
                    count++;
                }
            }
        }
        return count;
    }

    /** One probe click's path: sent (= its event time), acknowledged by the broker, visible in the store (0: not yet). */
    static final class Probe {
        final long sent;
        volatile long acked;
        volatile long visible;

        Probe(long sent) {
            this.sent = sent;
        }
    }

    /**
     * Background events of the mix at a fixed rate with ts = now, plus probe clicks (own ad) whose visibility is
     * timed. Each probe is its ad's first change, so it waits the whole early-firing interval in the counts stage
     * (the longest any event waits there). The path is split where the benchmark can see it: send -> broker ack
     * (the producer), ack -> visible (the job: fetch, four exchanges, combiner, early firing, sink buffer and
     * upsert), and the poller's own round (half of it, on average, is detection delay); probes in flight while a
     * checkpoint ran (from the checkpoint coordinator's log) are reported apart.
     */
    static long freshness(EmbeddedKafka kafka, ClickStore store, int rate, int seconds) throws Exception {
        Map<String, Probe> probesByAd = new java.util.concurrent.ConcurrentHashMap<>();
        List<Probe> all = Collections.synchronizedList(new ArrayList<>());
        List<Long> rounds = Collections.synchronizedList(new ArrayList<>());
        Thread poller = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long roundStart = System.nanoTime();
                // one query per round for every pending probe (a query per probe made a round ~110 ms at load 14)
                List<String> ads = new ArrayList<>(probesByAd.keySet());
                if (!ads.isEmpty()) {
                    long now = System.currentTimeMillis();
                    try {
                        for (AdCounts c : store.top(now - 600_000, now + 120_000, ads.size(), ads)) {
                            Probe p = c.counts().clicks() > 0 ? probesByAd.remove(c.adId()) : null;
                            if (p != null) p.visible = System.currentTimeMillis();
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
                rounds.add((System.nanoTime() - roundStart) / 1_000_000);
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
                    producer.send(event(rnd, sent, System.currentTimeMillis(), "live-", false, null));
                    sent++;
                }
                if (elapsedMs / 100 > probes) {
                    long now = System.currentTimeMillis();
                    String ad = "probe-" + probes++;
                    Probe probe = new Probe(now);
                    all.add(probe);
                    probesByAd.put(ad, probe);
                    producer.send(new ProducerRecord<>(TOPIC, ad.getBytes(StandardCharsets.UTF_8),
                                    ClickJson.toBytes(new Click("probe-" + probes, ad, null, now, "ip-probe-" + probes, "ua", true))),
                            (md, ex) -> probe.acked = System.currentTimeMillis());
                    producer.flush();
                }
                Thread.sleep(1);
            }
        }
        long deadline = System.currentTimeMillis() + 15_000;
        while (!probesByAd.isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(50);
        poller.interrupt();
        List<Long> total = new ArrayList<>(), producerMs = new ArrayList<>(), jobMs = new ArrayList<>();
        List<Long> duringCheckpoint = new ArrayList<>(), between = new ArrayList<>();
        List<long[]> checkpoints = checkpointSpans();
        synchronized (all) {
            for (Probe p : all) {
                if (p.visible == 0) continue;
                total.add(p.visible - p.sent);
                producerMs.add(p.acked - p.sent);
                jobMs.add(p.visible - p.acked);
                boolean overlaps = checkpoints.stream().anyMatch(c -> c[0] < p.visible && c[1] > p.sent);
                (overlaps ? duringCheckpoint : between).add(p.visible - p.sent);
            }
        }
        for (List<Long> l : List.of(total, producerMs, jobMs, duringCheckpoint, between)) Collections.sort(l);
        List<Long> roundMs;
        synchronized (rounds) {
            roundMs = new ArrayList<>(rounds);
        }
        Collections.sort(roundMs);
        out("freshness at %,d events/s for %d s: %d probes seen (%d never), click ts -> visible in store: p50 %d ms, p99 %d ms, max %d ms",
                rate, seconds, total.size(), probesByAd.size(), pct(total, 50), pct(total, 99), total.isEmpty() ? -1 : total.get(total.size() - 1));
        out("freshness path: send -> broker ack p50 %d / p99 %d ms; ack -> visible (job + poll) p50 %d / p99 %d ms; poll round p50 %d / p99 %d ms",
                pct(producerMs, 50), pct(producerMs, 99), pct(jobMs, 50), pct(jobMs, 99), pct(roundMs, 50), pct(roundMs, 99));
        out("freshness by checkpoint: %d checkpoints in the log; %d probes in flight during one: p50 %d / p99 %d ms; %d others: p50 %d / p99 %d ms",
                checkpoints.size(), duringCheckpoint.size(), pct(duringCheckpoint, 50), pct(duringCheckpoint, 99),
                between.size(), pct(between, 50), pct(between, 99));
        return probesByAd.isEmpty() ? pct(total, 99) : -1;
    }

    /** [triggered, completed] epoch millis of every completed checkpoint in the benchmark's log (log4j2-bench.properties). */
    static List<long[]> checkpointSpans() throws Exception {
        Path log = Path.of("aggregator/target/bench/bench.log");
        List<long[]> spans = new ArrayList<>();
        if (!Files.exists(log)) return spans;
        Map<String, Long> triggered = new java.util.HashMap<>();
        java.util.regex.Pattern trig = java.util.regex.Pattern.compile("Triggering checkpoint (\\d+) .*@ (\\d+)");
        java.util.regex.Pattern done = java.util.regex.Pattern.compile("^(\\d+) .*Completed checkpoint (\\d+) ");
        for (String line : Files.readAllLines(log)) {
            java.util.regex.Matcher m = trig.matcher(line);
            if (m.find()) triggered.put(m.group(1), Long.parseLong(m.group(2)));
            m = done.matcher(line);
            if (m.find() && triggered.containsKey(m.group(2))) spans.add(new long[] {triggered.get(m.group(2)), Long.parseLong(m.group(1))});
        }
        return spans;
    }

    /**
     * Exactness, after the freshness phase moved the watermark hours past the backlog (every backlog
     * minute closed): every (ad, minute) of the backlog in the store equals the generated truth, and
     * so does the duplicates count. Waits for it (the last closing writes are flushed asynchronously).
     */
    static boolean exact(ClickStore store, BenchTruth truth) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        List<String> diff;
        long dups;
        PipelineStatus status;
        do {
            diff = truth.differences(store);
            status = store.status(60_000).orElse(null);
            dups = status == null ? -1 : status.duplicates();
            if (diff.isEmpty() && dups == truth.duplicates()) break;
            Thread.sleep(500);
        } while (System.currentTimeMillis() < deadline);
        boolean ok = diff.isEmpty() && dups == truth.duplicates();
        out("exactness: %s; duplicates dropped %,d, truth %,d; too late (archived, not counted online) %,d: %s",
                truth.size(), dups, truth.duplicates(), status == null ? -1 : status.tooLate(),
                ok ? "store = truth per (ad, minute)" : "FAILED RUN, " + diff.size() + " (ad, minute) keys differ, e.g. " + diff.subList(0, Math.min(5, diff.size())));
        return ok;
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
