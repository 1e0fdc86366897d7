package dev.adclick.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator of the cluster test: clicks over HTTP on every click service (signed-token
 * clicks served by one instance and clicked on another, classic links, repeated clicks that must
 * not count), each from its own client address in {@code X-Forwarded-For}, and clicks produced
 * straight into Kafka in the topic format (docs/architecture.md, Contracts, topic `clicks`), some of them twice. Every click that
 * must count goes into {@link ExpectedCounts}.
 */
final class ClickLoad implements AutoCloseable {
    static final List<String> CLASSIC_ADS = List.of("ad-001", "ad-002", "ad-004", "ad-005");
    static final List<String> DIRECT_ADS = List.of("ad-901", "ad-902", "ad-903");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String runId;
    private final List<String> ingestUrls;
    private final String bootstrap;
    private final ExpectedCounts expected;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong clientSeq = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicLong httpClicks = new AtomicLong();
    final AtomicLong httpRepeats = new AtomicLong();
    final AtomicLong kafkaClicks = new AtomicLong();
    final AtomicLong kafkaRepeats = new AtomicLong();
    /** click id → copies produced straight into Kafka (what the archive must hold, each Kafka record once). */
    private final Map<String, Integer> directCopies = new java.util.concurrent.ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** @param runId distinguishes the click ids and client addresses of one load run from another's */
    ClickLoad(int runId, List<String> ingestUrls, String bootstrap, ExpectedCounts expected) {
        this.runId = "r" + runId;
        this.clientSeq.set((long) runId << 20);
        this.ingestUrls = ingestUrls;
        this.bootstrap = bootstrap;
        this.expected = expected;
    }

    void start() {
        spawn("load-token-clicks", this::tokenClicks);
        spawn("load-classic-clicks", this::classicClicks);
        spawn("load-kafka", this::kafkaClicks);
    }

    private void spawn(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        }, name);
        t.start();
        threads.add(t);
    }

    /** Serve on one instance, click on the other; every 7th click is repeated (a duplicate, 302 but not counted). */
    private void tokenClicks() {
        for (long i = 0; running.get(); i++) {
            awayFromMinuteBoundary();
            String serveOn = ingestUrls.get((int) (i % ingestUrls.size()));
            String clickOn = ingestUrls.get((int) ((i + 1) % ingestUrls.size()));
            String client = nextClient();
            JsonNode ad = call(get(serveOn + "/ads/serve?placement=home", client), 200);
            String url = clickOn + ad.path("click_url").asText();
            long t0 = System.currentTimeMillis();
            call(get(url, client), 302);
            expected.add(ad.path("ad_id").asText(), t0, System.currentTimeMillis(), true);
            httpClicks.incrementAndGet();
            if (i % 7 == 0) {
                call(get(serveOn + ad.path("click_url").asText(), client), 302);
                httpRepeats.incrementAndGet();
            }
            pause(40);
        }
    }

    private void classicClicks() {
        for (long i = 0; running.get(); i++) {
            awayFromMinuteBoundary();
            String ad = CLASSIC_ADS.get((int) (i % CLASSIC_ADS.size()));
            String on = ingestUrls.get((int) (i % ingestUrls.size()));
            long t0 = System.currentTimeMillis();
            call(get(on + "/ads/" + ad + "/click", nextClient()), 302);
            expected.add(ad, t0, System.currentTimeMillis(), false);
            httpClicks.incrementAndGet();
            pause(40);
        }
    }

    /** Synchronous acks=all sends: a click counts as sent only once Kafka has it. Every 10th is sent twice. */
    private void kafkaClicks() {
        Map<String, Object> cfg = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(cfg, new StringSerializer(), new StringSerializer())) {
            for (long i = 0; running.get(); i++) {
                String ad = DIRECT_ADS.get((int) (i % DIRECT_ADS.size()));
                long ts = System.currentTimeMillis();
                String value = "{\"v\":1,\"click_id\":\"direct-" + runId + "-" + i + "\",\"ad_id\":\"" + ad + "\",\"impression_id\":null,\"ts\":" + ts
                        + ",\"ip_hash\":\"ip-direct-" + runId + "-" + i + "\",\"ua_hash\":\"ua-1\",\"verified\":false}";
                producer.send(new ProducerRecord<>("clicks", ad, value)).get();
                expected.add(ad, ts, ts, false);
                kafkaClicks.incrementAndGet();
                directCopies.merge("direct-" + runId + "-" + i, 1, Integer::sum);
                if (i % 10 == 0) {
                    producer.send(new ProducerRecord<>("clicks", ad, value)).get();
                    kafkaRepeats.incrementAndGet();
                    directCopies.merge("direct-" + runId + "-" + i, 1, Integer::sum);
                }
                pause(20);
            }
        } catch (Exception e) {
            throw new IllegalStateException("producing to Kafka failed", e);
        }
    }

    private String nextClient() {
        long n = clientSeq.incrementAndGet();
        return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    /** A real desktop browser's User-Agent: a made-up one is a robot to the device parser, and bot clicks are suspicious. */
    private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    private HttpRequest get(String url, String client) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("X-Forwarded-For", client).header("User-Agent", BROWSER).GET().build();
    }

    private JsonNode call(HttpRequest req, int expectedStatus) {
        try {
            HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != expectedStatus) {
                throw new IllegalStateException(req.uri() + " answered " + resp.statusCode() + " (expected " + expectedStatus + "): " + resp.body());
            }
            return expectedStatus == 200 ? JSON.readTree(resp.body()) : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(req.uri() + ": " + e, e);
        }
    }

    /** The event time of an HTTP click is the server's clock: keep requests clear of minute boundaries. */
    private static void awayFromMinuteBoundary() {
        long intoMinute = System.currentTimeMillis() % ExpectedCounts.MINUTE;
        if (intoMinute > ExpectedCounts.MINUTE - 1500) pause(ExpectedCounts.MINUTE - intoMinute + 200);
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Throws the first failure of a load thread, if any. */
    void check() {
        if (!failures.isEmpty()) throw new AssertionError("load generator failed: " + failures.get(0), failures.get(0));
    }

    Map<String, Integer> directCopies() {
        return Map.copyOf(directCopies);
    }

    String summary() {
        return "sent " + httpClicks.get() + " HTTP clicks (+" + httpRepeats.get() + " repeats), " + kafkaClicks.get()
                + " Kafka clicks (+" + kafkaRepeats.get() + " duplicates)";
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) t.join(30_000);
    }
}
