package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.CountDelta;
import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.dimension.Dimensions;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link MinuteTotals}: breakdown rows, their sum as the total, and state restored from earlier layouts. */
class MinuteTotalsTest {
    private static final Dimensions HOME_US = Dimensions.of("home", "US", "desktop");
    private static final Dimensions SIDE_DE = Dimensions.of("side", "DE", "mobile");

    private static CountDelta delta(Dimensions dims, Counts c) {
        return CountDelta.of(new CountKey("ad", 0, dims), c);
    }

    private static Map<Dimensions, Counts> rows(MinuteTotals t) {
        return t.rows().stream().collect(Collectors.toMap(RowCounts::dims, RowCounts::counts));
    }

    @Test
    void keepsARowPerDimensionValuesAndTheirSumAsTheTotal() {
        MinuteTotals t = new MinuteTotals();
        t.add(delta(HOME_US, Counts.click(true)));
        t.add(delta(SIDE_DE, Counts.click(false)));
        t.add(delta(HOME_US, Counts.impression(true)));
        t.add(delta(HOME_US, new Counts(-1, -1, 1))); // a retraction in the row it was counted in
        assertThat(rows(t)).containsOnly(Map.entry(HOME_US, new Counts(0, 0, 1, 0, 1)), Map.entry(SIDE_DE, new Counts(1, 0, 0)));
        assertThat(t.total()).isEqualTo(new Counts(1, 0, 1, 0, 1));
    }

    @Test
    void aCopyOfTheStateFindsItsRowsAgain() {
        // Flink copies state values (heap snapshots, RocksDB reads): the row index is rebuilt, never shared or lost
        TypeSerializer<MinuteTotals> serializer = TypeInformation.of(MinuteTotals.class).createSerializer(new SerializerConfigImpl());
        MinuteTotals t = new MinuteTotals();
        t.add(delta(HOME_US, Counts.click(true)));
        MinuteTotals copy = serializer.copy(t);
        copy.add(delta(HOME_US, Counts.click(true)));
        copy.add(delta(SIDE_DE, Counts.click(true)));
        assertThat(rows(copy)).containsOnly(Map.entry(HOME_US, new Counts(2, 2, 0)), Map.entry(SIDE_DE, new Counts(1, 1, 0)));
        assertThat(rows(t)).as("the original is untouched").containsOnly(Map.entry(HOME_US, new Counts(1, 1, 0)));
    }

    @Test
    void stateWithTheEarlierNamedFieldsCountsAsTheUnknownRow() {
        for (long[] restoredArray : new long[][] {null, new long[CountColumn.ALL.size()]}) {
            MinuteTotals t = new MinuteTotals();
            t.setCounts(restoredArray);
            t.setClicks(7);
            t.setVerified(5);
            t.setSuspicious(2);
            assertThat(rows(t)).containsOnly(Map.entry(Dimensions.UNKNOWN, new Counts(7, 5, 2)));
            assertThat(t.total()).isEqualTo(new Counts(7, 5, 2)); // moved once, not added again
        }
    }

    @Test
    void theCountsOfStateBeforeBreakdownRowsAreTheUnknownRowAndNewDeltasAddBeside() {
        MinuteTotals t = new MinuteTotals();
        t.setCounts(new long[] {9, 4, 2}); // clicks, verified, suspicious: the state of the job before impressions
        t.setDirty(true);
        t.add(delta(HOME_US, Counts.impression(true)));
        t.add(delta(Dimensions.UNKNOWN, Counts.click(false))); // a v1 click joins the restored counts
        assertThat(rows(t)).containsOnly(Map.entry(Dimensions.UNKNOWN, new Counts(10, 4, 2, 0, 0)), Map.entry(HOME_US, new Counts(0, 0, 0, 0, 1)));
        assertThat(t.total()).isEqualTo(new Counts(10, 4, 2, 0, 1));
        assertThat(t.getCounts()).as("moved out, once").isNull();
    }

    @Test
    void anArrayFromBeforeAColumnWasAddedIsExtended() {
        MinuteTotals t = new MinuteTotals();
        t.setCounts(new long[] {4, 1});
        assertThat(t.total()).isEqualTo(new Counts(4, 1, 0));
        RowCounts r = new RowCounts();
        r.setPlacement("home");
        r.setCounts(new long[] {3, 3, 0}); // a row written before a column was added
        MinuteTotals withRow = new MinuteTotals();
        withRow.setRows(new RowCounts[] {r});
        withRow.add(delta(Dimensions.of("home", null, null), Counts.impression(false)));
        assertThat(withRow.total()).isEqualTo(new Counts(3, 3, 0, 1, 0));
    }

    @Test
    void keepsTheNewestEventTimeOfItsDeltasWhateverTheirOrder() {
        CountDelta early = delta(HOME_US, Counts.click(true)).at(1_000);
        CountDelta late = delta(HOME_US, Counts.click(true)).at(3_000);
        CountDelta combined = delta(HOME_US, Counts.click(false)).at(2_000);
        combined.add(early); // as the combiner sums: the newest of both
        assertThat(combined.getEventTime()).isEqualTo(2_000);

        MinuteTotals t = new MinuteTotals();
        assertThat(t.getNewestEvent()).as("unknown, also in state restored from before it was kept").isZero();
        t.add(late);
        t.add(combined);
        assertThat(t.getNewestEvent()).isEqualTo(3_000);
        assertThat(t.total()).isEqualTo(new Counts(3, 2, 0));
    }
}
