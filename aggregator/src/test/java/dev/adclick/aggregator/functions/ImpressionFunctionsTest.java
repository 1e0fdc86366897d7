package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.CountDelta;
import dev.adclick.aggregator.records.HourUsers;
import dev.adclick.aggregator.records.StoreRecord;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.adclick.aggregator.functions.FunctionsTest.LATENESS;
import static dev.adclick.aggregator.functions.FunctionsTest.M0;
import static dev.adclick.aggregator.functions.FunctionsTest.MIN;
import static org.assertj.core.api.Assertions.assertThat;

/** Tests for the impressions' stages on operator harnesses: dedupe per kind, lateness and deltas, reach per hour. */
class ImpressionFunctionsTest {
    static final long H0 = HourReach.hourOf(M0);
    static final long HOUR = HourReach.HOUR_MS;

    static Impression served(String id, String ad, long ts) {
        return new Impression(id, ad, ImpressionKind.SERVED, ts, "home", "ip-" + id, "ua-" + id);
    }

    static Impression rendered(String id, String ad, long ts, String user) {
        return new Impression(id, ad, ImpressionKind.RENDERED, ts, "home", "ip-" + user, "ua-" + user);
    }

    /** A delta of the breakdown row the impressions above make: placement "home", country and device unknown. */
    static CountDelta delta(String ad, long minute, Counts counts) {
        return CountDelta.of(new CountKey(ad, minute, Dimensions.of("home", null, null)), counts);
    }

    static OneInputStreamOperatorTestHarness<Impression, CountDelta> deltas() throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new ImpressionDeltaFunction(LATENESS)));
        h.open();
        return h;
    }

    /** The users of one rendered impression, as the reach combiner would send them. */
    static HourUsers users(String ad, long ts, String user) {
        UniqueUsers u = UniqueUsers.empty();
        u.add("ip-" + user, "ua-" + user);
        return new HourUsers(ad, HourReach.hourOf(ts), u.toBytes());
    }

    static KeyedOneInputStreamOperatorTestHarness<String, HourUsers, StoreRecord> reach() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new HourReachFunction(LATENESS, Duration.ofSeconds(1))), HourReachFunction.adKey(), Types.STRING);
        h.open();
        return h;
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> drain(OneInputStreamOperatorTestHarness<?, T> h) {
        List<T> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add((T) r.getValue());
        h.getOutput().clear();
        return out;
    }

    /** The estimates of the emitted sketches, by "ad@hour". */
    static List<String> estimates(List<StoreRecord> out) {
        return out.stream().map(r -> r.getReach().adId() + "@" + (r.getReach().hour() - H0) / HOUR + "=" + r.getReach().estimate()).toList();
    }

    @Test
    void dedupeCountsAnImpressionOncePerKind() throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ImpressionDedupeFunction(Duration.ofMinutes(10))),
                Impression::dedupeId, Types.STRING)) {
            h.open();
            h.processElement(served("i1", "a", M0), M0);
            h.processElement(rendered("i1", "a", M0 + 100, "u"), M0 + 100); // another kind: not a duplicate
            h.processElement(rendered("i1", "a", M0 + 200, "u"), M0 + 200); // the beacon again
            h.processElement(served("i1", "a", M0 + MIN), M0 + MIN);   // redelivered, a minute later
            assertThat(drain(h)).extracting(Impression::getKind).containsExactly(ImpressionKind.SERVED, ImpressionKind.RENDERED);
            assertThat(h.getSideOutput(Counters.TAG)).hasSize(2);
        }
    }

    @Test
    void deltasCountEachKindAndOnlyRenderedOnesReachTheReachStage() throws Exception {
        try (var h = deltas()) {
            h.processElement(served("i1", "a", M0 + 5), M0 + 5);
            h.processElement(rendered("i1", "a", M0 + 10, "u"), M0 + 10);
            assertThat(drain(h)).containsExactly(delta("a", M0, Counts.impression(false)), delta("a", M0, Counts.impression(true)));
            assertThat(h.getSideOutput(ImpressionDeltaFunction.RENDERED)).extracting(r -> r.getValue().getImpressionId()).containsExactly("i1");
            assertThat(h.getSideOutput(ImpressionDeltaFunction.TOO_LATE)).isNull();
        }
    }

    @Test
    void deltasDecideTooLateOnceAlsoAfterARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = deltas()) {
            h.processWatermark(M0 + MIN + 30_000); // past minute 0, within its lateness
            h.processElement(rendered("late-ok", "a", M0 + 1, "u"), M0 + 1);
            h.processWatermark(M0 + 2 * MIN - 1); // minute 0 closed for good
            h.processElement(rendered("too-late", "a", M0 + 2, "u"), M0 + 2);
            assertThat(drain(h)).containsExactly(delta("a", M0, Counts.impression(true)));
            assertThat(h.getSideOutput(ImpressionDeltaFunction.TOO_LATE)).extracting(r -> r.getValue().getImpressionId()).containsExactly("too-late");
            assertThat(h.getSideOutput(ImpressionDeltaFunction.RENDERED)).hasSize(1);
            assertThat(h.getSideOutput(Counters.TAG)).extracting(r -> r.getValue().getKind()).containsExactly(StoreRecord.Kind.TOO_LATE);
            snapshot = h.snapshot(1, 1);
        }
        // a restored operator starts without a watermark: the floor keeps minute 0 closed
        try (var restored = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new ImpressionDeltaFunction(LATENESS)))) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(served("replayed", "a", M0 + 3), M0 + 3);
            restored.processElement(served("next", "a", M0 + MIN + 3), M0 + MIN + 3);
            assertThat(drain(restored)).containsExactly(delta("a", M0 + MIN, Counts.impression(false)));
            assertThat(restored.getSideOutput(ImpressionDeltaFunction.TOO_LATE)).hasSize(1);
        }
    }

    @Test
    void reachCombinerBundlesUsersPerAdAndHourBeforeTheWatermarkThatClosesAnHour() throws Exception {
        long lateness = 60_000;
        try (var h = new OneInputStreamOperatorTestHarness<>(new ReachCombiner(60_000, 1000, lateness))) {
            h.open();
            h.processElement(new StreamRecord<>(rendered("i1", "a", M0, "u1")));
            h.processElement(new StreamRecord<>(rendered("i2", "a", M0 + 5, "u2")));
            h.processElement(new StreamRecord<>(rendered("i3", "a", M0 + 9, "u1")));
            h.processElement(new StreamRecord<>(rendered("i4", "a", M0 + HOUR, "u1")));
            h.processElement(new StreamRecord<>(rendered("i5", "b", M0, "u1")));
            assertThat(h.getOutput()).isEmpty();
            // a watermark that closes no buffered hour passes alone: the bundles grow until the interval
            h.processWatermark(M0 + 10);
            h.processWatermark(H0 + HOUR - 1 + lateness - 1);
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.getOutput()).hasSize(2);
            // the first watermark that closes hour H0 downstream comes after its bundles (and all others)
            h.processWatermark(H0 + HOUR - 1 + lateness);
            List<Object> out = new ArrayList<>(h.getOutput());
            assertThat(out).hasSize(2 + 3 + 1);
            assertThat(out.get(out.size() - 1)).isEqualTo(new org.apache.flink.streaming.api.watermark.Watermark(H0 + HOUR - 1 + lateness));
            assertThat(h.extractOutputValues()).extracting(u -> u.getAdId() + "@" + (u.getHour() - H0) / HOUR + "="
                    + UniqueUsers.fromBytes(u.getSketch()).estimate()).containsExactlyInAnyOrder("a@0=2", "a@1=1", "b@0=1");
        }
    }

    @Test
    void reachFiresEarlyWithTheAbsoluteSketchOfChangedHoursOnly() throws Exception {
        try (var h = reach()) {
            h.setProcessingTime(0);
            h.processElement(users("a", M0, "u1"), M0);
            h.processElement(users("a", M0 + 1, "u2"), M0 + 1);
            h.processElement(users("a", M0 + 2, "u1"), M0 + 2); // the same user again
            h.processElement(users("a", M0 + HOUR, "u1"), M0 + HOUR);
            h.processElement(users("b", M0, "u3"), M0);
            assertThat(drain(h)).isEmpty();
            h.setProcessingTime(1_000);
            assertThat(estimates(drain(h))).containsExactlyInAnyOrder("a@0=2", "a@1=1", "b@0=1");
            h.processElement(users("a", M0 + HOUR, "u3"), M0 + HOUR);
            h.setProcessingTime(2_000);
            assertThat(estimates(drain(h))).containsExactly("a@1=2"); // absolute, only the hour that changed
            h.setProcessingTime(3_000);
            assertThat(drain(h)).isEmpty();
        }
    }

    @Test
    void reachClosesAnHourAfterItsLatenessWithAFinalSketchAndDropsItsState() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = reach()) {
            h.setProcessingTime(0);
            h.processElement(users("a", H0 + 10, "u1"), H0 + 10);
            h.processWatermark(H0 + HOUR + 30_000); // past the hour, within lateness
            h.processElement(users("a", H0 + 20, "u2"), H0 + 20);
            assertThat(drain(h)).isEmpty();
            h.processWatermark(H0 + HOUR - 1 + LATENESS.toMillis()); // closed for good
            assertThat(estimates(drain(h))).containsExactly("a@0=2");
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
            snapshot = h.snapshot(1, 1);
        }
        try (var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new HourReachFunction(LATENESS, Duration.ofSeconds(1))), HourReachFunction.adKey(), Types.STRING)) {
            restored.initializeState(snapshot);
            restored.open();
            restored.setProcessingTime(0);
            restored.processElement(users("a", H0 + 30, "u3"), H0 + 30); // never re-creates a closed hour
            restored.setProcessingTime(5_000);
            assertThat(drain(restored)).isEmpty();
            assertThat(restored.numKeyedStateEntries()).isZero();
        }
    }
}
