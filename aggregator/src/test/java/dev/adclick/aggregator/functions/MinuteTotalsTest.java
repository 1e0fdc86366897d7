package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.CountDelta;
import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.Counts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link MinuteTotals}: state restored from earlier layouts keeps its counts. */
class MinuteTotalsTest {
    @Test
    void stateWithTheEarlierNamedFieldsKeepsItsCounts() {
        for (long[] restoredArray : new long[][] {null, new long[CountColumn.ALL.size()]}) {
            MinuteTotals t = new MinuteTotals();
            t.setCounts(restoredArray);
            t.setClicks(7);
            t.setVerified(5);
            t.setSuspicious(2);
            assertThat(t.counts()).isEqualTo(new Counts(7, 5, 2));
            assertThat(t.counts()).isEqualTo(new Counts(7, 5, 2)); // moved once, not added again
        }
    }

    @Test
    void theClickOnlyJobsThreeCountsGetZeroImpressions() {
        MinuteTotals t = new MinuteTotals();
        t.setCounts(new long[] {9, 4, 2}); // clicks, verified, suspicious: the state of the job before impressions
        t.setDirty(true);
        assertThat(t.counts()).isEqualTo(new Counts(9, 4, 2, 0, 0));
        t.add(dev.adclick.aggregator.records.CountDelta.of("ad", 0, Counts.impression(true)));
        assertThat(t.counts()).isEqualTo(new Counts(9, 4, 2, 0, 1));
        assertThat(t.getCounts()).hasSize(CountColumn.ALL.size());
    }

    @Test
    void anArrayFromBeforeAColumnWasAddedIsExtended() {
        MinuteTotals t = new MinuteTotals();
        t.setCounts(new long[] {4, 1});
        assertThat(t.counts()).isEqualTo(new Counts(4, 1, 0));
    }

    @Test
    void keepsTheNewestEventTimeOfItsDeltasWhateverTheirOrder() {
        CountDelta early = CountDelta.of("ad", 0, Counts.click(true)).at(1_000);
        CountDelta late = CountDelta.of("ad", 0, Counts.click(true)).at(3_000);
        CountDelta combined = CountDelta.of("ad", 0, Counts.click(false)).at(2_000);
        combined.add(early); // as the combiner sums: the newest of both
        assertThat(combined.getEventTime()).isEqualTo(2_000);

        MinuteTotals t = new MinuteTotals();
        assertThat(t.getNewestEvent()).as("unknown, also in state restored from before it was kept").isZero();
        t.add(late);
        t.add(combined);
        assertThat(t.getNewestEvent()).isEqualTo(3_000);
        assertThat(t.counts()).isEqualTo(new Counts(3, 2, 0));
    }
}
