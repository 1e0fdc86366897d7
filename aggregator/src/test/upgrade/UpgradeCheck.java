import dev.adclick.aggregator.AggregatorOptions;
import dev.adclick.aggregator.LocalAggregator;
import dev.adclick.core.click.Click;
import dev.adclick.core.click.ClickJson;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionJson;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.store.ClickStore;
import dev.adclick.store.StoreLocations;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * The job of an earlier release upgraded to this one (run by {@code aggregator/upgrade-check.sh}):
 * {@code old DIR PORT}, on the earlier release's classpath, counts 300 clicks per ad in an open minute
 * and stops with a savepoint; {@code new DIR PORT}, on this one's, resumes from it, adds 100 clicks,
 * 100 served and 80 rendered impressions per ad to the same minute and a duplicate of a restored
 * click id, closes the minute and checks the stored row. Compiles against both releases' APIs.
 */
public class UpgradeCheck {
    static final long BASE = Instant.parse("2025-01-06T10:00:00Z").toEpochMilli();

    public static void main(String[] a) throws Exception {
        boolean old = a[0].equals("old");
        Path dir = Path.of(a[1]);
        int port = Integer.parseInt(a[2]);
        try (EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("kafka"), port).start()) {
            kafka.createTopic("clicks", 3);
            kafka.createTopic("impressions", 3); // unused by a click-only release; the impressions release before dimensions needs it
            AggregatorOptions.Builder b = AggregatorOptions.builder().bootstrapServers(kafka.bootstrapServers()).topic("clicks").groupId("upgrade")
                    .storeLocation("duckdb:" + dir.resolve("adclick.duckdb")).archiveUri(dir.resolve("archive").toUri().toString())
                    .checkpointDir(dir.resolve("checkpoints").toUri().toString()).checkpointInterval(Duration.ofSeconds(1))
                    .outOfOrderness(Duration.ofSeconds(2)).allowedLateness(Duration.ofMinutes(1)).earlyFiring(Duration.ofMillis(200))
                    .idleTimeout(Duration.ofSeconds(3)).parallelism(2).sinkFlushInterval(Duration.ofMillis(100)).statusInterval(Duration.ofMillis(200));
            if (!old) b.set("topic.impressions", "impressions");
            Properties p = new Properties();
            p.put("bootstrap.servers", kafka.bootstrapServers());
            ClickStore store = StoreLocations.open("duckdb:" + dir.resolve("adclick.duckdb"));
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                LocalAggregator agg;
                if (old) {
                    for (int part = 0; part < 3; part++) for (int i = 0; i < 300; i++) {
                        send(producer, part, new Click("c-old-" + part + "-" + i, "ad-" + part, null, BASE + i * 190L, "ip-" + part + "-" + i, "ua", i % 2 == 0));
                    }
                    // 15 clicks of one ip on ad-0: under the threshold (20) for now; the new job's clicks flip the group
                    for (int i = 0; i < 15; i++) send(producer, 0, new Click("c-flood-old-" + i, "ad-0", null, BASE + 58_000 + i, "ip-flood", "ua", false));
                    producer.flush();
                    agg = LocalAggregator.start(b.build());
                    await(() -> sum(store) == 915, "old clicks counted");
                    agg.stop();
                    System.out.println("earlier release counted " + store.rows(BASE, BASE + 3_600_000));
                    return;
                }
                agg = LocalAggregator.start(b.build());
                if (agg.restoredFrom().isEmpty()) throw new AssertionError("did not resume from the savepoint");
                for (int part = 0; part < 3; part++) {
                    for (int i = 0; i < 100; i++) {
                        send(producer, part, new Click("c-new-" + part + "-" + i, "ad-" + part, null, BASE + 40_000 + i * 100L, "ip-n-" + part + "-" + i, "ua", i % 2 == 0));
                        Impression served = new Impression("imp-" + part + "-" + i, "ad-" + part, ImpressionKind.SERVED, BASE + 40_000 + i * 100L, "home", "ip-" + i, "ua");
                        producer.send(new ProducerRecord<>("impressions", part, served.getAdId().getBytes(StandardCharsets.UTF_8), ImpressionJson.toBytes(served)));
                        if (i < 80) {
                            Impression rendered = new Impression("imp-" + part + "-" + i, "ad-" + part, ImpressionKind.RENDERED, BASE + 40_050 + i * 100L, "home", "ip-" + i, "ua");
                            producer.send(new ProducerRecord<>("impressions", part, rendered.getAdId().getBytes(StandardCharsets.UTF_8), ImpressionJson.toBytes(rendered)));
                        }
                    }
                    send(producer, part, new Click("c-old-" + part + "-5", "ad-" + part, null, BASE + 50_000, "ip-" + part + "-5", "ua", false)); // a duplicate of a restored id
                }
                // 10 v2 clicks of the flooding ip with a placement: the 6th flips the group restored with 15 tallied clicks,
                // which the earlier job counted without dimensions (now the all-unknown row); the retraction moves them there
                for (int i = 0; i < 10; i++) {
                    String v2 = "{\"v\":2,\"click_id\":\"c-flood-new-" + i + "\",\"ad_id\":\"ad-0\",\"impression_id\":null,\"ts\":" + (BASE + 59_000 + i)
                            + ",\"ip_hash\":\"ip-flood\",\"ua_hash\":\"ua\",\"verified\":false,\"placement\":\"top\",\"country\":null,\"device\":null}";
                    producer.send(new ProducerRecord<>("clicks", 0, "ad-0".getBytes(StandardCharsets.UTF_8), v2.getBytes(StandardCharsets.UTF_8)));
                }
                producer.flush();
                for (int part = 0; part < 3; part++) {
                    send(producer, part, new Click("push-" + part, "ad-push", null, BASE + 30 * 60_000L, "ip-push", "ua", false));
                    Impression push = new Impression("push-" + part, "ad-push", ImpressionKind.SERVED, BASE + 30 * 60_000L, "home", "ip", "ua");
                    producer.send(new ProducerRecord<>("impressions", part, push.getAdId().getBytes(StandardCharsets.UTF_8), ImpressionJson.toBytes(push)));
                }
                producer.flush();
                await(() -> store.status(60_000).map(s -> s.watermark() >= BASE + 30 * 60_000L - 2_001).orElse(false), "watermark pushed");
                await(() -> sum(store) == 1_200 + 3, "new clicks counted"); // 3 pushers
                java.util.Map<String, String> expected = new java.util.TreeMap<>();
                for (int part = 0; part < 3; part++) {
                    String ad = "ad-" + part;
                    String flood = part == 0 ? "25" : "0";
                    // the total, the restored open minute's counts (and the new v1-like clicks) as the unknown row, the impressions' row
                    expected.put(ad + "@" + Instant.ofEpochMilli(BASE), "clicks=400 verified_clicks=200 suspicious_clicks=" + flood + " served_impressions=100 impressions=80");
                    expected.put(ad + "@" + Instant.ofEpochMilli(BASE) + "[unknown/unknown/unknown]",
                            "clicks=400 verified_clicks=200 suspicious_clicks=" + (part == 0 ? "15" : "0") + " served_impressions=0 impressions=0");
                    expected.put(ad + "@" + Instant.ofEpochMilli(BASE) + "[home/unknown/unknown]", "clicks=0 verified_clicks=0 suspicious_clicks=0 served_impressions=100 impressions=80");
                }
                expected.put("ad-0@" + Instant.ofEpochMilli(BASE) + "[top/unknown/unknown]", "clicks=0 verified_clicks=0 suspicious_clicks=10 served_impressions=0 impressions=0");
                java.util.Map<String, String> got = new java.util.TreeMap<>();
                for (MinuteCount m : store.rows(BASE, BASE + 2 * 60_000)) {
                    System.out.println("row " + m.key() + " " + m.counts());
                    got.put(m.key().toString(), m.counts().toString());
                }
                if (!got.equals(expected)) throw new AssertionError("wrong rows after the upgrade: " + got + ", expected " + expected);
                long duplicates = store.status(60_000).orElseThrow().duplicates();
                if (duplicates != 3) throw new AssertionError("restored dedupe state: expected 3 duplicates, got " + duplicates);
                agg.stop();
                System.out.println("upgrade check passed: " + agg.restoredFrom().orElseThrow());
            } finally {
                store.close();
            }
        }
    }

    interface Check { boolean ok() throws Exception; }

    static void await(Check c, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (!c.ok()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out: " + what);
            Thread.sleep(200);
        }
    }

    /** Clicks of the total rows ("ad@minute", while a breakdown row's key reads "ad@minute[…]"; the same source compiles against releases before dimensions). */
    static long sum(ClickStore store) throws Exception {
        return store.rows(BASE, BASE + 3_600_000).stream().filter(m -> !m.key().toString().contains("[")).mapToLong(m -> m.counts().clicks()).sum();
    }

    static void send(KafkaProducer<byte[], byte[]> producer, int partition, Click c) {
        producer.send(new ProducerRecord<>("clicks", partition, c.getAdId().getBytes(StandardCharsets.UTF_8), ClickJson.toBytes(c)));
    }
}
