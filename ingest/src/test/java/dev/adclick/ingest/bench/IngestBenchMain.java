package dev.adclick.ingest.bench;

import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.core.catalog.AdCatalogLoader;
import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.core.catalog.Ad;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.embedded.EmbeddedRedis;
import dev.adclick.ingest.IngestOptions;
import dev.adclick.ingest.IngestServer;
import dev.adclick.ingest.SpoolFsync;
import dev.adclick.ingest.token.ClickTokens;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The benchmark's server side (bench/ingest/run.sh) for the click redirect or the impression
 * beacon ({@code -Dbench.endpoint=click|beacon}): real Kafka and Redis, the ingest server, and a
 * file of valid paths ({@code /c/{token}} or {@code /i/{token}}) for wrk. Runs until its standard
 * input closes, then waits for the spool to drain and prints how many events were accepted and how
 * many reached the topic. Not a test.
 *
 * <p>Arguments: work directory, number of tokens per file, number of measured rounds (default 1).
 * Writes {@code warmup-tokens.txt} and {@code tokens-<round>.txt}, each with impressions of its own,
 * so the warm-up drives the very code path that is measured and no round's first events are
 * another round's duplicates.
 */
public final class IngestBenchMain {
    /** What wrk requests, which meter counts it, and which topic (and id field) it lands in. */
    private enum Endpoint {
        CLICK("/c/", "adclick.clicks", null, "clicks", "\"click_id\":\""),
        BEACON("/i/", "adclick.impressions", "rendered", "impressions", "\"impression_id\":\"");

        final String prefix;
        final String meter;
        final String kind;
        final String topic;
        final String idField;

        Endpoint(String prefix, String meter, String kind, String topic, String idField) {
            this.prefix = prefix;
            this.meter = meter;
            this.kind = kind;
            this.topic = topic;
            this.idField = idField;
        }

        double count(IngestServer server, String outcome) {
            var search = server.meterRegistry().get(meter).tag("outcome", outcome);
            return (kind == null ? search : search.tag("kind", kind)).counter().count();
        }
    }

    private static final Endpoint ENDPOINT = Endpoint.valueOf(System.getProperty("bench.endpoint", "click").toUpperCase(java.util.Locale.ROOT));

    private IngestBenchMain() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int tokenCount = Integer.parseInt(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Files.createDirectories(work);
        try (EmbeddedKafka kafka = new EmbeddedKafka(work.resolve("kafka"), 0).start();
             EmbeddedRedis redis = new EmbeddedRedis(work.resolve("redis"), 0).start()) {
            for (Endpoint e : Endpoint.values()) kafka.createTopic(e.topic, 3);
            AdCatalog catalog = AdCatalogLoader.loadDefault();
            IngestOptions opts = IngestOptions.builder()
                    .host("127.0.0.1").port(0)
                    .kafkaBootstrapServers(kafka.bootstrapServers()).topic(Endpoint.CLICK.topic).impressionsTopic(Endpoint.BEACON.topic)
                    .redisUri(redis.uri())
                    .tokenSecrets(List.of("bench-secret"))
                    .ipHashSalt("bench-salt")
                    .spoolDir(work.resolve("spool"))
                    .spoolFsync(SpoolFsync.valueOf(System.getProperty("bench.fsync", "EVERY_WRITE")))
                    .eventLoops(Integer.getInteger("bench.eventLoops", Runtime.getRuntime().availableProcessors()))
                    .build();
            ClickTokens tokens = new ClickTokens(opts.tokenSecrets(), opts.tokenTtl());
            writeTokens(work.resolve("warmup-tokens.txt"), catalog, tokens, tokenCount);
            for (int r = 1; r <= rounds; r++) writeTokens(work.resolve("tokens-" + r + ".txt"), catalog, tokens, tokenCount);
            try (IngestServer server = IngestServer.start(opts, AdCatalogHolder.fixed(catalog))) {
                Path ready = work.resolve("port");
                Files.writeString(work.resolve("port.tmp"), Integer.toString(server.port()));
                Files.move(work.resolve("port.tmp"), ready, StandardCopyOption.ATOMIC_MOVE);
                System.out.println("READY port=" + server.port());
                InputStream in = System.in;
                while (in.read() >= 0) { /* run until stdin closes */ }

                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (server.health().getJsonObject("spool").getLong("depth") > 0 && System.nanoTime() < deadline) Thread.sleep(100);
                double accepted = ENDPOINT.count(server, "accepted");
                double duplicate = ENDPOINT.count(server, "duplicate");
                double fallbacks = server.meterRegistry().get("adclick.dedupe.fallbacks").counters().stream().mapToDouble(c -> c.count()).sum();
                // Every event that reached the pipeline made one layer-1 check: accepted (first or unchecked) + duplicate.
                double timeouts = server.meterRegistry().get("adclick.dedupe.fallbacks").tag("reason", "timeout").counter().count();
                double checks = accepted + duplicate;
                long depth = server.health().getJsonObject("spool").getLong("depth");
                long[] topic = countTopic(kafka.bootstrapServers());
                System.out.printf(java.util.Locale.ROOT, "RESULT endpoint=%s accepted=%d duplicate=%d dedupe_fallbacks=%d dedupe_missed_deadline=%d dedupe_missed_deadline_pct=%.3f spool_depth=%d topic_records=%d topic_distinct_ids=%d%n",
                        ENDPOINT.name().toLowerCase(java.util.Locale.ROOT),
                        (long) accepted, (long) duplicate, (long) fallbacks, (long) timeouts, checks == 0 ? 0 : 100 * timeouts / checks,
                        depth, topic[0], topic[1]);
            }
        }
    }

    private static void writeTokens(Path file, AdCatalog catalog, ClickTokens tokens, int n) throws Exception {
        List<String> ads = new ArrayList<>();
        for (Ad ad : catalog.ads()) if (ad.active()) ads.add(ad.id());
        ads.sort(String::compareTo);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < n; i++) {
                w.write(ENDPOINT.prefix);
                w.write(tokens.mint(ads.get(i % ads.size()), ClickTokens.newImpressionId(), System.currentTimeMillis(), "home"));
                w.newLine();
            }
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Records in the endpoint's topic and distinct ids (click or impression ids) among them. */
    private static long[] countTopic(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        long records = 0;
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(ENDPOINT.topic, Duration.ofSeconds(30)).forEach(pi -> parts.add(new TopicPartition(ENDPOINT.topic, pi.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (records < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    records++;
                    String v = new String(r.value(), StandardCharsets.UTF_8);
                    int at = v.indexOf(ENDPOINT.idField) + ENDPOINT.idField.length();
                    ids.add(v.substring(at, v.indexOf('"', at)));
                }
            }
        }
        return new long[] {records, ids.size()};
    }
}
