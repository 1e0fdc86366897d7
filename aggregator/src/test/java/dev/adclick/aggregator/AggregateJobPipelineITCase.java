package dev.adclick.aggregator;

import dev.adclick.aggregator.records.KafkaClick;
import dev.adclick.aggregator.records.RejectedMessage;
import dev.adclick.aggregator.records.StoreRecord;
import dev.adclick.core.click.Click;
import dev.adclick.core.click.ClickJson;
import dev.adclick.core.click.InvalidClickException;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.fraud.FraudRules;
import dev.adclick.core.fraud.FraudScenarios;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

        CollectingSink<StoreRecord> store = new CollectingSink<>("store-" + System.nanoTime());
        CollectingSink<KafkaClick> archive = new CollectingSink<>("archive-" + System.nanoTime());
        CollectingSink<RejectedMessage> rejected = new CollectingSink<>("rejected-" + System.nanoTime());
        CollectingSink<KafkaClick> tooLate = new CollectingSink<>("too-late-" + System.nanoTime());
        Path dir = newTestDir("pipeline");
        AggregatorOptions opts = AggregatorOptions.builder()
                .checkpointDir(dir.resolve("checkpoints").toUri().toString()).checkpointInterval(Duration.ofSeconds(1))
                // the scenario is shuffled across two minutes: nothing may be too late here
                .outOfOrderness(Duration.ofMinutes(5)).allowedLateness(ALLOWED_LATENESS).earlyFiring(Duration.ofMillis(200))
                .dedupeTtl(Duration.ofMinutes(10)).fraudRules(rules).idleTimeout(Duration.ofSeconds(3)).parallelism(2)
                .stateBackend("hashmap").build();

        new AggregateJob(opts, new DataGeneratorSource<>(new MessageAt(messages), messages.size(), TypeInformation.of(KafkaClick.class)),
                new JobSinks(store, archive, rejected, tooLate)).execute();

        Map<CountKey, Counts> counts = new HashMap<>();
        Map<StoreRecord.Kind, Long> counters = new HashMap<>();
        for (StoreRecord r : store.collected()) {
            if (r.isCount()) counts.put(r.getKey(), r.getCounts()); // absolute values: the last one per key is final
            else counters.merge(r.getKind(), r.getAmount(), Long::sum);
        }
        counts.values().removeIf(Counts::isZero);
        assertThat(counts).isEqualTo(FraudScenarios.expected(rules, scenario.clicks()));
        assertThat(counts.values().stream().mapToLong(Counts::suspiciousClicks).sum()).isGreaterThanOrEqualTo(scenario.flagged().size());
        assertThat(counters).containsEntry(StoreRecord.Kind.DUPLICATES, 1L).containsEntry(StoreRecord.Kind.INVALID, 1L)
                .doesNotContainKey(StoreRecord.Kind.TOO_LATE);
        assertThat(archive.collected()).hasSize(scenario.clicks().size() + 1);
        assertThat(rejected.collected()).extracting(RejectedMessage::getRaw).containsExactly("this is not json");
        assertThat(tooLate.collected()).isEmpty();
    }

    /** The bounded source's records: message {@code i}, parsed as the Kafka deserializer would, "read" from partition 0 at offset i. */
    private static final class MessageAt implements GeneratorFunction<Long, KafkaClick> {
        private static final long serialVersionUID = 1L;
        private final ArrayList<String> messages;

        MessageAt(ArrayList<String> messages) {
            this.messages = messages;
        }

        @Override
        public KafkaClick map(Long index) {
            String m = messages.get(index.intValue());
            try {
                return KafkaClick.valid(ClickJson.parse(m), 0, index, 0);
            } catch (InvalidClickException e) {
                return KafkaClick.invalid(m, e.getMessage(), 0, index, 0);
            }
        }
    }
}
