package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.CountDelta;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.aggregator.records.StoreRecord;
import dev.adclick.core.click.Click;
import dev.adclick.core.fraud.FraudRules;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link ClickDedupeFunction}, {@link FraudDeltaFunction} and {@link MinuteCountFunction} on operator harnesses. */
class FunctionsTest {
    static final long M0 = 1_736_157_600_000L; // 2025-01-06T10:00Z
    static final long MIN = 60_000L;
    static final Duration LATENESS = Duration.ofMinutes(1);

    /** A delta of the all-unknown row: what clicks without dimensions (v1) make. */
    static CountDelta delta(String ad, long minute, long clicks, long verified, long suspicious) {
        return delta(ad, minute, Dimensions.UNKNOWN, clicks, verified, suspicious);
    }

    static CountDelta delta(String ad, long minute, Dimensions dims, long clicks, long verified, long suspicious) {
        return CountDelta.of(new CountKey(ad, minute, dims), new Counts(clicks, verified, suspicious));
    }

    /** The unit the per-minute stage emits for a minute whose only breakdown row is the all-unknown one. */
    static String unknownUnit(String ad, long minute, Counts counts) {
        return StoreRecord.count(new CountKey(ad, minute), new Dimensions[] {Dimensions.UNKNOWN}, new Counts[] {counts}, 0).toString();
    }

    static Click click(String id, String ad, long ts, String ip, boolean verified) {
        return new Click(id, ad, null, ts, ip, null, verified);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Click, Click> dedupe(Duration ttl) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ClickDedupeFunction(ttl)),
                Click::getClickId, Types.STRING);
        h.open();
        return h;
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Click, CountDelta> fraud(FraudRules rules) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new FraudDeltaFunction(rules, LATENESS)),
                FraudDeltaFunction.ipKey(), Types.STRING);
        h.open();
        return h;
    }

    static KeyedOneInputStreamOperatorTestHarness<String, CountDelta, StoreRecord> counts() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new MinuteCountFunction(LATENESS, Duration.ofSeconds(1))),
                MinuteCountFunction.adKey(), Types.STRING);
        h.open();
        return h;
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> drain(KeyedOneInputStreamOperatorTestHarness<String, ?, T> h) {
        List<T> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add((T) r.getValue());
        h.getOutput().clear();
        return out;
    }

    @Test
    void dedupeLetsTheFirstArrivalPassAndCountsDuplicatesUntilTheTtl() throws Exception {
        try (var h = dedupe(Duration.ofMinutes(10))) {
            h.setStateTtlProcessingTime(0);
            h.processElement(click("c1", "a", M0, "ip", true), M0);
            h.processElement(click("c1", "a", M0 + 2_000, "ip", true), M0 + 2_000);
            h.processElement(click("c1", "a", M0 + MIN, "ip", true), M0 + MIN); // across the minute boundary
            h.processElement(click("c2", "a", M0, "ip", true), M0);
            assertThat(drain(h)).extracting(Click::getClickId).containsExactly("c1", "c2");
            assertThat(h.getSideOutput(Counters.TAG)).hasSize(2);

            h.setStateTtlProcessingTime(Duration.ofMinutes(10).toMillis() + 1);
            h.processElement(click("c1", "a", M0 + 3 * MIN, "ip", true), M0 + 3 * MIN);
            assertThat(drain(h)).extracting(Click::getClickId).containsExactly("c1"); // forgotten after the TTL
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    @Test
    void fraudEmitsPlusOneThenRetractsTheWholeGroupWhenItTurnsSuspicious() throws Exception {
        try (var h = fraud(new FraudRules(3, 5))) {
            for (int i = 0; i < 3; i++) h.processElement(click("c" + i, "ad", M0 + i, "ip", i == 0), M0 + i);
            assertThat(drain(h)).containsExactly(
                    delta("ad", M0, 1, 1, 0), delta("ad", M0, 1, 0, 0), delta("ad", M0, 1, 0, 0));
            h.processElement(click("c3", "ad", M0 + 3, "ip", true), M0 + 3); // 4 > 3: the flip
            // what the group counted moves to suspicious; the click that flipped it is suspicious itself
            assertThat(drain(h)).containsExactly(delta("ad", M0, -3, -1, 3), delta("ad", M0, 0, 0, 1));
            h.processElement(click("c4", "ad", M0 + 4, "ip", true), M0 + 4);
            assertThat(drain(h)).containsExactly(delta("ad", M0, 0, 0, 1));
            // another minute starts clean; clicks without ip_hash are never suspicious and hold no state
            h.processElement(click("c5", "ad", M0 + MIN, "ip", false), M0 + MIN);
            h.processElement(click("c6", "ad", M0, null, true), M0);
            assertThat(drain(h)).containsExactly(delta("ad", M0 + MIN, 1, 0, 0), delta("ad", M0, 1, 1, 0));
        }
    }

    @Test
    void fraudAcrossAdsFlagsEveryAdOfThatIpInThatMinute() throws Exception {
        try (var h = fraud(new FraudRules(3, 5))) {
            for (int i = 0; i < 5; i++) h.processElement(click("c" + i, "ad" + (i % 2), M0 + i, "ip", false), M0 + i);
            drain(h);
            h.processElement(click("c5", "ad2", M0 + 5, "ip", false), M0 + 5); // 6 > 5 across ads
            assertThat(drain(h)).containsExactlyInAnyOrder(
                    delta("ad0", M0, -3, 0, 3), delta("ad1", M0, -2, 0, 2), delta("ad2", M0, 0, 0, 1));
        }
    }

    @Test
    void fraudDecidesTooLateOnceAndCleansUpItsState() throws Exception {
        try (var h = fraud(FraudRules.defaults())) {
            h.processElement(click("c1", "ad", M0 + 10, "ip", false), M0 + 10);
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
            h.processWatermark(M0 + 2 * MIN - 1); // minute 0: last ms + 1 min lateness
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            drain(h);
            h.processElement(click("c2", "ad", M0 + 20, "ip", false), M0 + 20);
            h.processElement(click("c3", "ad", M0 + MIN + 20, "ip", false), M0 + MIN + 20); // minute 1 still open
            assertThat(drain(h)).containsExactly(delta("ad", M0 + MIN, 1, 0, 0));
            assertThat(h.getSideOutput(FraudDeltaFunction.TOO_LATE)).hasSize(1);

            // after a restore the watermark starts from nothing: the floor keeps minute 0 closed
            OperatorSubtaskState snapshot = h.snapshot(1, 1);
            try (var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                    new KeyedProcessOperator<>(new FraudDeltaFunction(FraudRules.defaults(), LATENESS)), FraudDeltaFunction.ipKey(), Types.STRING)) {
                restored.initializeState(snapshot);
                restored.open();
                restored.processElement(click("c4", "ad", M0 + 30, "ip2", false), M0 + 30);
                restored.processElement(click("c5", "ad", M0 + MIN + 30, "ip2", false), M0 + MIN + 30);
                assertThat(drain(restored)).containsExactly(delta("ad", M0 + MIN, 1, 0, 0));
                assertThat(restored.getSideOutput(FraudDeltaFunction.TOO_LATE)).hasSize(1);
            }
        }
    }

    @Test
    void countsFireEarlyWithAbsoluteValuesOfChangedMinutesOnly() throws Exception {
        try (var h = counts()) {
            h.setProcessingTime(0);
            h.processElement(delta("ad", M0, 1, 1, 0), M0);
            h.processElement(delta("ad", M0, 1, 0, 0), M0);
            h.processElement(delta("ad", M0 + MIN, 1, 0, 0), M0 + MIN);
            assertThat(drain(h)).isEmpty();
            h.setProcessingTime(1_000);
            assertThat(drain(h)).extracting(StoreRecord::toString).containsExactlyInAnyOrder(
                    unknownUnit("ad", M0, new Counts(2, 1, 0)), unknownUnit("ad", M0 + MIN, new Counts(1, 0, 0)));
            h.processElement(delta("ad", M0, -2, -1, 3), M0); // a retraction
            h.setProcessingTime(2_000);
            assertThat(drain(h)).extracting(StoreRecord::toString).containsExactly(unknownUnit("ad", M0, new Counts(0, 0, 3)));
            h.setProcessingTime(3_000);
            assertThat(drain(h)).isEmpty(); // nothing changed, nothing emitted
        }
    }

    @Test
    void countsUpdateWithinLatenessThenCloseForGoodAndCleanUp() throws Exception {
        try (var h = counts()) {
            h.setProcessingTime(0);
            h.processElement(delta("ad", M0, 1, 0, 0), M0);
            h.processWatermark(M0 + MIN + 30_000); // past the minute, within lateness
            h.processElement(delta("ad", M0, 1, 0, 0), M0);
            h.processWatermark(M0 + 2 * MIN - 1); // closed for good: final emission, state gone
            assertThat(drain(h)).extracting(StoreRecord::toString).containsExactly(unknownUnit("ad", M0, new Counts(2, 0, 0)));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
            h.processElement(delta("ad", M0, 1, 0, 0), M0); // never rewrites a closed minute
            h.setProcessingTime(5_000);
            assertThat(drain(h)).isEmpty();
            assertThat(h.getSideOutput(Counters.TAG)).extracting(r -> r.getValue().toString())
                    .containsExactly(StoreRecord.counter(StoreRecord.Kind.TOO_LATE, 1).toString()); // and counted as too late
        }
    }

}
