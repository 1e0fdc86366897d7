package dev.adclick.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.adclick.store.CountTable.DAY;
import static dev.adclick.store.CountTable.HOUR;
import static dev.adclick.store.CountTable.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

class ReadPlanTest {
    private static final long M = 60_000L, H = 60 * M, D = 24 * H;
    private static final long DAY0 = Instant.parse("2026-11-27T00:00:00Z").toEpochMilli();

    @Test
    void aLongRangeIsWholeDaysThenWholeHoursThenMinutesAtTheEdges() {
        long from = DAY0 - 2 * H - 5 * M, to = DAY0 + 3 * D + 4 * H + 7 * M;
        assertThat(ReadPlan.of(from, to, DAY)).containsExactly(
                new ReadPlan.Segment(MINUTE, from, DAY0 - 2 * H), new ReadPlan.Segment(HOUR, DAY0 - 2 * H, DAY0),
                new ReadPlan.Segment(DAY, DAY0, DAY0 + 3 * D), new ReadPlan.Segment(HOUR, DAY0 + 3 * D, DAY0 + 3 * D + 4 * H),
                new ReadPlan.Segment(MINUTE, DAY0 + 3 * D + 4 * H, to));
    }

    @Test
    void alignedRangesHaveNoEdgesAndShortOnesStayInTheFinerTables() {
        assertThat(ReadPlan.of(DAY0, DAY0 + 2 * D, DAY)).containsExactly(new ReadPlan.Segment(DAY, DAY0, DAY0 + 2 * D));
        assertThat(ReadPlan.of(DAY0 + H, DAY0 + 3 * H, DAY)).containsExactly(new ReadPlan.Segment(HOUR, DAY0 + H, DAY0 + 3 * H));
        assertThat(ReadPlan.of(DAY0 + M, DAY0 + 50 * M, DAY)).containsExactly(new ReadPlan.Segment(MINUTE, DAY0 + M, DAY0 + 50 * M));
        assertThat(ReadPlan.of(DAY0, DAY0 + 2 * D, Granularity.HOUR)).containsExactly(new ReadPlan.Segment(HOUR, DAY0, DAY0 + 2 * D));
        assertThat(ReadPlan.of(DAY0, DAY0 + 2 * D, Granularity.MINUTE)).containsExactly(new ReadPlan.Segment(MINUTE, DAY0, DAY0 + 2 * D));
        assertThat(ReadPlan.of(DAY0, DAY0, DAY)).isEmpty();
        assertThat(ReadPlan.of(DAY0 + 1, DAY0, DAY)).isEmpty();
    }

    @Test
    void openEndedRangesAreClampedWithoutOverflow() {
        assertThat(ReadPlan.of(Long.MIN_VALUE, Long.MAX_VALUE, DAY)).singleElement()
                .isEqualTo(new ReadPlan.Segment(DAY, ReadPlan.EARLIEST, ReadPlan.LATEST));
        assertThat(ReadPlan.of(Long.MIN_VALUE, DAY0 + 30 * M, DAY)).extracting(ReadPlan.Segment::table).containsExactly(DAY, MINUTE);
    }
}
