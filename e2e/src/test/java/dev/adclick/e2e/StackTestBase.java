package dev.adclick.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adclick.cli.config.AdclickConfig;
import dev.adclick.cli.stack.EmbeddedStack;
import dev.adclick.core.click.Click;
import dev.adclick.core.click.ClickJson;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fixtures for end-to-end tests: a stack on free ports and a temp data directory, and clients
 * that talk to it the way the outside world does (HTTP for browsers, Kafka for producers).
 */
abstract class StackTestBase {
    static final ObjectMapper JSON = new ObjectMapper();
    // HTTP/1.1: the JDK client's default h2c upgrade against Vert.x hung a request past its timeout once.
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final long MINUTE = 60_000L;

    /** Test settings: free ports, fast checkpoints and early firings, loopback as a trusted proxy. */
    static AdclickConfig testConfig(Path dataDir) {
        Map<String, String> s = new HashMap<>();
        s.put("data.dir", dataDir.toString());
        s.put("ingest.port", "0");
        s.put("query.port", "0");
        s.put("kafka.port", "0");
        s.put("redis.port", "0");
        s.put("flink.metrics.port", "0");
        s.put("checkpoint.interval", "2s");
        s.put("early.firing", "500ms");
        s.put("watermark.out-of-orderness", "2s");
        s.put("trusted.proxies", "127.0.0.1");
        s.put("admin.key", "e2e-admin-key-0123456789");
        s.put("flink.parallelism", "2");
        return AdclickConfig.of(s);
    }

    static EmbeddedStack startStack(Path dataDir) throws Exception {
        return EmbeddedStack.start(testConfig(dataDir), line -> System.out.println("[stack] " + line));
    }

    /**
     * The User-Agent of the tests' simulated people: a real desktop browser's. A made-up one
     * ("e2e-browser") is a robot to the device parser, and bot clicks are suspicious (issue 13).
     */
    static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    /** GET with a simulated user's address and browser headers. */
    static HttpResponse<String> get(String url, String userIp, String userAgent) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("X-Forwarded-For", userIp).header("User-Agent", userAgent)
                .header("Accept-Language", "en-GB").GET().build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode serveAd(EmbeddedStack stack, String placement, String userIp) throws Exception {
        HttpResponse<String> r = get(stack.ingestUrl() + "/ads/serve?placement=" + placement, userIp, BROWSER);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static JsonNode api(EmbeddedStack stack, String pathAndQuery) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(stack.queryUrl() + pathAndQuery)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + stack.adminKey()).GET().build();
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(pathAndQuery + " → " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static String iso(long epochMillis) {
        return URLEncoder.encode(Instant.ofEpochMilli(epochMillis).toString(), StandardCharsets.UTF_8);
    }

    /** Per-minute clicks of one ad over [from, to), as the query API reports them. */
    static Map<Long, Long> minuteCounts(EmbeddedStack stack, String adId, long from, long to) throws Exception {
        JsonNode body = api(stack, "/api/v1/ads/" + adId + "/clicks?granularity=minute&from=" + iso(from) + "&to=" + iso(to));
        Map<Long, Long> out = new TreeMap<>();
        for (JsonNode b : body.path("buckets")) out.put(Instant.parse(b.path("start").asText()).toEpochMilli(), b.path("clicks").asLong());
        return out;
    }

    static KafkaProducer<String, byte[]> producer(EmbeddedStack stack) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    static void produce(KafkaProducer<String, byte[]> producer, Click click) throws Exception {
        producer.send(new ProducerRecord<>("clicks", click.getAdId(), ClickJson.toBytes(click))).get();
    }

    static void produceRaw(KafkaProducer<String, byte[]> producer, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>("clicks", key, value.getBytes(StandardCharsets.UTF_8))).get();
    }

    static Click click(String clickId, String adId, long ts, String ipHash, boolean verified) {
        return new Click(clickId, adId, verified ? "imp-" + clickId : null, ts, ipHash, "ua-e2e", verified);
    }

    /** Waits (up to the timeout) until the supplier returns the expected value; returns the last value. */
    static <T> T awaitValue(Supplier<T> actual, T expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = actual.get();
        while (!expected.equals(last) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            last = actual.get();
        }
        return last;
    }

    /** Waits (up to the timeout) until the condition holds; fails naming what did not happen. */
    static void awaitCondition(String what, Duration timeout, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            Thread.sleep(200);
        }
    }

    /** How many files under {@code root} (recursively) match; 0 if it does not exist yet. */
    static long countFiles(Path root, java.util.function.Predicate<Path> matching) {
        if (!java.nio.file.Files.isDirectory(root)) return 0;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(root)) {
            return files.filter(java.nio.file.Files::isRegularFile).filter(matching).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0; // a checkpoint or part file went away while we looked: look again next time
        }
    }

    /** Completed Flink checkpoints under the data directory: each writes its {@code _metadata} last. */
    static long completedCheckpoints(Path dataDir) {
        return countFiles(dataDir, f -> f.getFileName().toString().equals("_metadata"));
    }

    /** If the current minute is about to end, wait for the next one, so a burst of clicks lands in one minute. */
    static long startOfAFreshMinute(int neededSeconds) throws InterruptedException {
        long now = System.currentTimeMillis();
        long intoMinute = now % MINUTE;
        if (intoMinute > MINUTE - neededSeconds * 1000L) {
            Thread.sleep(MINUTE - intoMinute + 50);
        }
        return System.currentTimeMillis() / MINUTE * MINUTE;
    }
}
