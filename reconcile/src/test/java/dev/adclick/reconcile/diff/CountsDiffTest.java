package dev.adclick.reconcile.diff;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.core.dimension.Dimensions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link CountsDiff}. */
class CountsDiffTest {
    static final long M = 1_764_237_600_000L; // 2025-11-27T10:00Z, a whole minute
    static final long STREAM = WriteVersions.stream(M);
    static final long V = WriteVersions.reconciled(M + 3_600_000);

    static MinuteCount row(String ad, int minute, long clicks, long verified, long suspicious, long version) {
        return new MinuteCount(ad, M + minute * 60_000L, new Counts(clicks, verified, suspicious), version);
    }

    @Test
    void writesOnlyCorrectionsWhateverTheStoredVersion() {
        List<MinuteCount> exact = List.of(row("a", 0, 5, 3, 0, 0), row("a", 1, 2, 2, 0, 0), row("b", 0, 0, 0, 4, 0), row("c", 0, 1, 1, 0, 0));
        List<MinuteCount> stored = List.of(
                row("a", 0, 5, 3, 0, STREAM),          // equal, stream version → untouched (the period's seal keeps it)
                row("a", 1, 2, 2, 0, V - 1),           // equal, reconciled → untouched
                row("b", 0, 4, 4, 0, STREAM),          // suspicious counted as clicks → corrected
                row("z", 0, 2, 0, 0, STREAM),          // should not exist → zeroed
                row("y", 0, 0, 0, 0, V - 1));          // zeros already reconciled → untouched
        CountsDiff d = new CountsDiff(exact, stored, V);
        assertThat(d.corrections()).containsExactlyInAnyOrder(row("b", 0, 0, 0, 4, V), row("z", 0, 0, 0, 0, V), row("c", 0, 1, 1, 0, V));
        assertThat(d.writes()).containsExactlyInAnyOrderElementsOf(d.corrections());
        assertThat(d.rowsInserted()).isEqualTo(1);
        assertThat(d.rowsZeroed()).isEqualTo(1);
        assertThat(d.rowsChecked()).isEqualTo(6);
        assertThat(d.clicksAdded()).isEqualTo(1);
        assertThat(d.clicksRemoved()).isEqualTo(6);
        assertThat(d.perAd().get("b").suspiciousDelta()).isEqualTo(4);
        assertThat(d.differences().get(0).exact().adId()).isEqualTo("b");
    }

    static MinuteCount row(String ad, Dimensions d, long clicks, long version) {
        return new MinuteCount(ad, M, d, new Counts(clicks, clicks, 0), version);
    }

    @Test
    void aKeyIsWrittenWholeWhenOneOfItsBreakdownRowsChanges() {
        Dimensions top = new Dimensions("top", "DE", "desktop"), side = new Dimensions("side", "US", "mobile");
        List<MinuteCount> exact = List.of(row("a", Dimensions.TOTAL, 3, 0), row("a", top, 2, 0), row("a", Dimensions.UNKNOWN, 1, 0),
                row("b", Dimensions.TOTAL, 1, 0), row("b", top, 1, 0));
        List<MinuteCount> stored = List.of(
                row("a", Dimensions.TOTAL, 3, V - 1), // right and reconciled: written only with its key
                row("a", top, 2, V - 1),              // likewise
                row("a", side, 1, V - 1),             // the click was not from there: zeroed (it is the unknown one)
                row("b", Dimensions.TOTAL, 1, V - 1), // b is right everywhere: not written at all
                row("b", top, 1, V - 1));
        CountsDiff d = new CountsDiff(exact, stored, V);
        assertThat(d.writes()).containsExactly(row("a", Dimensions.TOTAL, 3, V), row("a", side, 0, V), row("a", top, 2, V),
                row("a", Dimensions.UNKNOWN, 1, V));
        assertThat(d.corrections()).containsExactlyInAnyOrder(row("a", side, 0, V), row("a", Dimensions.UNKNOWN, 1, V));
        assertThat(d.totalRowsCorrected()).isZero();
        assertThat(d.breakdownRowsCorrected()).isEqualTo(2);
        assertThat(d.carried()).isEqualTo(2);
        assertThat(d.rowsInserted()).isEqualTo(1);
        assertThat(d.rowsZeroed()).isEqualTo(1);
        // clicks moved between breakdown rows: none added or removed, no ad's totals changed
        assertThat(d.clicksAdded()).isZero();
        assertThat(d.clicksRemoved()).isZero();
        assertThat(d.perAd()).isEmpty();
        // the store afterwards: the written rows replace theirs; a second comparison writes nothing
        java.util.Map<dev.adclick.core.count.CountKey, MinuteCount> after = new java.util.LinkedHashMap<>();
        for (MinuteCount m : stored) after.put(m.key(), m);
        for (MinuteCount m : d.writes()) after.put(m.key(), m);
        assertThat(new CountsDiff(exact, after.values(), V + 1).writes()).isEmpty();
    }

    @Test
    void clickTotalsOfTheReportCountTotalRowsOnly() {
        Dimensions top = new Dimensions("top", "DE", "desktop");
        CountsDiff d = new CountsDiff(List.of(row("a", Dimensions.TOTAL, 4, 0), row("a", top, 4, 0)),
                List.of(row("a", Dimensions.TOTAL, 1, STREAM), row("a", top, 1, STREAM)), V);
        assertThat(d.clicksAdded()).isEqualTo(3);
        assertThat(d.perAd().get("a").rowsCorrected()).isEqualTo(1);
        assertThat(d.totalRowsCorrected()).isEqualTo(1);
        assertThat(d.breakdownRowsCorrected()).isEqualTo(1);
    }

    @Test
    void aBreakdownRowIsNeverWrittenWithoutItsTotalRow() {
        // a store that broke the row model: a breakdown row without a total; neither side has a total
        Dimensions top = new Dimensions("top", "DE", "desktop");
        CountsDiff d = new CountsDiff(List.of(), List.of(row("a", top, 2, STREAM)), V);
        assertThat(d.writes()).containsExactly(row("a", Dimensions.TOTAL, 0, V), row("a", top, 0, V));
    }

    @Test
    void secondComparisonAfterWritingFindsNothing() {
        List<MinuteCount> exact = List.of(row("a", 0, 5, 3, 1, 0));
        CountsDiff first = new CountsDiff(exact, List.of(row("a", 0, 4, 3, 0, STREAM)), V);
        CountsDiff second = new CountsDiff(exact, first.writes(), V + 1);
        assertThat(second.writes()).isEmpty();
    }
}
