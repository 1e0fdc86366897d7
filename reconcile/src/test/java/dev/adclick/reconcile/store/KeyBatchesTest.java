package dev.adclick.reconcile.store;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimensions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link KeyBatches}: batches of at most max rows that never split an (ad, minute). */
class KeyBatchesTest {
    static final long M = 1_764_237_600_000L;

    /** The total row and {@code breakdowns} breakdown rows of one ad at M. */
    static List<MinuteCount> key(String ad, int breakdowns) {
        List<MinuteCount> rows = new ArrayList<>(List.of(new MinuteCount(ad, M, Dimensions.TOTAL, new Counts(breakdowns, 0, 0), 1)));
        for (int i = 0; i < breakdowns; i++) rows.add(new MinuteCount(ad, M, new Dimensions("p" + i, "DE", "mobile"), new Counts(1, 0, 0), 1));
        return rows;
    }

    static List<MinuteCount> concat(List<List<MinuteCount>> parts) {
        return parts.stream().flatMap(List::stream).toList();
    }

    @Test
    void fillsBatchesWithWholeKeys() {
        List<MinuteCount> a = key("a", 2), b = key("b", 1), c = key("c", 3);
        assertThat(KeyBatches.of(concat(List.of(a, b, c)), 5)).containsExactly(concat(List.of(a, b)), c);
    }

    @Test
    void aKeyLargerThanABatchIsABatchOfItsOwn() {
        List<MinuteCount> a = key("a", 1), big = key("big", 6), c = key("c", 1);
        assertThat(KeyBatches.of(concat(List.of(a, big, c)), 4)).containsExactly(a, big, c);
    }

    @Test
    void rowsOfAKeyGivenApartAreBroughtTogether() {
        List<MinuteCount> a = key("a", 1), b = key("b", 1);
        List<MinuteCount> mixed = List.of(a.get(0), b.get(0), a.get(1), b.get(1));
        assertThat(KeyBatches.of(mixed, 2)).containsExactly(a, b);
    }
}
