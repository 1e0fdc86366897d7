package dev.adclick.cli.reconcile;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link ReconcileSchedule#latestClosed}: which period is due when. */
class ReconcileScheduleTest {
    private static final Duration DELAY = Duration.ofMinutes(1).plusSeconds(10).plusMinutes(1); // lateness + checkpoint + margin

    @Test
    void anHourIsDueOnlyOnceItsEndPlusTheDelayHasPassed() {
        assertThat(ReconcileSchedule.latestClosed(false, Instant.parse("2026-11-27T11:02:00Z"), DELAY)).isEqualTo("2026-11-27T09");
        assertThat(ReconcileSchedule.latestClosed(false, Instant.parse("2026-11-27T11:02:10Z"), DELAY)).isEqualTo("2026-11-27T10");
        assertThat(ReconcileSchedule.latestClosed(false, Instant.parse("2026-11-28T00:05:00Z"), DELAY)).isEqualTo("2026-11-27T23");
    }

    @Test
    void aDayIsDueAfterMidnightPlusTheDelay() {
        assertThat(ReconcileSchedule.latestClosed(true, Instant.parse("2026-11-28T00:01:00Z"), DELAY)).isEqualTo("2026-11-26");
        assertThat(ReconcileSchedule.latestClosed(true, Instant.parse("2026-11-28T00:03:00Z"), DELAY)).isEqualTo("2026-11-27");
    }
}
