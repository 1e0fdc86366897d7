import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The soak's steady traffic: simulated browsers over HTTP (serve, beacon, click, some double clicks)
 * and clicks produced straight into Kafka. Every browser group serves on one click service and
 * beacons and clicks on the next (the signed token crosses instances, as behind a load balancer);
 * with one service that is the same one.
 */
final class Traffic {
    static final String[] PLACEMENTS = {"home", "article", "sidebar"};
    static final String[] AGENTS = {
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"};
    static final int BROWSER_GROUPS = 4;

    final long seed;
    /** Page views per second over all browsers (each: a serve, most a beacon, 30 % a click). */
    final int rate;
    final List<String> ingestUrls;
    final String kafkaBootstrap;
    final Truth truth;
    final AtomicBoolean sending = new AtomicBoolean(true);
    /** The fault being held now, or null: splits the redirect latencies. */
    final AtomicReference<String> activeFault = new AtomicReference<>(null);
    final List<Long> latencyDuringFaults = Collections.synchronizedList(new ArrayList<>());
    final List<Long> latencyCalm = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();

    Traffic(long seed, int rate, List<String> ingestUrls, String kafkaBootstrap, Truth truth) {
        this.seed = seed;
        this.rate = rate;
        this.ingestUrls = List.copyOf(ingestUrls);
        this.kafkaBootstrap = kafkaBootstrap;
        this.truth = truth;
    }

    void start() {
        for (int i = 0; i < BROWSER_GROUPS; i++) threads.add(Net.start("http-" + i, new Browsers(i)::run));
        threads.add(Net.start("kafka", this::kafkaClicks));
    }

    void stop() throws InterruptedException {
        sending.set(false);
        for (Thread t : threads) t.join();
    }

    /** One simulated browser population: serve, beacon (most), click (some), double click (a few). */
    final class Browsers {
        final Random r;
        final String serveOn, clickOn;

        Browsers(int i) {
            r = new Random(seed * 31 + i);
            serveOn = ingestUrls.get(i % ingestUrls.size());
            clickOn = ingestUrls.get((i + 1) % ingestUrls.size());
        }

        void run() {
            long intervalNanos = BROWSER_GROUPS * 1_000_000_000L / Math.max(1, rate), next = System.nanoTime();
            while (sending.get()) {
                next += intervalNanos; // paced, so the soak measures faults, not a saturated machine
                long wait = next - System.nanoTime();
                if (wait > 0) Net.pause(wait / 1_000_000);
                else if (wait < -1_000_000_000L) next = System.nanoTime(); // after an outage: carry on at the rate, no burst
                String ip = "81." + r.nextInt(250) + "." + r.nextInt(250) + "." + (1 + r.nextInt(250));
                String ua = AGENTS[r.nextInt(AGENTS.length)];
                try {
                    HttpResponse<String> served = get(serveOn, "/ads/serve?placement=" + PLACEMENTS[r.nextInt(PLACEMENTS.length)], ip, ua);
                    if (served.statusCode() != 200) continue;
                    JsonNode ad = Net.JSON.readTree(served.body());
                    String adId = ad.path("ad_id").asText(), impression = ad.path("impression_id").asText();
                    truth.served.computeIfAbsent(adId, k -> new java.util.concurrent.atomic.LongAdder()).increment();
                    if (r.nextInt(100) < 85 && get(clickOn, ad.path("impression_url").asText(), ip, ua).statusCode() == 200) {
                        truth.rendered(adId, impression);
                    }
                    if (r.nextInt(100) < 30) {
                        for (int n = r.nextInt(100) < 10 ? 2 : 1; n > 0; n--) {
                            long c0 = System.nanoTime();
                            int status;
                            try {
                                status = get(clickOn, ad.path("click_url").asText(), ip, ua).statusCode();
                            } catch (java.net.ConnectException e) {
                                throw e; // never reached the service: nothing owed
                            } catch (IOException e) {
                                truth.inDoubt(adId, impression); // sent, but no answer: it may or may not count
                                throw e;
                            }
                            (activeFault.get() == null ? latencyCalm : latencyDuringFaults).add(System.nanoTime() - c0);
                            if (status == 302) truth.clicked(adId, impression);
                        }
                    }
                } catch (IOException e) {
                    Net.pause(200); // a service is down (a fault): this browser gives up, nothing is owed
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        HttpResponse<String> get(String base, String path, String ip, String ua) throws IOException, InterruptedException {
            return Net.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5))
                    .header("X-Forwarded-For", ip).header("User-Agent", ua).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /**
     * Clicks produced straight into the topic, each re-sent until the broker acknowledged it (so
     * outages leave copies: a replay the job must not count twice). One in ten is two hours old: too
     * late for the stream, counted by reconciliation of its (closed) hour.
     */
    void kafkaClicks() {
        Random r = new Random(seed * 7);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000), new StringSerializer(), new StringSerializer())) {
            for (long i = 0; sending.get(); i++) {
                String ad = "ad-chaos-" + (i % 5);
                boolean late = i % 10 == 9;
                long ts = late ? System.currentTimeMillis() - 2 * Net.HOUR : System.currentTimeMillis();
                String id = "chaos-kafka-" + seed + "-" + i;
                String value = "{\"v\":2,\"click_id\":\"" + id + "\",\"ad_id\":\"" + ad + "\",\"impression_id\":null,\"ts\":" + ts
                        + ",\"ip_hash\":\"k" + (i % 997) + "\",\"ua_hash\":\"u\",\"verified\":false,\"placement\":null,\"country\":\"DE\",\"device\":\"desktop\"}";
                while (true) {
                    try {
                        producer.send(new ProducerRecord<>("clicks", ad, value)).get(30, TimeUnit.SECONDS);
                        break;
                    } catch (Exception e) {
                        Net.pause(500); // not acknowledged: send the same click again (the topic may now hold it twice)
                    }
                }
                truth.kafkaClick(ad, id, ts);
                Net.pause(20);
            }
        }
    }
}
