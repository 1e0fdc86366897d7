package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.CountDelta;
import dev.adclick.core.click.Click;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.fraud.FraudRules;
import dev.adclick.core.fraud.FraudScenarios;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@link FraudDeltaFunction} agrees with the rules' reference semantics over every rule
 * of {@link FraudRules#defaults()} (the bot rule too), per breakdown row and in total, whatever the arrival order (reconcile's {@code FraudAgreementITCase}
 * checks Spark against the same scenarios).
 */
class FraudAgreementTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void streamCountsWhatTheReferenceSaysForEveryDefaultRule(long seed) throws Exception {
        assertAgreement(FraudRules.defaults(), seed);
    }

    @Test
    void streamAppliesPerClickRulesAsTheReferenceDoes() throws Exception {
        assertAgreement(FraudScenarios.defaultsWithAClickRule(), 4);
    }

    private static void assertAgreement(FraudRules rules, long seed) throws Exception {
        FraudScenarios.Scenario s = FraudScenarios.around(rules, seed);
        Map<CountKey, Counts> got = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new FraudDeltaFunction(rules, Duration.ofMinutes(1))),
                FraudDeltaFunction.ipKey(), Types.STRING)) {
            h.open();
            for (Click c : s.clicks()) h.processElement(c, c.getTs());
            for (CountDelta d : h.extractOutputValues()) got.merge(d.key(), d.counts(), Counts::plus);
        }
        got.values().removeIf(Counts::isZero);
        // every delta is of a breakdown row: retractions moved counts in the rows they were counted in
        assertThat(got).isEqualTo(FraudScenarios.expectedBreakdown(rules, s.clicks()));
        Map<CountKey, Counts> totals = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        got.forEach((k, c) -> totals.merge(k.total(), c, Counts::plus));
        assertThat(totals).isEqualTo(FraudScenarios.expected(rules, s.clicks()));
        long suspicious = got.values().stream().mapToLong(Counts::suspiciousClicks).sum();
        assertThat(suspicious).as("every rule's over-threshold group is flagged").isGreaterThanOrEqualTo(s.flagged().size());
    }
}
