package dev.adclick.aggregator;

import dev.adclick.aggregator.records.KafkaClick;
import dev.adclick.aggregator.records.KafkaImpression;
import dev.adclick.aggregator.records.KafkaMessage;
import dev.adclick.aggregator.records.RejectedMessage;
import dev.adclick.aggregator.records.StoreRecord;
import dev.adclick.core.click.Click;
import dev.adclick.core.click.ClickJson;
import dev.adclick.aggregator.source.MessageDeserializationSchema;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionJson;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.core.fraud.FraudRules;
import dev.adclick.core.fraud.FraudScenarios;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests the whole {@link AggregateJob} without a broker or a store: a bounded source, collecting
 * sinks, a MiniCluster of parallelism 2. Counts must be exact: dedupe, every default fraud rule,
 * ordinary traffic, and the counters.
 */
class AggregateJobPipelineITCase extends AggregatorTestBase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void countsExactlyWithADuplicateAndSuspiciousGroups() throws Exception {
        FraudRules rules = FraudRules.defaults();
        FraudScenarios.Scenario scenario = FraudScenarios.around(rules, 7);
        ArrayList<String> messages = new ArrayList<>();
        for (Click c : scenario.clicks()) messages.add(ClickJson.toJson(c));
        Click first = scenario.clicks().get(0);
        messages.add(messages.size() / 2, ClickJson.toJson(first)); // a redelivery: counted once
        messages.add("this is not json");

        // a bounded generator cannot be empty: the impressions topic carries one impression of an ad of its own
        Click any = scenario.clicks().get(0);
        ArrayList<String> impressions = new ArrayList<>(List.of(ImpressionJson.toJson(impression("i", "ad-imp", ImpressionKind.SERVED, any.getTs(), "u"))));
        Sinks sinks = new Sinks();
        run(rules, messages, impressions, sinks);

        Map<CountKey, Counts> counts = sinks.counts();
        assertThat(counts.remove(new CountKey("ad-imp", any.minute()))).isEqualTo(Counts.impression(false));
        assertThat(counts.remove(new CountKey("ad-imp", any.minute(), HOME))).isEqualTo(Counts.impression(false));
        Map<StoreRecord.Kind, Long> counters = sinks.counters();
        // the total rows and every breakdown row (the scenario's clicks have dimensions, some unknown, some bots)
        assertThat(counts).isEqualTo(rules.rowsOf(scenario.clicks()));
        assertThat(counts.values().stream().mapToLong(Counts::suspiciousClicks).sum()).isGreaterThanOrEqualTo(scenario.flagged().size());
        assertThat(counters).containsEntry(StoreRecord.Kind.DUPLICATES, 1L).containsEntry(StoreRecord.Kind.INVALID, 1L)
                .doesNotContainKey(StoreRecord.Kind.TOO_LATE);
        assertThat(collected(sinks.clicks.archive())).hasSize(scenario.clicks().size() + 1);
        assertThat(collected(sinks.clicks.rejected())).extracting(RejectedMessage::getRaw).containsExactly("this is not json");
        assertThat(collected(sinks.clicks.tooLate())).isEmpty();
    }

    @Test
    void countsImpressionsOncePerKindBesideClicksWithReachOfRenderedOnes() throws Exception {
        ArrayList<String> impressions = new ArrayList<>();
        long m0 = minute(0);
        for (int i = 0; i < 30; i++) {
            String ad = "ad-" + (i % 3);
            impressions.add(ImpressionJson.toJson(impression("i" + i, ad, ImpressionKind.SERVED, m0 + i * 100L, "user-" + (i % 10))));
            // two thirds are rendered; the beacon of some loads twice
            if (i % 3 != 0) impressions.add(ImpressionJson.toJson(impression("i" + i, ad, ImpressionKind.RENDERED, m0 + i * 100L + 50, "user-" + (i % 10))));
            if (i % 3 != 0 && i % 5 == 1) impressions.add(ImpressionJson.toJson(impression("i" + i, ad, ImpressionKind.RENDERED, m0 + i * 100L + 70, "user-" + (i % 10))));
        }
        impressions.add(impressions.size() / 2, "{\"v\":1,\"impression_id\":\"x\"}");
        ArrayList<String> clicks = new ArrayList<>();
        clicks.add(ClickJson.toJson(new Click("c1", "ad-1", "i1", m0 + 500, "ip-c", "ua-c", true)));

        Sinks sinks = new Sinks();
        run(FraudRules.defaults(), clicks, impressions, sinks);

        // ad-0: i0,i3,..,i27 (10 served), rendered those with i % 3 != 0: none; ad-1: 10 served, 10 rendered; ad-2 likewise
        assertThat(sinks.counts()).isEqualTo(Map.of(
                new CountKey("ad-0", m0), new Counts(0, 0, 0, 10, 0),
                new CountKey("ad-0", m0, HOME), new Counts(0, 0, 0, 10, 0),
                new CountKey("ad-1", m0), new Counts(1, 1, 0, 10, 10),
                new CountKey("ad-1", m0, HOME), new Counts(0, 0, 0, 10, 10),
                new CountKey("ad-1", m0, Dimensions.UNKNOWN), new Counts(1, 1, 0), // a v1 click
                new CountKey("ad-2", m0), new Counts(0, 0, 0, 10, 10),
                new CountKey("ad-2", m0, HOME), new Counts(0, 0, 0, 10, 10)));
        long repeatedBeacons = java.util.stream.IntStream.range(0, 30).filter(i -> i % 5 == 1 && i % 3 != 0).count();
        assertThat(sinks.counters()).containsEntry(StoreRecord.Kind.DUPLICATES, repeatedBeacons).containsEntry(StoreRecord.Kind.INVALID, 1L);
        // reach: the last sketch per (ad, hour); ad-1 renders i1,i4,..: users 1,4,7,0,3,6,9,2,5,8 → all 10
        Map<String, Long> reach = new HashMap<>();
        for (StoreRecord r : sinks.store.collected()) {
            if (r.getKind() == StoreRecord.Kind.REACH) reach.put(r.getReach().adId() + "@" + r.getReach().hour(), r.getReach().users().estimate());
        }
        assertThat(reach).isEqualTo(Map.of("ad-1@" + m0, 10L, "ad-2@" + m0, 10L));
        assertThat(collected(sinks.impressions.archive())).hasSize(impressions.size() - 1);
        assertThat(collected(sinks.impressions.rejected())).extracting(RejectedMessage::getRaw).containsExactly("{\"v\":1,\"impression_id\":\"x\"}");
        assertThat(collected(sinks.clicks.rejected())).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> collected(org.apache.flink.api.connector.sink2.Sink<T> sink) {
        return ((CollectingSink<T>) sink).collected();
    }

    /** The dimensions of {@link #impression}: placement home, the rest unknown. */
    static final Dimensions HOME = Dimensions.of("home", null, null);

    static Impression impression(String id, String ad, ImpressionKind kind, long ts, String user) {
        return new Impression(id, ad, kind, ts, "home", "ip-" + user, "ua-" + user);
    }

    private static void run(FraudRules rules, ArrayList<String> clicks, ArrayList<String> impressions, Sinks sinks) throws Exception {
        Path dir = newTestDir("pipeline");
        AggregatorOptions opts = AggregatorOptions.builder()
                .checkpointDir(dir.resolve("checkpoints").toUri().toString()).checkpointInterval(Duration.ofSeconds(1))
                // the scenario is shuffled across two minutes: nothing may be too late here
                .outOfOrderness(Duration.ofMinutes(5)).allowedLateness(ALLOWED_LATENESS).earlyFiring(Duration.ofMillis(200))
                .dedupeTtl(Duration.ofMinutes(10)).fraudRules(rules).idleTimeout(Duration.ofSeconds(3)).parallelism(2)
                .stateBackend("hashmap").build();
        new AggregateJob(opts,
                new DataGeneratorSource<>(new MessageAt<>(clicks, MessageDeserializationSchema.clicks()), clicks.size(), TypeInformation.of(KafkaClick.class)),
                new DataGeneratorSource<>(new MessageAt<>(impressions, MessageDeserializationSchema.impressions()), impressions.size(),
                        TypeInformation.of(KafkaImpression.class)),
                new JobSinks(sinks.store, sinks.clicks, sinks.impressions)).execute();
    }

    /** Collecting sinks under fresh names. */
    private static final class Sinks {
        final CollectingSink<StoreRecord> store = new CollectingSink<>("store-" + System.nanoTime());
        final JobSinks.TopicSinks<KafkaClick> clicks = topic("clicks");
        final JobSinks.TopicSinks<KafkaImpression> impressions = topic("impressions");

        private static <M> JobSinks.TopicSinks<M> topic(String name) {
            return new JobSinks.TopicSinks<>(new CollectingSink<M>(name + "-archive-" + System.nanoTime()),
                    new CollectingSink<RejectedMessage>(name + "-rejected-" + System.nanoTime()),
                    new CollectingSink<M>(name + "-too-late-" + System.nanoTime()));
        }

        /** The last absolute counts per row (the final ones), total and breakdown rows, zero rows left out. */
        Map<CountKey, Counts> counts() {
            Map<CountKey, List<MinuteCount>> lastUnit = new HashMap<>();
            for (StoreRecord r : store.collected()) if (r.isCount()) lastUnit.put(r.getKey(), r.toMinuteCounts(0));
            Map<CountKey, Counts> counts = new HashMap<>();
            for (List<MinuteCount> unit : lastUnit.values()) for (MinuteCount m : unit) counts.put(m.key(), m.counts());
            counts.values().removeIf(Counts::isZero);
            return counts;
        }

        Map<StoreRecord.Kind, Long> counters() {
            Map<StoreRecord.Kind, Long> counters = new HashMap<>();
            for (StoreRecord r : store.collected()) {
                if (!r.isCount() && r.getKind() != StoreRecord.Kind.REACH) counters.merge(r.getKind(), r.getAmount(), Long::sum);
            }
            return counters;
        }
    }

    /** The bounded source's records: message {@code i}, parsed as the Kafka deserializer does, "read" from partition 0 at offset i. */
    private static final class MessageAt<M extends KafkaMessage<?>> implements GeneratorFunction<Long, M> {
        private static final long serialVersionUID = 1L;
        private final ArrayList<String> messages;
        private final MessageDeserializationSchema<?, M> schema;

        MessageAt(ArrayList<String> messages, MessageDeserializationSchema<?, M> schema) {
            this.messages = messages;
            this.schema = schema;
        }

        @Override
        public M map(Long index) {
            return schema.read(messages.get(index.intValue()).getBytes(StandardCharsets.UTF_8), 0, index, 0);
        }
    }
}
