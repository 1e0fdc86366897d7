package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.CountDelta;
import dev.adclick.aggregator.records.StoreRecord;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.dimension.Dimensions;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.adclick.aggregator.functions.FunctionsTest.LATENESS;
import static dev.adclick.aggregator.functions.FunctionsTest.M0;
import static dev.adclick.aggregator.functions.FunctionsTest.MIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The per-minute stage restores a snapshot of the click-only job: its open minutes hold
 * {@link MinuteTotals} with three counts (clicks, verified, suspicious) and no breakdown rows,
 * written through Flink's POJO serializer into a real operator snapshot, and restored by the
 * current {@link MinuteCountFunction}, which counts them as the all-unknown breakdown row, extends
 * them and adds impressions and clicks with dimensions to the same minute.
 */
class MinuteStateMigrationTest {

    /** What the click-only job kept: the same state name and timers, arrays of its three counts. */
    static final class ClickOnlyMinuteState extends KeyedProcessFunction<String, CountDelta, StoreRecord> {
        private transient MapState<Long, MinuteTotals> totals;

        @Override
        public void open(OpenContext ctx) {
            totals = getRuntimeContext().getMapState(new MapStateDescriptor<>("minute-totals", Long.class, MinuteTotals.class));
        }

        @Override
        public void processElement(CountDelta d, Context ctx, Collector<StoreRecord> out) throws Exception {
            MinuteTotals t = new MinuteTotals();
            long[] c = d.getCounts();
            t.setCounts(new long[] {c[0], c[1], c[2]});
            t.setDirty(true);
            totals.put(d.getMinute(), t);
            ctx.timerService().registerEventTimeTimer(MinuteWindows.cleanupTime(d.getMinute(), LATENESS.toMillis()));
        }
    }

    @Test
    void openMinutesOfTheClickOnlyJobKeepTheirCountsAndTakeImpressions() throws Exception {
        OperatorSubtaskState clickOnly;
        try (var old = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ClickOnlyMinuteState()),
                MinuteCountFunction.adKey(), Types.STRING)) {
            old.open();
            old.processElement(CountDelta.of(new CountKey("ad", M0, Dimensions.UNKNOWN), new Counts(7, 5, 2)), M0);
            clickOnly = old.snapshot(1, 1);
        }
        try (var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new MinuteCountFunction(LATENESS, Duration.ofSeconds(1))), MinuteCountFunction.adKey(), Types.STRING)) {
            restored.initializeState(clickOnly);
            restored.open();
            Dimensions home = Dimensions.of("home", "US", "mobile");
            restored.processElement(CountDelta.of(new CountKey("ad", M0, home), Counts.impression(true)), M0);
            restored.processElement(CountDelta.of(new CountKey("ad", M0, Dimensions.UNKNOWN), Counts.click(false)), M0); // a v1 click
            restored.processElement(CountDelta.of(new CountKey("ad", M0, home), Counts.click(true)), M0);
            restored.processWatermark(M0 + 2 * MIN - 1); // the minute closes: its final counts, total and breakdown rows
            StoreRecord unit = restored.extractOutputValues().get(0);
            assertThat(restored.extractOutputValues()).hasSize(1);
            assertThat(unit.getCounts()).isEqualTo(new Counts(9, 6, 2, 0, 1));
            assertThat(unit.toMinuteCounts(1)).extracting(m -> m.key().dims(), m -> m.counts()).containsExactly(
                    tuple(Dimensions.TOTAL, new Counts(9, 6, 2, 0, 1)),
                    tuple(Dimensions.UNKNOWN, new Counts(8, 5, 2, 0, 0)), tuple(home, new Counts(1, 1, 0, 0, 1)));
            assertThat(restored.numKeyedStateEntries()).isZero();
        }
    }
}
