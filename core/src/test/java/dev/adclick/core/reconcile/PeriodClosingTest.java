package dev.adclick.core.reconcile;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link PeriodClosing} and {@link Period}: which period is closed when, for the job and the schedule alike. */
class PeriodClosingTest {
    /** lateness 1 min + checkpoint 10 s + margin 1 min. */
    private static final PeriodClosing CLOSING = new PeriodClosing(Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofMinutes(1));

    @Test
    void closedAtAddsLatenessCheckpointAndMargin() {
        assertThat(Period.hour("2026-11-27T10").closedAt(CLOSING)).isEqualTo(Instant.parse("2026-11-27T11:02:10Z"));
    }

    @Test
    void aSafetyMarginThatTheWatermarkCanOutlastIsRefusedNamingWhatToChange() {
        assertThat(CLOSING.requireAbove(Duration.ofSeconds(59), "the hold")).isSameAs(CLOSING);
        assertThatThrownBy(() -> CLOSING.requireAbove(Duration.ofMinutes(1), "the hold"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reconcile.safety-margin (60 s) must be more than the hold (60 s), or a period could count as closed while"
                        + " the stream still changes its last minute. Raise reconcile.safety-margin or lower the hold.");
        assertThatThrownBy(() -> CLOSING.requireAbove(Duration.ofMillis(60_500), "the hold")).hasMessageContaining("(60.5 s)");
    }

    @Test
    void anHourIsDueOnlyOnceItsEndPlusTheDelayHasPassed() {
        assertThat(CLOSING.latestClosed(false, Instant.parse("2026-11-27T11:02:00Z")).label()).isEqualTo("2026-11-27T09");
        assertThat(CLOSING.latestClosed(false, Instant.parse("2026-11-27T11:02:10Z")).label()).isEqualTo("2026-11-27T10");
        assertThat(CLOSING.latestClosed(false, Instant.parse("2026-11-28T00:05:00Z")).label()).isEqualTo("2026-11-27T23");
    }

    @Test
    void aDayIsDueAfterMidnightPlusTheDelay() {
        assertThat(CLOSING.latestClosed(true, Instant.parse("2026-11-28T00:01:00Z")).label()).isEqualTo("2026-11-26");
        assertThat(CLOSING.latestClosed(true, Instant.parse("2026-11-28T00:03:00Z")).label()).isEqualTo("2026-11-27");
    }

    @Test
    void theLatestClosedPeriodIsClosedByTheJobsOwnRuleAndTheNextIsNot() {
        for (Instant now = Instant.parse("2026-11-27T23:50:00Z"); now.isBefore(Instant.parse("2026-11-28T00:20:00Z")); now = now.plusSeconds(17)) {
            for (boolean day : new boolean[] {false, true}) {
                Period p = CLOSING.latestClosed(day, now);
                assertThat(p.closedAt(CLOSING)).isBeforeOrEqualTo(now);
                Period next = Period.containing(p.end(), day);
                assertThat(next.closedAt(CLOSING)).isAfter(now);
            }
        }
    }

    @Test
    void partitionsAreTheHoursOfThePeriod() {
        assertThat(Period.hour("2026-11-27T10").partitions()).containsExactly("dt=2026-11-27/hour=10");
        assertThat(Period.day("2026-11-27").partitions()).hasSize(24).startsWith("dt=2026-11-27/hour=00").endsWith("dt=2026-11-27/hour=23");
    }
}
