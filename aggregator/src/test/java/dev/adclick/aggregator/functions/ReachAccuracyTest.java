package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.HourUsers;
import dev.adclick.aggregator.records.StoreRecord;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.store.ClickStore;
import dev.adclick.store.StoreLocations;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.adclick.aggregator.functions.ImpressionFunctionsTest.H0;
import static dev.adclick.aggregator.functions.ImpressionFunctionsTest.HOUR;
import static dev.adclick.aggregator.functions.ImpressionFunctionsTest.rendered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reach at scale, through the reach combiner and the reach stage on harnesses and a real DuckDB store: 120 000 distinct
 * users over three hours, 30 000 of them seen in two hours. The store's {@code reach} of the
 * range (the union of the hours' sketches) and each hour's own estimate must lie within three
 * relative standard errors of the true distinct counts, and a user seen in two hours counts once.
 *
 * <p>At this size a Kafka and MiniCluster run would spend minutes of a shared 2-core machine on
 * producing and parsing; the Kafka path of reach is covered at a smaller size by {@code ImpressionsITCase}.
 */
class ReachAccuracyTest {
    static final double TOLERANCE = 3 * UniqueUsers.RELATIVE_STANDARD_ERROR;

    @Test
    void reachOfMoreThan100kUsersOverHoursIsWithinTheSketchErrorAndCountsRepeatUsersOnce(@TempDir Path dir) throws Exception {
        // hour 0: users 0..59 999; hour 1: 40 000..99 999 (20 000 again); hour 2: 100 000..119 999 and 0..9 999 again
        int[][] ranges = {{0, 60_000}, {40_000, 100_000}, {100_000, 120_000}, {0, 10_000}};
        long[] hourOfRange = {0, 1, 2, 2};
        long events = 0;
        long started = System.nanoTime();
        List<StoreRecord> out = new ArrayList<>();
        try (var combiner = new OneInputStreamOperatorTestHarness<>(new ReachCombiner(100, 10_000, 0)); var h = ImpressionFunctionsTest.reach()) {
            combiner.open();
            h.setProcessingTime(0);
            for (int r = 0; r < ranges.length; r++) {
                long hour = H0 + hourOf(r, hourOfRange);
                for (int u = ranges[r][0]; u < ranges[r][1]; u++) {
                    Impression i = rendered("i-" + r + "-" + u, "ad", hour + (u % 3_600_000), "user-" + u);
                    combiner.processElement(new StreamRecord<>(i, i.getTs()));
                    events++;
                    if (events % 5_000 == 0) {
                        combiner.setProcessingTime(events); // the combiner's timer flushes a bundle
                        pipe(combiner, h);
                    }
                }
            }
            combiner.processWatermark(H0 + 4 * HOUR);
            pipe(combiner, h);
            h.processWatermark(H0 + 4 * HOUR); // every hour closes: one final sketch each
            for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> rec) out.add((StoreRecord) rec.getValue());
            assertThat(h.numKeyedStateEntries()).isZero();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("reach combiner + stage: %d rendered impressions in %.1f s (%.0f/s)%n", events, seconds, events / seconds);

        Map<Long, HourReach> byHour = new HashMap<>();
        for (StoreRecord r : out) byHour.put(r.getReach().hour(), r.toHourReach(WriteVersions.stream(1)));
        assertThat(byHour).hasSize(3);
        for (HourReach r : byHour.values()) assertThat(r.sketch().length).as("a full sketch at lgK 12").isLessThanOrEqualTo(2 * 1024 + 64);
        assertWithin(byHour.get(H0).estimate(), 60_000);
        assertWithin(byHour.get(H0 + HOUR).estimate(), 60_000);
        assertWithin(byHour.get(H0 + 2 * HOUR).estimate(), 30_000);

        try (ClickStore store = StoreLocations.open("duckdb:" + dir.resolve("reach.duckdb"))) {
            store.upsertReach(byHour.values());
            assertWithin(store.reach(List.of("ad"), H0, H0 + 3 * HOUR).estimate(), 120_000); // not 150 000
            assertWithin(store.reach(List.of("ad"), H0, H0 + 2 * HOUR).estimate(), 100_000); // not 120 000
            assertThat(store.reach(List.of("other-ad"), H0, H0 + 3 * HOUR).estimate()).isZero();
        }
    }

    private static long hourOf(int range, long[] hourOfRange) {
        return hourOfRange[range] * HOUR;
    }

    /** Hands what the combiner emitted to the reach stage. */
    private static void pipe(OneInputStreamOperatorTestHarness<Impression, HourUsers> combiner,
                             KeyedOneInputStreamOperatorTestHarness<String, HourUsers, StoreRecord> reach) throws Exception {
        for (HourUsers u : combiner.extractOutputValues()) reach.processElement(u, u.getHour());
        combiner.getOutput().clear();
    }

    static void assertWithin(long estimate, long truth) {
        assertThat((double) estimate).as("estimate of %d distinct users", truth).isCloseTo(truth, within(truth * TOLERANCE));
    }
}
