import dev.adclick.core.click.Click;
import dev.adclick.core.click.ClickJson;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.store.AdCounts;
import dev.adclick.store.ClickStore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The aggregator benchmark's freshness phase (bench/aggregator): live events at a fixed rate, probe clicks timed to the store. */
final class BenchFreshness {
    private BenchFreshness() {
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
        try (KafkaProducer<byte[], byte[]> producer = BenchEvents.producer(kafka)) {
            while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                long due = elapsedMs * rate / 1000;
                while (sent < due) {
                    producer.send(BenchEvents.event(rnd, sent, System.currentTimeMillis(), "live-", false, null));
                    sent++;
                }
                if (elapsedMs / 100 > probes) {
                    long now = System.currentTimeMillis();
                    String ad = "probe-" + probes++;
                    Probe probe = new Probe(now);
                    all.add(probe);
                    probesByAd.put(ad, probe);
                    producer.send(new ProducerRecord<>(BenchEvents.TOPIC, ad.getBytes(StandardCharsets.UTF_8),
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
        List<long[]> checkpoints = BenchState.checkpointSpans();
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
        AggregatorBenchmark.out("freshness at %,d events/s for %d s: %d probes seen (%d never), click ts -> visible in store: p50 %d ms, p99 %d ms, max %d ms",
                rate, seconds, total.size(), probesByAd.size(), pct(total, 50), pct(total, 99), total.isEmpty() ? -1 : total.get(total.size() - 1));
        AggregatorBenchmark.out("freshness path: send -> broker ack p50 %d / p99 %d ms; ack -> visible (job + poll) p50 %d / p99 %d ms; poll round p50 %d / p99 %d ms",
                pct(producerMs, 50), pct(producerMs, 99), pct(jobMs, 50), pct(jobMs, 99), pct(roundMs, 50), pct(roundMs, 99));
        AggregatorBenchmark.out("freshness by checkpoint: %d checkpoints in the log; %d probes in flight during one: p50 %d / p99 %d ms; %d others: p50 %d / p99 %d ms",
                checkpoints.size(), duringCheckpoint.size(), pct(duringCheckpoint, 50), pct(duringCheckpoint, 99),
                between.size(), pct(between, 50), pct(between, 99));
        return probesByAd.isEmpty() ? pct(total, 99) : -1;
    }

    static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) return -1;
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
