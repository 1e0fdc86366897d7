package dev.adclick.reconcile.diff;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
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
    void classifiesCorrectionsSealedAndUntouched() {
        List<MinuteCount> exact = List.of(row("a", 0, 5, 3, 0, 0), row("a", 1, 2, 2, 0, 0), row("b", 0, 0, 0, 4, 0), row("c", 0, 1, 1, 0, 0));
        List<MinuteCount> stored = List.of(
                row("a", 0, 5, 3, 0, STREAM),          // equal, stream version → sealed
                row("a", 1, 2, 2, 0, V - 1),           // equal, reconciled → untouched
                row("b", 0, 4, 4, 0, STREAM),          // suspicious counted as clicks → corrected
                row("z", 0, 2, 0, 0, STREAM),          // should not exist → zeroed
                row("y", 0, 0, 0, 0, V - 1));          // zeros already reconciled → untouched
        CountsDiff d = new CountsDiff(exact, stored, V);
        assertThat(d.sealed()).containsExactly(row("a", 0, 5, 3, 0, V));
        assertThat(d.corrections()).containsExactlyInAnyOrder(row("b", 0, 0, 0, 4, V), row("z", 0, 0, 0, 0, V), row("c", 0, 1, 1, 0, V));
        assertThat(d.rowsInserted()).isEqualTo(1);
        assertThat(d.rowsZeroed()).isEqualTo(1);
        assertThat(d.rowsChecked()).isEqualTo(6);
        assertThat(d.clicksAdded()).isEqualTo(1);
        assertThat(d.clicksRemoved()).isEqualTo(6);
        assertThat(d.perAd().get("b").suspiciousDelta()).isEqualTo(4);
        assertThat(d.differences().get(0).exact().adId()).isEqualTo("b");
    }

    @Test
    void secondComparisonAfterWritingFindsNothing() {
        List<MinuteCount> exact = List.of(row("a", 0, 5, 3, 1, 0));
        CountsDiff first = new CountsDiff(exact, List.of(row("a", 0, 4, 3, 0, STREAM)), V);
        CountsDiff second = new CountsDiff(exact, first.writes(), V + 1);
        assertThat(second.writes()).isEmpty();
    }
}
