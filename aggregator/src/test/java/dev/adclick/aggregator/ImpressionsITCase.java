package dev.adclick.aggregator;

import dev.adclick.core.click.Click;
import dev.adclick.core.count.Counts;
import dev.adclick.core.fraud.FraudRules;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.store.ClickStore;
import dev.adclick.store.PipelineStatus;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Impressions end to end: a generated stream with known ground truth on a real {@code impressions}
 * topic (3 partitions) beside some clicks, the job on a MiniCluster killed and restarted from its
 * checkpoint mid-stream, counts and reach in a real DuckDB file, the impression archive read back.
 */
class ImpressionsITCase extends AggregatorTestBase {
    static final String CLICKS = "clicks", IMPRESSIONS = "impressions";
    static final int USERS = 2_000;
    static Path dir;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        dir = newTestDir("impressions-it");
        kafka = new EmbeddedKafka(dir.resolve("kafka"), 0).start();
        kafka.createTopic(CLICKS, 3);
        kafka.createTopic(IMPRESSIONS, 3);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
    }

    static Impression impression(String id, String ad, ImpressionKind kind, long ts, int user) {
        return new Impression(id, ad, kind, ts, "home", "ip-" + user, "ua-" + user);
    }

    /** One partition's events in event-time order: impressions and the clicks on some of them. */
    record Partition(List<Impression> impressions, List<Click> clicks) {}

    /**
     * Impressions of 6 ads over minutes 0..4: each served, about 80 % rendered (5 % of beacons load
     * twice), 3 % of served events redelivered; every 40th impression clicked.
     */
    static List<Partition> generate(int perPartition, long seed) {
        Random rnd = new Random(seed);
        List<Partition> parts = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            Partition part = new Partition(new ArrayList<>(), new ArrayList<>());
            for (int i = 0; i < perPartition; i++) {
                long ts = minute(0) + (long) i * 5 * MINUTE / perPartition + rnd.nextInt(300);
                String ad = "ad-" + (p + 3 * rnd.nextInt(2));
                String id = "imp-" + p + "-" + i;
                int user = rnd.nextInt(USERS);
                part.impressions.add(impression(id, ad, ImpressionKind.SERVED, ts, user));
                if (rnd.nextInt(5) != 0) {
                    part.impressions.add(impression(id, ad, ImpressionKind.RENDERED, ts + 50, user));
                    if (rnd.nextInt(20) == 0) part.impressions.add(impression(id, ad, ImpressionKind.RENDERED, ts + 90, user));
                }
                if (rnd.nextInt(33) == 0) part.impressions.add(impression(id, ad, ImpressionKind.SERVED, ts + 100, user));
                if (i % 40 == 0) part.clicks.add(new Click("c-" + id, ad, id, ts + 120, "ip-" + user, "ua-" + user, true));
            }
            parts.add(part);
        }
        return parts;
    }

    /** Produces each partition's events in [from, to) of its length, in order; the truths see them arrive. */
    static void produce(KafkaProducer<byte[], byte[]> producer, List<Partition> parts, double from, double to,
                        ImpressionTruth impressions, Truth clicks) {
        for (int p = 0; p < parts.size(); p++) {
            List<Impression> is = parts.get(p).impressions;
            for (Impression i : is.subList((int) (from * is.size()), (int) (to * is.size()))) {
                impressions.arrive(i);
                send(producer, IMPRESSIONS, p, i);
            }
            List<Click> cs = parts.get(p).clicks;
            for (Click c : cs.subList((int) (from * cs.size()), (int) (to * cs.size()))) {
                clicks.arrive(c);
                send(producer, p, c);
            }
        }
        producer.flush();
    }

    /** One event per partition of both topics at {@code ts}: the watermark moves to it. */
    static void advance(KafkaProducer<byte[], byte[]> producer, String name, long ts, ImpressionTruth impressions, Truth clicks) {
        for (int p = 0; p < 3; p++) {
            Impression i = impression(name + "-" + p, "ad-push", ImpressionKind.SERVED, ts, 0);
            impressions.arrive(i);
            send(producer, IMPRESSIONS, p, i);
            Click c = click(name + "-" + p, "ad-push", ts, "ip-" + name + "-" + p, false);
            clicks.arrive(c);
            send(producer, p, c);
        }
        producer.flush();
    }

    static void awaitWatermark(ClickStore store, long eventTime) throws InterruptedException {
        long target = eventTime - OUT_OF_ORDERNESS.toMillis() - 1;
        await("watermark at " + java.time.Instant.ofEpochMilli(target), Duration.ofSeconds(60),
                () -> status(store).map(PipelineStatus::watermark).orElse(0L) >= target);
    }

    @Test
    void countsServedRenderedAndClicksExactlyAcrossARestartWithLatenessBadInputReachAndArchive() throws Exception {
        AggregatorOptions opts = options(kafka, dir).build();
        List<Partition> parts = generate(1_500, 12);
        ImpressionTruth truth = new ImpressionTruth();
        Truth clicks = new Truth(FraudRules.defaults());
        List<String> malformed = List.of("this is not json",
                "{\"v\":1,\"impression_id\":\"x\",\"ad_id\":\"ad-0\",\"kind\":\"clicked\",\"ts\":" + minute(1) + "}",
                "{\"v\":1,\"ad_id\":\"ad-0\",\"kind\":\"served\",\"ts\":" + minute(1) + "}");
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka); ClickStore store = openStore(dir)) {
            // 1. minutes 0..4, the job killed after a checkpoint and restarted from it while traffic goes on
            produce(producer, parts, 0, 0.3, truth, clicks);
            LocalAggregator first = LocalAggregator.start(opts);
            await("first part counted", Duration.ofSeconds(60), () -> !rows(store, minute(0), minute(5)).isEmpty());
            await("a checkpoint", Duration.ofSeconds(30), () -> checkpointed(opts));
            produce(producer, parts, 0.3, 0.55, truth, clicks);
            sendRaw(producer, IMPRESSIONS, 1, malformed.get(0));
            sendRaw(producer, IMPRESSIONS, 2, malformed.get(1));
            producer.flush();
            first.kill();
            produce(producer, parts, 0.55, 0.75, truth, clicks);
            LocalAggregator second = LocalAggregator.start(opts);
            try {
                assertThat(second.restoredFrom()).isPresent();
                sendRaw(producer, IMPRESSIONS, 0, malformed.get(2));
                produce(producer, parts, 0.75, 1, truth, clicks);

                // 2. minutes up to 3 close; minute 4 is open within its lateness
                advance(producer, "advance", minute(5) + 30_000, truth, clicks);
                awaitWatermark(store, minute(5) + 30_000);
                Impression lateOk = impression("late-ok", "ad-0", ImpressionKind.RENDERED, minute(4) + 10_000, USERS + 1);
                truth.arrive(lateOk);
                send(producer, IMPRESSIONS, 0, lateOk);
                for (Impression tooLate : List.of(impression("too-late-1", "ad-0", ImpressionKind.SERVED, minute(2) + 5_000, 1),
                        impression("too-late-2", "ad-3", ImpressionKind.RENDERED, minute(3) + 1_000, 2),
                        parts.get(0).impressions.get(0))) { // an old one redelivered: a duplicate, not too late
                    truth.arriveTooLate(tooLate);
                    send(producer, IMPRESSIONS, 0, tooLate);
                }
                producer.flush();
                assertThat(truth.tooLate).isEqualTo(2);
                Counts minute4 = truth.plus(clicks.expected(minute(4), minute(5))).get(key("ad-0", minute(4)));
                try {
                    await("late impressions decided", Duration.ofSeconds(30), () -> status(store)
                            .filter(s -> s.tooLate() == 2 && s.duplicates() == truth.duplicates + clicks.duplicates).isPresent()
                            && minute4.equals(rows(store, minute(4), minute(5)).get(key("ad-0", minute(4)))));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; status " + status(store) + ", expected duplicates " + (truth.duplicates + clicks.duplicates)
                            + ", ad-0 minute 4 expected " + minute4 + " vs " + rows(store, minute(4), minute(5)).get(key("ad-0", minute(4))));
                }

                // 3. the next hour: rendered impressions of users partly seen in the first hour
                for (int p = 0; p < 3; p++) {
                    for (int k = 0; k < 200; k++) {
                        Impression i = impression("next-hour-" + p + "-" + k, "ad-" + p, ImpressionKind.RENDERED,
                                minute(61) + k * 100L, (k * 7 + p) % (USERS + 400));
                        truth.arrive(i);
                        send(producer, IMPRESSIONS, p, i);
                    }
                }
                // 4. far ahead: every minute and hour above closes for good
                advance(producer, "push", minute(200), truth, clicks);
                awaitWatermark(store, minute(200));
                Map<String, Counts> expected = truth.plus(clicks.expected(minute(0), minute(201)));
                awaitRows("final counts", store, minute(0), minute(201), expected, Duration.ofSeconds(30));
                await("pipeline counters", Duration.ofSeconds(10), () -> status(store).filter(s -> s.duplicates() == truth.duplicates + clicks.duplicates
                        && s.invalid() == malformed.size() && s.tooLate() == truth.tooLate).isPresent());
                assertThat(truth.duplicates).isGreaterThan(100);
                assertThat(clicks.duplicates).isZero();
                assertThat(expected.values().stream().mapToLong(Counts::clicks).sum()).isGreaterThan(100);

                long hour0 = HourReach.hourOf(minute(0));
                for (String ad : List.of("ad-0", "ad-1", "ad-2")) {
                    long both = truth.users(ad, hour0, hour0 + 2 * HourReach.HOUR_MS);
                    assertThat(both).as("users seen in both hours count once").isLessThan(
                            truth.users(ad, hour0, hour0 + HourReach.HOUR_MS) + truth.users(ad, hour0 + HourReach.HOUR_MS, hour0 + 2 * HourReach.HOUR_MS));
                    assertThat((double) store.reach(List.of(ad), minute(0), minute(120)).estimate())
                            .isCloseTo(both, within(3 * UniqueUsers.RELATIVE_STANDARD_ERROR * both));
                }
            } finally {
                second.stop();
            }
        }

        // archive: every impression read is there exactly once, rejected and too-late ones apart
        List<Map<String, Object>> archived = readParquet(dir.resolve("archive/impressions"), "dt=");
        Set<String> positions = new HashSet<>();
        for (Map<String, Object> r : archived) positions.add(r.get("partition") + "/" + r.get("offset"));
        assertThat(archived).hasSize((int) truth.messages);
        assertThat(positions).hasSize((int) truth.messages);
        assertThat(archived).filteredOn(r -> r.get("impression_id").equals("late-ok")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("kind", "rendered").containsEntry("ad_id", "ad-0").containsEntry("placement", "home"));
        assertThat(readParquet(dir.resolve("archive/impressions/rejected"), "dt=")).extracting(r -> r.get("raw").toString())
                .containsExactlyInAnyOrderElementsOf(malformed);
        assertThat(readParquet(dir.resolve("archive/impressions/too-late"), "dt=")).extracting(r -> r.get("impression_id").toString())
                .containsExactlyInAnyOrder("too-late-1", "too-late-2");
        assertThat(readParquet(dir.resolve("archive"), "dt=")).hasSize(clicks.expectedTotals(minute(0), minute(201)).values().stream()
                .mapToInt(c -> (int) (c.clicks() + c.suspiciousClicks())).sum());
        assertThat(readParquet(dir.resolve("archive/rejected"), "dt=")).isEmpty();
    }

    static boolean checkpointed(AggregatorOptions opts) {
        try {
            return RetainedCheckpoints.latest(opts.checkpointDir()).isPresent();
        } catch (Exception e) {
            return false;
        }
    }
}
