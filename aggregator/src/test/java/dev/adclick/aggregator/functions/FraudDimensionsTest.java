package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.CountDelta;
import dev.adclick.core.click.Click;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.core.fraud.FraudRules;
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

import java.util.Map;

import static dev.adclick.aggregator.functions.FunctionsTest.LATENESS;
import static dev.adclick.aggregator.functions.FunctionsTest.M0;
import static dev.adclick.aggregator.functions.FunctionsTest.delta;
import static dev.adclick.aggregator.functions.FunctionsTest.drain;
import static dev.adclick.aggregator.functions.FunctionsTest.fraud;
import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link FraudDeltaFunction} with dimensions: deltas per breakdown row, retractions in the rows counted, the bot rule. */
class FraudDimensionsTest {
    private static final Dimensions HOME = Dimensions.of("home", "US", "desktop");
    private static final Dimensions SIDE = Dimensions.of("side", "US", "desktop");

    private static Click click(String id, String ad, String ip, boolean verified, String placement, String device) {
        return new Click(id, ad, null, M0 + 1, ip, "ua", verified, placement, "US", device);
    }

    @Test
    void aFlipRetractsFromEachBreakdownRowWhatItCountedThere() throws Exception {
        try (var h = fraud(new FraudRules(3, 5))) {
            h.processElement(click("c0", "ad", "ip", true, "home", "desktop"), M0 + 1);
            h.processElement(click("c1", "ad", "ip", false, "side", "desktop"), M0 + 1);
            h.processElement(click("c2", "ad", "ip", false, "home", "desktop"), M0 + 1);
            assertThat(drain(h)).containsExactly(delta("ad", M0, HOME, 1, 1, 0), delta("ad", M0, SIDE, 1, 0, 0), delta("ad", M0, HOME, 1, 0, 0));
            h.processElement(click("c3", "ad", "ip", true, "side", "desktop"), M0 + 1); // 4 > 3: the flip
            assertThat(drain(h)).containsExactly(delta("ad", M0, HOME, -2, -1, 2), delta("ad", M0, SIDE, -1, 0, 1),
                    delta("ad", M0, SIDE, 0, 0, 1));
            h.processElement(click("c4", "ad", "ip", true, null, null), M0 + 1); // flagged group: suspicious in its own row
            assertThat(drain(h)).containsExactly(delta("ad", M0, Dimensions.of(null, "US", null), 0, 0, 1));
        }
    }

    @Test
    void aBotClickIsSuspiciousInItsRowAndTakesNoPartInTheGroups() throws Exception {
        Dimensions bot = Dimensions.of("home", "US", "bot");
        try (var h = fraud(FraudRules.fromThresholds(Map.of("fraud.max-clicks-per-ip-per-ad", 3)))) {
            for (int i = 0; i < 3; i++) h.processElement(click("h" + i, "ad", "ip", false, "home", "desktop"), M0 + 1);
            h.processElement(click("b0", "ad", "ip", false, "home", "bot"), M0 + 1);
            h.processElement(click("b1", "ad", null, false, "home", "bot"), M0 + 1);
            assertThat(drain(h)).containsExactly(delta("ad", M0, HOME, 1, 0, 0), delta("ad", M0, HOME, 1, 0, 0), delta("ad", M0, HOME, 1, 0, 0),
                    delta("ad", M0, bot, 0, 0, 1), delta("ad", M0, bot, 0, 0, 1));
        }
        try (var h = fraud(FraudRules.fromSettings(Map.of(), Map.of("fraud.bot-clicks", false)))) {
            h.processElement(click("b0", "ad", "ip", true, "home", "bot"), M0 + 1);
            assertThat(drain(h)).as("switched off: an ordinary click").containsExactly(delta("ad", M0, bot, 1, 1, 0));
        }
    }

    /** What the fraud stage of the job before dimensions kept: per-ad tallies, no breakdown entries. */
    static final class TalliesWithoutDimensions extends KeyedProcessFunction<String, Click, CountDelta> {
        private transient MapState<Long, IpMinute> minutes;

        @Override
        public void open(OpenContext ctx) {
            minutes = getRuntimeContext().getMapState(new MapStateDescriptor<>("ip-minutes", Long.class, IpMinute.class));
        }

        @Override
        public void processElement(Click c, Context ctx, Collector<CountDelta> out) throws Exception {
            IpMinute m = minutes.get(M0);
            if (m == null) m = new IpMinute();
            m.add(m.indexOf(c.getAdId()), c.isVerified());
            minutes.put(M0, m);
            ctx.timerService().registerEventTimeTimer(MinuteWindows.cleanupTime(M0, LATENESS.toMillis()));
        }
    }

    @Test
    void clicksTalliedBeforeDimensionsAreRetractedFromTheUnknownRow() throws Exception {
        OperatorSubtaskState before;
        try (var old = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new TalliesWithoutDimensions()),
                FraudDeltaFunction.ipKey(), Types.STRING)) {
            old.open();
            for (int i = 0; i < 2; i++) old.processElement(click("o" + i, "ad", "ip", i == 0, null, null), M0 + 1);
            before = old.snapshot(1, 1);
        }
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new FraudDeltaFunction(new FraudRules(3, 5), LATENESS)), FraudDeltaFunction.ipKey(), Types.STRING)) {
            h.initializeState(before);
            h.open();
            h.processElement(click("n0", "ad", "ip", true, "home", "desktop"), M0 + 1);
            h.processElement(click("n1", "ad", "ip", false, "home", "desktop"), M0 + 1); // 4 > 3
            // the 2 counted by the earlier job (in the all-unknown row of the restored minute stage), the 1 counted here under its row
            assertThat(drain(h)).containsExactly(delta("ad", M0, HOME, 1, 1, 0),
                    delta("ad", M0, HOME, -1, -1, 1), delta("ad", M0, Dimensions.UNKNOWN, -2, -1, 2), delta("ad", M0, HOME, 0, 0, 1));
        }
    }
}
