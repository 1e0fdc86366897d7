package dev.adclick.aggregator;

import dev.adclick.core.click.Click;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.core.fraud.FraudRules;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.store.ClickStore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Breakdown rows end to end (issue 13): v2 clicks and impressions with placements, countries and
 * devices (bots among them), v1 clicks without dimensions, a flood whose retraction spans several
 * breakdown rows, through a real broker (2 partitions per topic), the job on a MiniCluster and a
 * real DuckDB file. Exact total and breakdown rows ({@link FraudRules#rowsOf} plus the
 * impressions), and a reader that reads the store over and over while the job writes: in every read
 * each (ad, minute)'s total row equals the sum of its breakdown rows.
 */
class BreakdownsITCase extends AggregatorTestBase {
    static final String[] PLACEMENTS = {"top", "side", "footer"};
    static final String[] COUNTRIES = {"US", "DE", "BR"};
    static final String[] DEVICES = {"desktop", "mobile", "tablet", "bot"};
    static Path dir;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        dir = newTestDir("breakdowns-it");
        kafka = kafkaWithBothTopics(dir);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
    }

    /** A v2 click of a user: one country and device per ip (as real clients), the placement of the ad slot. */
    static Click click(String id, String ad, long ts, int user, String placement) {
        return new Click(id, ad, "imp-" + id, ts, "ip-" + user, "ua-" + user, user % 3 != 0,
                placement, COUNTRIES[user % COUNTRIES.length], DEVICES[user % DEVICES.length]);
    }

    static String v1Json(String id, String ad, long ts) {
        return "{\"v\":1,\"click_id\":\"" + id + "\",\"ad_id\":\"" + ad + "\",\"impression_id\":null,\"ts\":" + ts
                + ",\"ip_hash\":\"ip-v1-" + id + "\",\"ua_hash\":\"ua\",\"verified\":true}";
    }

    /** Reads the store until stopped; counts reads and keeps the first one whose totals differ from their breakdown rows. */
    static final class ConsistencyReader extends Thread {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger readsWithBreakdowns = new AtomicInteger();
        final AtomicReference<String> violation = new AtomicReference<>();
        private final ClickStore store;

        ConsistencyReader(ClickStore store) {
            super("consistency-reader");
            this.store = store;
        }

        @Override
        public void run() {
            while (!stop.get() && violation.get() == null) {
                try {
                    check(store.rows(minute(0), minute(31)));
                    Thread.sleep(10); // pacing, not waiting: about ten reads per sink flush, without hogging a shared machine
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // the store may be busy; the next read tries again
                }
            }
        }

        private void check(List<MinuteCount> snapshot) {
            Map<CountKey, Counts> totals = new HashMap<>();
            Map<CountKey, Counts> sums = new HashMap<>();
            for (MinuteCount m : snapshot) {
                if (m.key().isTotal()) totals.put(m.key(), m.counts());
                else sums.merge(m.key().total(), m.counts(), Counts::plus);
            }
            reads.incrementAndGet();
            if (!sums.isEmpty()) readsWithBreakdowns.incrementAndGet();
            for (CountKey k : union(totals, sums)) {
                Counts total = totals.getOrDefault(k, Counts.ZERO);
                Counts sum = sums.getOrDefault(k, Counts.ZERO);
                if (!total.equals(sum)) violation.compareAndSet(null, k + ": total " + total + " but breakdown rows sum to " + sum);
            }
        }

        private static java.util.Set<CountKey> union(Map<CountKey, Counts> a, Map<CountKey, Counts> b) {
            java.util.Set<CountKey> keys = new java.util.HashSet<>(a.keySet());
            keys.addAll(b.keySet());
            return keys;
        }
    }

    @Test
    void countsEveryBreakdownRowExactlyAndTotalsAlwaysEqualTheirSum() throws Exception {
        Truth clicks = new Truth(FraudRules.defaults());
        ImpressionTruth impressions = new ImpressionTruth();
        List<Click> v1 = new ArrayList<>();
        Random rnd = new Random(13);
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka); ClickStore store = openStore(dir);
             ClickStore readerStore = openStore(dir)) { // its own store object: the reader runs beside this thread's reads
            LocalAggregator agg = LocalAggregator.start(options(kafka, dir).build());
            ConsistencyReader reader = new ConsistencyReader(readerStore);
            reader.start();
            try {
                // minutes 0..2 in three bursts, so the reader sees minutes grow and change between early firings
                for (int m = 0; m < 3; m++) {
                    for (int p = 0; p < 2; p++) {
                        String ad = "ad-" + p;
                        for (int i = 0; i < 60; i++) {
                            long ts = minute(m) + i * 900L + rnd.nextInt(400);
                            int user = rnd.nextInt(40);
                            String placement = PLACEMENTS[rnd.nextInt(PLACEMENTS.length)];
                            Impression served = new Impression("i-" + m + p + i, ad, ImpressionKind.SERVED, ts, placement,
                                    COUNTRIES[user % COUNTRIES.length], DEVICES[user % DEVICES.length], "ip-" + user, "ua-" + user);
                            impressions.arrive(served);
                            send(producer, "impressions", p, served);
                            if (i % 2 == 0) {
                                Impression rendered = new Impression(served.getImpressionId(), ad, ImpressionKind.RENDERED, ts + 20, placement,
                                        served.getCountry(), served.getDevice(), served.getIpHash(), served.getUaHash());
                                impressions.arrive(rendered);
                                send(producer, "impressions", p, rendered);
                            }
                            if (i % 3 == 0) {
                                Click c = click("c-" + m + p + i, ad, ts + 50, user, placement);
                                clicks.arrive(c);
                                send(producer, p, c);
                            }
                            if (i % 20 == 7) { // a click of the release before dimensions
                                String id = "v1-" + m + p + i;
                                Click old = new Click(id, ad, null, ts + 60, "ip-v1-" + id, "ua", true);
                                clicks.arrive(old);
                                v1.add(old);
                                sendRaw(producer, "clicks", p, v1Json(old.getClickId(), ad, old.getTs()));
                            }
                        }
                        if (m == 1 && p == 0) {
                            // a flood: 24 > 20 clicks of one desktop user on ad-0 across placements; the flip retracts from three rows
                            for (int i = 0; i < 24; i++) {
                                Click c = new Click("flood-" + i, ad, null, minute(1) + 40_000 + i * 10L, "ip-flood", "ua-flood", true,
                                        PLACEMENTS[i % 3], "US", "desktop");
                                clicks.arrive(c);
                                send(producer, p, c);
                            }
                        }
                    }
                    producer.flush();
                    Map<String, Counts> soFar = impressions.plus(clicks.expected(minute(0), minute(m + 1)));
                    awaitRows("minutes 0.." + m, store, minute(0), minute(m + 1), soFar, Duration.ofSeconds(60));
                }
                // far ahead on every partition of both topics: every minute above closes for good
                for (int p = 0; p < 2; p++) {
                    Click c = click("push-" + p, "ad-push", minute(30), 1, "top");
                    clicks.arrive(c);
                    send(producer, p, c);
                    Impression i = new Impression("push-" + p, "ad-push", ImpressionKind.SERVED, minute(30), "top", "US", "desktop", "ip", "ua");
                    impressions.arrive(i);
                    send(producer, "impressions", p, i);
                }
                producer.flush();
                Map<String, Counts> expected = impressions.plus(clicks.expected(minute(0), minute(31)));
                awaitRows("final rows", store, minute(0), minute(31), expected, Duration.ofSeconds(60));
            } finally {
                reader.stop.set(true);
                reader.join(10_000);
                agg.stop();
            }
            assertThat(reader.violation.get()).as("a read whose total differs from its breakdown rows").isNull();
            assertThat(reader.readsWithBreakdowns.get()).as("reads of the store while it changed").isGreaterThan(20);

            Map<String, Counts> rows = rows(store, minute(0), minute(31));
            Dimensions floodRow = Dimensions.of("top", "US", "desktop");
            assertThat(rows.get(new CountKey("ad-0", minute(1), floodRow).toString()).suspiciousClicks())
                    .as("the flood's clicks moved to suspicious in their row").isEqualTo(8);
            assertThat(rows.entrySet()).filteredOn(e -> e.getKey().endsWith("/bot]"))
                    .as("bot clicks are suspicious, never counted").isNotEmpty().allSatisfy(e -> assertThat(e.getValue().clicks()).isZero());
            assertThat(rows.entrySet()).filteredOn(e -> e.getKey().endsWith("/bot]"))
                    .anySatisfy(e -> assertThat(e.getValue().suspiciousClicks()).isPositive());
            for (Click c : v1) {
                assertThat(rows).as("v1 clicks count in the unknown row").containsKey(CountKey.at(c.getAdId(), c.getTs(), Dimensions.UNKNOWN).toString());
            }
        }

        // the click archive carries the dimensions (null for v1 clicks), for reconciliation to recompute the breakdowns
        List<Map<String, Object>> archived = readParquet(dir.resolve("archive"), "dt=");
        assertThat(archived).filteredOn(r -> r.get("click_id").equals("flood-0")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("placement", "top").containsEntry("country", "US").containsEntry("device", "desktop"));
        assertThat(archived).filteredOn(r -> r.get("click_id").toString().startsWith("v1-")).hasSize(v1.size())
                .allSatisfy(r -> assertThat(r.get("placement")).isNull())
                .allSatisfy(r -> assertThat(r.get("device")).isNull());
    }
}
