package dev.adclick.aggregator;

import dev.adclick.aggregator.metrics.JobMetrics;
import dev.adclick.core.click.Click;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.embedded.EmbeddedKafka;
import dev.adclick.store.ClickStore;
import dev.adclick.store.PipelineStatus;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The job's metrics as Prometheus scrapes them: {@link LocalAggregator} with Flink's Prometheus
 * reporter on a free port, real Kafka (2 partitions per topic), DuckDB. Clicks and impressions
 * with known numbers of invalid, duplicate and too-late ones; the endpoint is read over HTTP and
 * the job's counters must equal them exactly, beside Flink's own records-in and checkpoint metrics
 * and the sink's write latency.
 */
class JobMetricsITCase extends AggregatorTestBase {
    /** Flink's prefix of metrics in an operator's group, and of the job's own (docs/operations.md). */
    static final String OPERATOR = "flink_taskmanager_job_task_operator_";
    static final String ADCLICK = OPERATOR + JobMetrics.GROUP + "_";
    static final String PER_STREAM = ADCLICK + JobMetrics.EVENTS + "_";

    static Path dir;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        dir = newTestDir("job-metrics");
        kafka = kafkaWithBothTopics(dir);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
    }

    static Impression impression(String id, String ad, ImpressionKind kind, long ts) {
        return new Impression(id, ad, kind, ts, "home", "ip-" + id, "ua-" + id);
    }

    @Test
    void servesTheJobsCountersCheckpointsAndSinkLatencyInPrometheusFormat() throws Exception {
        long clickMessages = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            // minute 0: 10 clicks and 5 served + 5 rendered impressions per partition; 2 click and 1 impression duplicates
            for (int p = 0; p < 2; p++) {
                for (int i = 0; i < 10; i++) {
                    send(producer, p, click("c-" + p + "-" + i, "ad-" + p, minute(0) + i * 1000L, "ip-" + p + "-" + i, true));
                    clickMessages++;
                }
                for (int i = 0; i < 5; i++) {
                    send(producer, "impressions", p, impression("i-" + p + "-" + i, "ad-" + p, ImpressionKind.SERVED, minute(0) + i * 1000L));
                    send(producer, "impressions", p, impression("i-" + p + "-" + i, "ad-" + p, ImpressionKind.RENDERED, minute(0) + i * 1000L + 50));
                }
            }
            send(producer, 0, click("c-0-3", "ad-0", minute(0) + 3000L, "ip-0-3", true));
            send(producer, 1, click("c-1-7", "ad-1", minute(0) + 7000L, "ip-1-7", true));
            clickMessages += 2;
            send(producer, "impressions", 0, impression("i-0-2", "ad-0", ImpressionKind.RENDERED, minute(0) + 2050L));
            // invalid: 3 clicks, 2 impressions
            sendRaw(producer, 0, "not json");
            sendRaw(producer, 1, "{\"v\":1,\"ad_id\":\"ad-1\"}");
            sendRaw(producer, 1, "[]");
            clickMessages += 3;
            sendRaw(producer, "impressions", 0, "not json either");
            sendRaw(producer, "impressions", 1, "{\"v\":1,\"kind\":\"clicked\"}");
            // every partition of both topics moves its watermark to minute 5: minute 0 closes for good
            for (int p = 0; p < 2; p++) {
                send(producer, p, click("advance-" + p, "ad-adv", minute(5), "ip-adv-" + p, true));
                send(producer, "impressions", p, impression("advance-" + p, "ad-adv", ImpressionKind.SERVED, minute(5)));
                clickMessages++;
            }
            producer.flush();

            AggregatorOptions opts = options(kafka, dir).build();
            ClickStore store = openStore(dir); // before the job: concurrent first opens of a DuckDB file conflict
            LocalAggregator agg = LocalAggregator.start(opts, 0);
            try {
                String url = agg.metricsUrl().orElseThrow();
                assertThat(url).startsWith("http://127.0.0.1:").endsWith("/metrics");
                await("the watermark past minute 2", Duration.ofSeconds(90),
                        () -> status(store).map(PipelineStatus::watermark).orElse(0L) >= minute(5) - OUT_OF_ORDERNESS.toMillis() - 1);

                // too late: their minute closed at minute 2 (end + 1 min allowed lateness)
                send(producer, 0, click("late-1", "ad-0", minute(0) + 10_000, "ip-late-1", true));
                send(producer, 1, click("late-2", "ad-1", minute(0) + 20_000, "ip-late-2", false));
                clickMessages += 2;
                send(producer, "impressions", 0, impression("late-i", "ad-0", ImpressionKind.SERVED, minute(0) + 30_000));
                producer.flush();

                long expectedClickMessages = clickMessages;
                await("the job's counters, records in and a checkpoint in the scrape", Duration.ofSeconds(60), () -> {
                    PrometheusText m = PrometheusText.scrape(url);
                    return m.sum(PER_STREAM + JobMetrics.TOO_LATE, Map.of("events", "clicks")) == 2
                            && m.sum(PER_STREAM + JobMetrics.TOO_LATE, Map.of("events", "impressions")) == 1
                            && m.sum(OPERATOR + "numRecordsIn", Map.of("operator_name", "Parse_clicks")) == expectedClickMessages
                            && m.sum("flink_jobmanager_job_numberOfCompletedCheckpoints") >= 1;
                });
                PrometheusText m = PrometheusText.scrape(url);
                Files.writeString(dir.resolve("flink-metrics.txt"), m.text()); // for whoever needs the full list

                assertThat(m.sum(PER_STREAM + JobMetrics.READ, Map.of("events", "clicks"))).isEqualTo(clickMessages);
                assertThat(m.sum(PER_STREAM + JobMetrics.READ, Map.of("events", "impressions"))).isEqualTo(2 * 10 + 1 + 2 + 2 + 1);
                assertThat(m.sum(PER_STREAM + JobMetrics.INVALID, Map.of("events", "clicks"))).isEqualTo(3);
                assertThat(m.sum(PER_STREAM + JobMetrics.INVALID, Map.of("events", "impressions"))).isEqualTo(2);
                assertThat(m.sum(PER_STREAM + JobMetrics.DUPLICATES, Map.of("events", "clicks"))).isEqualTo(2);
                assertThat(m.sum(PER_STREAM + JobMetrics.DUPLICATES, Map.of("events", "impressions"))).isEqualTo(1);
                assertThat(m.sum(PER_STREAM + JobMetrics.TOO_LATE, Map.of("events", "clicks"))).isEqualTo(2);
                assertThat(m.sum(PER_STREAM + JobMetrics.TOO_LATE, Map.of("events", "impressions"))).isEqualTo(1);
                // one label set per parallel subtask, with the job's name
                assertThat(m.samples(PER_STREAM + JobMetrics.INVALID, Map.of("events", "clicks")))
                        .hasSize(2).allSatisfy(s -> assertThat(s.labels()).containsEntry("job_name", AggregateJob.JOB_NAME.replace('-', '_'))
                                .containsKey("subtask_index").doesNotContainKeys("task_attempt_id", "tm_id", "job_id"));

                // Flink's own: checkpoints, records in, watermarks, state size, the job's state
                assertThat(m.sum("flink_jobmanager_job_numberOfCompletedCheckpoints")).isGreaterThanOrEqualTo(1);
                // not zero for sure: a checkpoint triggered while the tasks still start counts as failed
                assertThat(m.has("flink_jobmanager_job_numberOfFailedCheckpoints")).isTrue();
                assertThat(m.sum("flink_jobmanager_job_lastCheckpointCompletedTimestamp")).isGreaterThan(minute(0));
                assertThat(m.has("flink_jobmanager_job_lastCheckpointDuration")).isTrue();
                assertThat(m.has("flink_jobmanager_job_lastCheckpointFullSize")).isTrue();
                assertThat(m.sum("flink_jobmanager_job_runningState")).isEqualTo(1);
                assertThat(m.sum("flink_jobmanager_job_numRestarts")).isZero();
                assertThat(m.sum(OPERATOR + "numRecordsIn", Map.of("operator_name", "Parse_clicks"))).isEqualTo(clickMessages);
                assertThat(m.samples(OPERATOR + "currentInputWatermark", Map.of("operator_name", "Fraud_rules_and_lateness")))
                        .isNotEmpty().allSatisfy(s -> assertThat(s.value()).isGreaterThanOrEqualTo(minute(5) - OUT_OF_ORDERNESS.toMillis() - 1));

                // the sink: rows stored, write latency (a summary), no retries against a healthy store
                Map<String, String> storeSink = Map.of("operator_name", "Click_store:_Writer");
                assertThat(m.sum(OPERATOR + "numRecordsSend", storeSink)).isPositive();
                assertThat(m.samples(OPERATOR + "currentSendTime", storeSink)).hasSize(2);
                assertThat(m.sum(ADCLICK + JobMetrics.SINK_WRITE_LATENCY + "_count")).isPositive();
                assertThat(m.samples(ADCLICK + JobMetrics.SINK_WRITE_LATENCY, Map.of("quantile", "0.99"))).hasSize(2);
                assertThat(m.sum(ADCLICK + JobMetrics.SINK_WRITE_RETRIES)).isZero();
                assertThat(m.sum(ADCLICK + JobMetrics.SINK_WRITE_FAILURES)).isZero();
                assertThat(m.sum(ADCLICK + JobMetrics.LATE_DELTAS_DROPPED)).isZero();
            } finally {
                agg.stop();
                store.close();
            }
        }
    }

    @Test
    void aBusyMetricsPortStopsTheStartWithAMessage() throws Exception {
        // Flink itself would only log that the reporter failed and serve no metrics
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThatThrownBy(() -> LocalAggregator.start(options(kafka, newTestDir("busy-port")).build(), taken.getLocalPort()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " for the Flink job's metrics is in use");
        }
    }
}
