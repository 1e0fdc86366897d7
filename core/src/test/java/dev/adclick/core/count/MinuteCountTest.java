package dev.adclick.core.count;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link MinuteCount}, {@link CountKey} and {@link WriteVersions}. */
class MinuteCountTest {
    @Test
    void rejectsRowsThatCannotExist() {
        assertThatThrownBy(() -> new MinuteCount("a", 61_000, new Counts(1, 1, 0), 1)).hasMessageContaining("whole UTC minute");
        assertThatThrownBy(() -> new MinuteCount("a", 60_000, new Counts(-1, 0, 0), 1)).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> new MinuteCount("a", 60_000, new Counts(1, 2, 0), 1)).hasMessageContaining("verifiedClicks > clicks");
    }

    @Test
    void sameCountsIgnoresTheVersion() {
        MinuteCount a = new MinuteCount("a", 60_000, new Counts(3, 2, 1), 1);
        assertThat(a.sameCounts(a.withVersion(99))).isTrue();
        assertThat(a).isNotEqualTo(a.withVersion(99));
    }

    @Test
    void aKeyIsTheMinuteOfTheEvent() {
        assertThat(CountKey.at("a", 119_999)).isEqualTo(new CountKey("a", 60_000));
        assertThat(CountKey.minuteOf(-1)).isEqualTo(-60_000);
    }

    @Test
    void everyReconciledVersionBeatsEveryStreamVersion() {
        long now = System.currentTimeMillis();
        assertThat(WriteVersions.reconciled(0)).isGreaterThan(WriteVersions.stream(now * 1000));
        assertThat(WriteVersions.isReconciled(WriteVersions.reconciled(now))).isTrue();
        assertThat(WriteVersions.isReconciled(WriteVersions.stream(now))).isFalse();
        assertThatThrownBy(() -> WriteVersions.stream(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
