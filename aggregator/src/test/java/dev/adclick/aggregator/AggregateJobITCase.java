package dev.adclick.aggregator;

import dev.adclick.core.click.Click;
import dev.adclick.core.count.Counts;
import dev.adclick.core.fraud.FraudRules;
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

/**
 * Tests for {@link AggregateJob} end to end: a generated stream with known ground truth through a
 * real Kafka broker (3 partitions), the job on a MiniCluster, counts in a real DuckDB file.
 */
class AggregateJobITCase extends AggregatorTestBase {
    static Path dir;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        dir = newTestDir("aggregate-it");
        kafka = new EmbeddedKafka(dir.resolve("kafka"), 0).start();
        kafka.createTopic("clicks", 3);
        kafka.createTopic("impressions", 3); // the job reads both topics; this one stays empty here
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
    }

    @Test
    void countsExactlyPerAdAndMinuteWithDedupeFraudLatenessAndArchive() throws Exception {
        Truth truth = new Truth(FraudRules.defaults());
        List<Click> valid = new ArrayList<>();
        Random rnd = new Random(42);
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            // phase 1: minutes 0..2, each partition in event-time order with jitter inside the bound
            for (int p = 0; p < 3; p++) {
                List<Click> part = new ArrayList<>();
                String ad = "ad-" + (p + 1);
                for (int m = 0; m < 3; m++) {
                    for (int i = 0; i < 40; i++) {
                        long ts = minute(m) + i * 1400L + rnd.nextInt(900);
                        part.add(click(ad + "-m" + m + "-" + i, ad, ts, "ip-" + p + "-" + m + "-" + i, i % 3 != 0));
                    }
                }
                if (p == 0) {
                    // duplicates: within seconds, and across a minute boundary (counts in the first minute)
                    part.add(14, part.get(12));
                    Click beforeBoundary = click("boundary", ad, minute(0) + 59_500, "ip-b", true);
                    part.add(45, beforeBoundary);
                    part.add(46, click("boundary", ad, minute(1) + 500, "ip-b", true));
                    // a person clicking a few times is not fraud; clicks without ip_hash are never suspicious
                    for (int i = 0; i < 3; i++) part.add(60 + i, click("repeat-" + i, ad, minute(1) + 20_000 + i, "ip-repeater", false));
                    part.add(70, click("no-ip-1", ad, minute(1) + 25_000, null, true));
                    // a flood from one ip_hash on one ad: 25 > 20 in minute 1, all of them suspicious
                    for (int i = 0; i < 25; i++) part.add(75 + i, click("flood-" + i, "ad-f", minute(1) + 30_000 + i * 100, "ip-flood", i % 2 == 0));
                }
                if (p == 1) {
                    // across ads: 17 on each of 6 ads = 102 > 100 in minute 2 (no single ad above 20)
                    int at = 90;
                    for (int i = 0; i < 17; i++) {
                        for (int a = 1; a <= 6; a++) {
                            part.add(at++, click("multi-" + a + "-" + i, "ad-m" + a, minute(2) + 10_000 + i * 50 + a, "ip-multi", true));
                        }
                    }
                }
                for (Click c : part) {
                    truth.arrive(c);
                    valid.add(c);
                    send(producer, p, c);
                }
            }
            sendRaw(producer, 0, "this is not json");
            sendRaw(producer, 1, "{\"v\":1,\"ad_id\":\"ad-1\",\"ts\":1}");
            producer.flush();

            AggregatorOptions opts = options(kafka, dir).build();
            ClickStore store = openStore(dir); // before the job: concurrent first opens of a DuckDB file conflict
            LocalAggregator agg = LocalAggregator.start(opts);
            try {
                Map<String, Counts> phase1 = truth.expected(minute(0), minute(3));
                awaitRows("phase 1 counts", store, minute(0), minute(3), phase1, Duration.ofSeconds(60));

                // phase 2: the watermark moves to minute 4 + 28 s on partitions 0 and 1; partition 2 stays quiet
                for (int p = 0; p < 2; p++) {
                    Click adv = click("advance-" + p, "ad-adv", minute(4) + 30_000, "ip-adv-" + p, true);
                    truth.arrive(adv);
                    valid.add(adv);
                    send(producer, p, adv);
                }
                producer.flush();
                long closedThrough = minute(4) + 30_000 - OUT_OF_ORDERNESS.toMillis() - 1;
                await("watermark past minute 2", Duration.ofSeconds(60),
                        () -> status(store).map(PipelineStatus::watermark).orElse(0L) >= closedThrough);

                // phase 3: late but within the allowed lateness (minute 3) counts; minutes 1 and 2 are closed
                List<Click> phase3 = List.of(
                        click("late-ok-1", "ad-1", minute(3) + 10_000, "ip-l1", true),
                        click("late-ok-2", "ad-2", minute(3) + 11_000, "ip-l2", false));
                for (int i = 0; i < phase3.size(); i++) {
                    truth.arrive(phase3.get(i));
                    valid.add(phase3.get(i));
                    send(producer, 0, phase3.get(i));
                }
                List<Click> tooLate = List.of(
                        click("too-late-1", "ad-1", minute(1) + 5_000, "ip-t1", true),
                        click("too-late-2", "ad-2", minute(2) + 50_000, "ip-t2", true));
                for (int i = 0; i < tooLate.size(); i++) {
                    truth.arriveTooLate(tooLate.get(i));
                    valid.add(tooLate.get(i));
                    send(producer, 0, tooLate.get(i));
                }
                Click lateDuplicate = click("ad-1-m0-5", "ad-1", minute(0) + 7_000, "ip-0-0-5", true);
                truth.arriveTooLate(lateDuplicate);
                valid.add(lateDuplicate);
                send(producer, 0, lateDuplicate);
                producer.flush();

                // one partition only: an idle partition that wakes up later than another one is
                // behind the others' watermark (that is what idleness means), which would race here
                await("late clicks decided", Duration.ofSeconds(30), () -> status(store)
                        .filter(s -> s.duplicates() == 3 && s.tooLate() == 2).isPresent()
                        && totalRows(store, minute(3), minute(4)).size() == 2);

                // phase 4: push the watermark far ahead so every minute above closes for good
                for (int p = 0; p < 2; p++) {
                    Click pusher = click("pusher-" + p, "ad-push", minute(30), "ip-push-" + p, false);
                    truth.arrive(pusher);
                    valid.add(pusher);
                    send(producer, p, pusher);
                }
                producer.flush();
                await("watermark past minute 28", Duration.ofSeconds(60),
                        () -> status(store).map(PipelineStatus::watermark).orElse(0L) >= minute(30) - OUT_OF_ORDERNESS.toMillis() - 1);
                Map<String, Counts> all = truth.expected(minute(0), minute(31));
                awaitRows("final counts", store, minute(0), minute(31), all, Duration.ofSeconds(30));
                await("pipeline counters", Duration.ofSeconds(10), () -> status(store)
                        .filter(s -> s.duplicates() == truth.duplicates && s.invalid() == 2 && s.tooLate() == truth.tooLate).isPresent());

                assertThat(truth.duplicates).isEqualTo(3);
                assertThat(truth.tooLate).isEqualTo(2);
                assertThat(all.get(key("ad-f", minute(1)))).isEqualTo(new Counts(0, 0, 25));
                assertThat(all.get(key("ad-m1", minute(2)))).isEqualTo(new Counts(0, 0, 17));
                assertThat(all.get(key("ad-1", minute(0))).clicks()).isEqualTo(41L);
            } finally {
                agg.stop();
                store.close();
            }
        }

        // archive: every message read is there exactly once (duplicates are messages too)
        List<Map<String, Object>> archived = readParquet(dir.resolve("archive"), "dt=");
        Set<String> positions = new HashSet<>();
        for (Map<String, Object> r : archived) positions.add(r.get("partition") + "/" + r.get("offset"));
        assertThat(archived).hasSize(valid.size());
        assertThat(positions).hasSize(valid.size());
        assertThat(archived.stream().map(r -> r.get("click_id").toString()).sorted().toList())
                .isEqualTo(valid.stream().map(Click::getClickId).sorted().toList());
        List<Map<String, Object>> rejected = readParquet(dir.resolve("archive/rejected"), "dt=");
        assertThat(rejected).extracting(r -> r.get("raw").toString())
                .containsExactlyInAnyOrder("this is not json", "{\"v\":1,\"ad_id\":\"ad-1\",\"ts\":1}");
        assertThat(readParquet(dir.resolve("archive/too-late"), "dt=")).hasSize(2);
        assertThat(Files.list(dir.resolve("archive")).map(p -> p.getFileName().toString()))
                .contains("dt=2025-01-06", "rejected", "too-late");
    }
}
