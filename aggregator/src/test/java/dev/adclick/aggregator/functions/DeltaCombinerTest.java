package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.CountDelta;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.dimension.Dimensions;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link DeltaCombiner}: sums per (ad, minute), and never holds a delta past a watermark or a checkpoint. */
class DeltaCombinerTest {
    private static final long M = 60_000L;

    static CountDelta delta(String ad, long minute, long clicks, long verified, long suspicious) {
        return delta(ad, minute, Dimensions.UNKNOWN, clicks, verified, suspicious);
    }

    static CountDelta delta(String ad, long minute, Dimensions dims, long clicks, long verified, long suspicious) {
        return CountDelta.of(new CountKey(ad, minute, dims), new Counts(clicks, verified, suspicious));
    }

    private static OneInputStreamOperatorTestHarness<CountDelta, CountDelta> harness(int maxBuffered) throws Exception {
        OneInputStreamOperatorTestHarness<CountDelta, CountDelta> h =
                new OneInputStreamOperatorTestHarness<>(new DeltaCombiner(60_000, maxBuffered));
        h.open();
        return h;
    }

    @Test
    void sumsDeltasPerAdAndMinuteAndFlushesThemBeforeForwardingTheWatermark() throws Exception {
        try (var h = harness(1000)) {
            h.processElement(new StreamRecord<>(delta("ad-1", M, 1, 1, 0)));
            h.processElement(new StreamRecord<>(delta("ad-1", M, 1, 0, 0)));
            h.processElement(new StreamRecord<>(delta("ad-2", M, 1, 1, 0)));
            h.processElement(new StreamRecord<>(delta("ad-1", M, -2, -1, 2))); // a group turned suspicious
            h.processElement(new StreamRecord<>(delta("ad-1", 2 * M, 1, 1, 0)));
            assertThat(h.getOutput()).as("nothing leaves before a flush").isEmpty();

            h.processWatermark(new Watermark(2 * M));
            List<Object> out = new ArrayList<>(h.getOutput());
            assertThat(out).hasSize(4);
            assertThat(out.get(3)).as("the watermark comes after the deltas").isEqualTo(new Watermark(2 * M));
            assertThat(out.subList(0, 3)).extracting(o -> (Object) ((StreamRecord<?>) o).getValue()).containsExactlyInAnyOrder(
                    delta("ad-1", M, 0, 0, 2), delta("ad-2", M, 1, 1, 0), delta("ad-1", 2 * M, 1, 1, 0));
        }
    }

    @Test
    void sumsPerBreakdownRowNeverAcrossDimensions() throws Exception {
        Dimensions us = Dimensions.of("home", "US", "desktop");
        Dimensions de = Dimensions.of("home", "DE", "desktop");
        try (var h = harness(1000)) {
            h.processElement(new StreamRecord<>(delta("ad-1", M, us, 1, 1, 0)));
            h.processElement(new StreamRecord<>(delta("ad-1", M, de, 1, 0, 0)));
            h.processElement(new StreamRecord<>(delta("ad-1", M, us, 1, 0, 0)));
            h.processElement(new StreamRecord<>(delta("ad-1", M, 1, 0, 0))); // unknown dimensions: a row of its own
            h.prepareSnapshotPreBarrier(1);
            assertThat(h.extractOutputValues()).containsExactlyInAnyOrder(
                    delta("ad-1", M, us, 2, 1, 0), delta("ad-1", M, de, 1, 0, 0), delta("ad-1", M, 1, 0, 0));
        }
    }

    @Test
    void flushesBeforeACheckpointBarrierSoItNeedsNoState() throws Exception {
        try (var h = harness(1000)) {
            h.processElement(new StreamRecord<>(delta("ad-1", M, 1, 1, 0)));
            h.prepareSnapshotPreBarrier(1);
            assertThat(h.extractOutputValues()).containsExactly(delta("ad-1", M, 1, 1, 0));
        }
    }

    @Test
    void flushesWhenFullAndOnItsTimer() throws Exception {
        try (var h = harness(2)) {
            h.processElement(new StreamRecord<>(delta("ad-1", M, 1, 0, 0)));
            h.processElement(new StreamRecord<>(delta("ad-2", M, 1, 0, 0)));
            assertThat(h.extractOutputValues()).hasSize(2);
            h.processElement(new StreamRecord<>(delta("ad-3", M, 1, 0, 0)));
            h.setProcessingTime(60_001);
            assertThat(h.extractOutputValues()).hasSize(3);
        }
    }
}
