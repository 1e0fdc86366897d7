package dev.adclick.reconcile.compute;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.core.reach.HourReach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link PeriodRows}: one row per key, impression columns from the archive only where it covers the hour. */
class PeriodRowsTest {
    static final long H10 = 1_764_237_600_000L; // 2025-11-27T10:00Z
    static final long H11 = H10 + HourReach.HOUR_MS;

    static MinuteCount row(String ad, long minute, Counts c, long version) {
        return new MinuteCount(ad, minute, c, version);
    }

    @Test
    void clicksAlwaysFromTheArchiveImpressionsOnlyWhereItCoversTheHour() {
        List<MinuteCount> clicks = List.of(row("a", H10, new Counts(3, 2, 0), 0), row("a", H11, new Counts(1, 1, 0), 0));
        List<MinuteCount> impressions = List.of(
                row("a", H10, new Counts(0, 0, 0, 40, 30), 0),
                row("b", H10 + 60_000, new Counts(0, 0, 0, 5, 0), 0),
                row("a", H11, new Counts(0, 0, 0, 99, 99), 0)); // a stray event in an hour without files: not the truth
        List<MinuteCount> stored = List.of(
                row("a", H10, new Counts(9, 9, 0, 1, 1), 7),        // covered: clicks and impressions corrected
                row("c", H10 + 120_000, new Counts(0, 0, 0, 2, 2), 7), // covered, nothing archived: impressions become 0
                row("a", H11, new Counts(1, 1, 0, 50, 45), 7),       // not covered: impressions kept
                row("d", H11 + 60_000, new Counts(4, 4, 0, 8, 6), 7)); // not covered, no clicks archived: clicks 0, impressions kept
        List<MinuteCount> rows = PeriodRows.combine(clicks, impressions, stored, ts -> HourReach.hourOf(ts) == H10);
        // the stored rows have no breakdown rows (written before them): their kept impressions are unknown
        assertThat(rows).containsExactly(
                row("a", H10, new Counts(3, 2, 0, 40, 30), 0),
                row("a", H11, new Counts(1, 1, 0, 50, 45), 0),
                new MinuteCount("a", H11, Dimensions.UNKNOWN, new Counts(0, 0, 0, 50, 45), 0),
                row("b", H10 + 60_000, new Counts(0, 0, 0, 5, 0), 0),
                row("d", H11 + 60_000, new Counts(0, 0, 0, 8, 6), 0),
                new MinuteCount("d", H11 + 60_000, Dimensions.UNKNOWN, new Counts(0, 0, 0, 8, 6), 0));
    }

    @Test
    void keptImpressionsStayConsistentWithTheirTotalWhenStoredRowsPredateBreakdowns() {
        Dimensions top = new Dimensions("top", "DE", "desktop");
        List<MinuteCount> clicks = List.of(new MinuteCount("a", H11, Dimensions.TOTAL, new Counts(1, 1, 0), 0),
                new MinuteCount("a", H11, top, new Counts(1, 1, 0), 0));
        List<MinuteCount> stored = List.of(
                new MinuteCount("a", H11, Dimensions.TOTAL, new Counts(1, 1, 0, 10, 8), 7),
                new MinuteCount("a", H11, top, new Counts(1, 1, 0, 6, 5), 7),
                // written before breakdown rows: a total only
                new MinuteCount("b", H11, Dimensions.TOTAL, new Counts(0, 0, 0, 3, 2), 7));
        List<MinuteCount> rows = PeriodRows.combine(clicks, List.of(), stored, ts -> false);
        assertThat(rows).containsExactly(
                new MinuteCount("a", H11, Dimensions.TOTAL, new Counts(1, 1, 0, 10, 8), 0),
                new MinuteCount("a", H11, top, new Counts(1, 1, 0, 6, 5), 0),
                // what the total holds beyond its breakdown rows is unknown
                new MinuteCount("a", H11, Dimensions.UNKNOWN, new Counts(0, 0, 0, 4, 3), 0),
                new MinuteCount("b", H11, Dimensions.TOTAL, new Counts(0, 0, 0, 3, 2), 0),
                new MinuteCount("b", H11, Dimensions.UNKNOWN, new Counts(0, 0, 0, 3, 2), 0));
    }

    @Test
    void orderIsAdThenMinuteThenTheTotalRowThenBreakdownRowsByPlacementCountryDevice() {
        Counts one = new Counts(1, 1, 0);
        List<MinuteCount> expected = List.of(
                new MinuteCount("a", H10, Dimensions.TOTAL, one, 0),
                new MinuteCount("a", H10, new Dimensions("side", "US", "mobile"), one, 0),
                new MinuteCount("a", H10, new Dimensions("top", "DE", "desktop"), one, 0),
                new MinuteCount("a", H10, new Dimensions("top", "DE", "mobile"), one, 0),
                new MinuteCount("a", H10, new Dimensions("top", "FR", "bot"), one, 0),
                new MinuteCount("a", H11, Dimensions.TOTAL, one, 0),
                new MinuteCount("a", H11, Dimensions.UNKNOWN, one, 0),
                new MinuteCount("b", H10, Dimensions.TOTAL, one, 0));
        List<MinuteCount> shuffled = new java.util.ArrayList<>(expected);
        java.util.Collections.shuffle(shuffled, new java.util.Random(15));
        shuffled.sort(PeriodRows.ORDER);
        assertThat(shuffled).containsExactlyElementsOf(expected);
    }
}
