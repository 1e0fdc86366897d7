package dev.adclick.aggregator;

import dev.adclick.core.click.Click;
import dev.adclick.core.click.ClickJson;
import dev.adclick.core.count.Counts;
import dev.adclick.core.fraud.FraudRules;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.store.ClickStore;
import dev.adclick.store.PipelineStatus;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link LocalAggregator} under faults: killed mid-stream and restarted, store unavailable for a while. */
class AggregatorFaultITCase extends AggregatorTestBase {
    static Path root;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        root = newTestDir("aggregate-faults");
        kafka = new EmbeddedKafka(root.resolve("kafka"), 0).start();
        FlakyClickStore.register();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
    }

    /** Clicks of 9 ads on 3 partitions over minutes 0..4, ~4% duplicates, in event-time order per partition. */
    static List<List<Click>> generate(int perPartition, long seed) {
        Random rnd = new Random(seed);
        List<List<Click>> parts = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            List<Click> part = new ArrayList<>();
            for (int i = 0; i < perPartition; i++) {
                long ts = minute(0) + (long) i * 5 * MINUTE / perPartition + rnd.nextInt(500);
                String ad = "ad-" + (p + 3 * rnd.nextInt(3));
                if (i > 10 && rnd.nextInt(25) == 0) {
                    Click prev = part.get(part.size() - 1 - rnd.nextInt(10));
                    part.add(click(prev.getClickId(), prev.getAdId(), ts, prev.getIpHash(), prev.isVerified()));
                } else {
                    part.add(click("c-" + p + "-" + i, ad, ts, "ip-" + rnd.nextInt(100_000), rnd.nextBoolean()));
                }
            }
            parts.add(part);
        }
        return parts;
    }

    static void produce(KafkaProducer<byte[], byte[]> producer, String topic, List<List<Click>> parts, int from, int to, Truth truth) {
        for (int i = from; i < to; i++) {
            for (int p = 0; p < parts.size(); p++) {
                Click c = parts.get(p).get(i);
                truth.arrive(c);
                producer.send(new ProducerRecord<>(topic, p, c.getAdId().getBytes(StandardCharsets.UTF_8), ClickJson.toBytes(c)));
            }
        }
        producer.flush();
    }

    static void pushWatermark(KafkaProducer<byte[], byte[]> producer, String topic, Truth truth) {
        for (int p = 0; p < 3; p++) {
            Click c = click("pusher-" + p, "ad-push", minute(30), "ip-push-" + p, false);
            truth.arrive(c);
            producer.send(new ProducerRecord<>(topic, p, c.getAdId().getBytes(StandardCharsets.UTF_8), ClickJson.toBytes(c)));
        }
        producer.flush();
    }

    static void awaitFinal(ClickStore store, Truth truth) throws InterruptedException {
        await("watermark past minute 28", Duration.ofSeconds(90),
                () -> status(store).map(PipelineStatus::watermark).orElse(0L) >= minute(30) - OUT_OF_ORDERNESS.toMillis() - 1);
        awaitRows("exact final counts", store, minute(0), minute(31), truth.expected(minute(0), minute(31)), Duration.ofSeconds(30));
        await("duplicates counted once", Duration.ofSeconds(10),
                () -> status(store).filter(s -> s.duplicates() == truth.duplicates && s.tooLate() == 0).isPresent());
    }

    /** Completed Flink checkpoints under a checkpoint directory: each writes its {@code _metadata} last. */
    static long completedCheckpoints(Path checkpoints) {
        if (!java.nio.file.Files.isDirectory(checkpoints)) return 0;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(checkpoints)) {
            return files.filter(f -> f.getFileName().toString().equals("_metadata")).count();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return 0; // a checkpoint went away while we looked: look again
        }
    }

    @Test
    void killedMidStreamThenRestartedFromTheCheckpointCountsExactly() throws Exception {
        String topic = "clicks-restart";
        kafka.createTopic(topic, 3);
        kafka.createTopic(topic + "-impressions", 3); // the job reads both topics; this one stays empty here
        Path dir = java.nio.file.Files.createDirectories(root.resolve("restart"));
        AggregatorOptions opts = options(kafka, dir).topic(topic).impressionsTopic(topic + "-impressions").groupId("restart").build();
        List<List<Click>> parts = generate(3_000, 7);
        Truth truth = new Truth(FraudRules.defaults());
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka); ClickStore store = openStore(dir)) {
            produce(producer, topic, parts, 0, 1_000, truth);
            LocalAggregator first = LocalAggregator.start(opts);
            await("first part counted", Duration.ofSeconds(60), () -> !rows(store, minute(0), minute(5)).isEmpty());
            // keep producing while the job is killed after a checkpoint: the restart resumes from it, not from scratch
            await("a checkpoint completed", Duration.ofSeconds(60), () -> completedCheckpoints(dir.resolve("checkpoints")) > 0);
            produce(producer, topic, parts, 1_000, 1_600, truth);
            first.kill();
            produce(producer, topic, parts, 1_600, 2_200, truth);

            LocalAggregator second = LocalAggregator.start(opts);
            try {
                assertThat(second.restoredFrom()).isPresent();
                produce(producer, topic, parts, 2_200, 3_000, truth);
                pushWatermark(producer, topic, truth);
                awaitFinal(store, truth);
            } finally {
                second.stop();
            }
            // a graceful stop leaves a savepoint; a third start resumes from it and changes nothing
            long thirdStarted = System.currentTimeMillis();
            LocalAggregator third = LocalAggregator.start(opts);
            try {
                assertThat(third.restoredFrom()).hasValueSatisfying(p -> assertThat(p).contains("savepoint"));
                // its sink is live (it reported its status) before the rows are compared
                await("the resumed job reports", Duration.ofSeconds(60),
                        () -> status(store).map(PipelineStatus::updatedAt).orElse(0L) > thirdStarted);
                assertThat(rows(store, minute(0), minute(5))).isEqualTo(truth.expected(minute(0), minute(5)));
            } finally {
                third.stop();
            }
        }
    }

    @Test
    void storeUnavailableForAWhileHoldsInputBackAndCountsExactlyAfterwards() throws Exception {
        String topic = "clicks-flaky";
        kafka.createTopic(topic, 3);
        kafka.createTopic(topic + "-impressions", 3);
        Path dir = java.nio.file.Files.createDirectories(root.resolve("flaky"));
        AggregatorOptions opts = options(kafka, dir).topic(topic).impressionsTopic(topic + "-impressions").groupId("flaky")
                .storeLocation(FlakyClickStore.SCHEME + ":duckdb:" + dir.resolve("adclick.duckdb")).build();
        List<List<Click>> parts = generate(2_000, 11);
        Truth truth = new Truth(FraudRules.defaults());
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka); ClickStore store = openStore(dir)) {
            LocalAggregator agg = LocalAggregator.start(opts);
            try {
                produce(producer, topic, parts, 0, 800, truth);
                await("first part counted", Duration.ofSeconds(60), () -> !rows(store, minute(0), minute(5)).isEmpty());
                long failedBefore = FlakyClickStore.FAILED_WRITES.get();
                FlakyClickStore.DOWN.set(true);
                produce(producer, topic, parts, 800, 2_000, truth);
                pushWatermark(producer, topic, truth);
                await("the sink retries against the store that is down", Duration.ofSeconds(60),
                        () -> FlakyClickStore.FAILED_WRITES.get() >= failedBefore + 3);
                assertThat(agg.status()).isEqualTo(JobStatus.RUNNING); // blocked, not failed over
                Map<String, Counts> duringOutage = rows(store, minute(0), minute(31));
                assertThat(duringOutage).isNotEqualTo(truth.expected(minute(0), minute(31)));
                FlakyClickStore.DOWN.set(false);
                awaitFinal(store, truth);
            } finally {
                FlakyClickStore.DOWN.set(false);
                agg.stop();
            }
        }
    }
}
