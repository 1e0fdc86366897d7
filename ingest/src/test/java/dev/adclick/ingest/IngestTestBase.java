package dev.adclick.ingest;

import dev.adclick.ingest.token.ClickTokens;
import dev.adclick.core.catalog.Ad;
import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.core.catalog.Advertiser;
import dev.adclick.core.click.Click;
import dev.adclick.core.click.ClickJson;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionJson;
import dev.adclick.embedded.EmbeddedKafka;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Fixtures shared by the ingest integration tests: catalogue, options, HTTP and Kafka helpers. */
public abstract class IngestTestBase {
    public static final List<String> SECRETS = List.of("newest-secret", "older-secret");
    public static final String SALT = "test-salt";
    public static final URI LANDING_1 = URI.create("https://acme.example/landing/1?utm_source=adclick");
    public static final URI LANDING_2 = URI.create("https://acme.example/landing/2");
    public static final URI LANDING_3 = URI.create("https://globex.example/trips");
    private static final AtomicInteger TOPICS = new AtomicInteger();

    protected final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** ad-1, ad-2 on "home"; ad-3 on "sidebar"; ad-paused (paused) on "home" and "footer". */
    public static AdCatalog catalog() {
        return new AdCatalog(List.of(
                new Ad("ad-1", "acme", "Tents", LANDING_1, List.of("home"), true),
                new Ad("ad-2", "acme", "Shoes", LANDING_2, List.of("home"), true),
                new Ad("ad-3", "globex", "Trips", LANDING_3, List.of("sidebar"), true),
                new Ad("ad-paused", "globex", "Old", URI.create("https://globex.example/old"), List.of("home", "footer"), false)),
                List.of(new Advertiser("acme", "Acme", List.of()), new Advertiser("globex", "Globex", List.of())));
    }

    public static IngestOptions.Builder options(String bootstrap, String topic, Path spoolDir) {
        return IngestOptions.builder()
                .host("127.0.0.1").port(0).eventLoops(2)
                .kafkaBootstrapServers(bootstrap).topic(topic).impressionsTopic(impressionsTopic(topic))
                .tokenSecrets(SECRETS)
                .ipHashSalt(SALT)
                .spoolDir(spoolDir)
                .spoolFsync(SpoolFsync.INTERVAL)
                .shutdownTimeout(Duration.ofSeconds(5));
    }

    protected static String newTopicName() {
        return "clicks-" + TOPICS.incrementAndGet();
    }

    /** The impressions topic of the test whose clicks topic is {@code clicksTopic} ({@link #options} sets it). */
    public static String impressionsTopic(String clicksTopic) {
        return clicksTopic + "-impressions";
    }

    /** Creates the clicks topic and its impressions topic, 3 partitions each. */
    protected static void createTopics(EmbeddedKafka kafka, String clicksTopic) throws IOException {
        kafka.createTopic(clicksTopic, 3);
        kafka.createTopic(impressionsTopic(clicksTopic), 3);
    }

    // ------------------------------------------------------------------ HTTP

    /** Clicks {@code n} new impressions (ads ad-1 and ad-3 in turn), each answered 302; returns their impression ids. */
    protected List<String> clickNewImpressions(ClickTokens tokens, int port, int n) {
        List<String> imps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String imp = ClickTokens.newImpressionId();
            assertThat(get(port, "/c/" + tokens.mint(i % 2 == 0 ? "ad-1" : "ad-3", imp, System.currentTimeMillis())).statusCode()).isEqualTo(302);
            imps.add(imp);
        }
        return imps;
    }

    /**
     * Serves {@code n} ads (placements home and sidebar in turn) and loads the beacon of the first
     * {@code rendered} of them, each answered 200; returns the serve answers in order.
     */
    protected List<JsonObject> serveAndRender(int port, int n, int rendered) {
        List<JsonObject> served = new ArrayList<>();
        for (int i = 0; i < n; i++) served.add(serve(port, i % 2 == 0 ? "home" : "sidebar"));
        for (JsonObject ad : served.subList(0, rendered)) loadBeacon(port, ad);
        return served;
    }

    /** Loads the beacon of a served ad, as a browser rendering it does; asserts the 200. */
    protected void loadBeacon(int port, JsonObject served) {
        HttpResponse<String> r = get(port, served.getString("impression_url"), "User-Agent", "Mozilla/5.0 beacon-test");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    protected HttpResponse<String> get(int port, String pathAndQuery, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET();
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + pathAndQuery + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends a raw HTTP/1.1 GET (any headers, including Host) and returns the response head:
     * status line and headers, lower-cased names.
     */
    protected static java.util.Map<String, String> rawGet(int port, String path, String... headers) {
        StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
        boolean host = false;
        for (int i = 0; i < headers.length; i += 2) {
            req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            host |= headers[i].equalsIgnoreCase("Host");
        }
        if (!host) req.append("Host: 127.0.0.1\r\n");
        req.append("Connection: close\r\n\r\n");
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            String head = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1).split("\r\n\r\n", 2)[0];
            java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
            String[] lines = head.split("\r\n");
            out.put(":status", lines[0].split(" ")[1]);
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                out.merge(lines[i].substring(0, c).trim().toLowerCase(java.util.Locale.ROOT), lines[i].substring(c + 1).trim(), (a, b) -> a + "\n" + b);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("raw GET " + path + " failed", e);
        }
    }

    /** Serves an ad for the placement and returns the response JSON. */
    protected JsonObject serve(int port, String placement) {
        HttpResponse<String> r = get(port, "/ads/serve?placement=" + placement);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    protected JsonObject health(int port) {
        return new JsonObject(get(port, "/healthz").body());
    }

    /** A metric's value from /metrics, e.g. {@code metric(port, "adclick_clicks_total{outcome=\"accepted\"}")}; 0 if absent. */
    protected double metric(int port, String nameWithLabels) {
        for (String line : get(port, "/metrics").body().split("\n")) {
            if (line.startsWith(nameWithLabels + " ")) return Double.parseDouble(line.substring(nameWithLabels.length() + 1).trim());
        }
        return 0;
    }

    protected static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    // ------------------------------------------------------------------ Kafka

    /** A click as read from the topic, with its key. */
    public record Published(String key, Click click, int partition, long offset) {}

    /** An impression event as read from its topic, with its key. */
    public record PublishedImpression(String key, Impression impression) {}

    /** The clicks on the topic: as {@link #readRecords}, each parsed as a click. */
    public static List<Published> readTopic(String bootstrap, String topic, int expected, Duration timeout) {
        List<Published> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readRecords(bootstrap, topic, expected, timeout)) {
            try {
                out.add(new Published(new String(r.key(), StandardCharsets.UTF_8), ClickJson.parse(r.value()), r.partition(), r.offset()));
            } catch (Exception e) {
                throw new AssertionError("not a valid click on the topic: " + new String(r.value(), StandardCharsets.UTF_8), e);
            }
        }
        return out;
    }

    /** The impression events on the topic: as {@link #readRecords}, each parsed as an impression. */
    public static List<PublishedImpression> readImpressions(String bootstrap, String topic, int expected, Duration timeout) {
        List<PublishedImpression> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readRecords(bootstrap, topic, expected, timeout)) {
            try {
                out.add(new PublishedImpression(new String(r.key(), StandardCharsets.UTF_8), ImpressionJson.parse(r.value())));
            } catch (Exception e) {
                throw new AssertionError("not a valid impression on the topic: " + new String(r.value(), StandardCharsets.UTF_8), e);
            }
        }
        return out;
    }

    /**
     * Reads the topic from the beginning until at least {@code expected} records arrived (or the
     * timeout passed), then a little longer to catch any extra record.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readRecords(String bootstrap, String topic, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo pi : c.partitionsFor(topic, Duration.ofSeconds(30))) parts.add(new TopicPartition(topic, pi.partition()));
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + timeout.toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) out.add(r);
                if (out.size() >= expected && quietUntil == Long.MAX_VALUE) quietUntil = System.nanoTime() + Duration.ofMillis(700).toNanos();
            }
        }
        return out;
    }
}
