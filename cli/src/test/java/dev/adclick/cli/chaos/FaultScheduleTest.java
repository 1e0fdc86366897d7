package dev.adclick.cli.chaos;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fault schedule is a function of its seed, keeps to its timing, and has every kind in every round. */
class FaultScheduleTest {
    static List<FaultSchedule.Planned> first(long seed, int n) {
        FaultSchedule s = new FaultSchedule(seed, Fault.EMBEDDED, FaultSchedule.Timing.DEFAULT);
        List<FaultSchedule.Planned> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(s.next());
        return out;
    }

    @Test
    void sameSeedSameFaultsOtherSeedOtherFaults() {
        assertThat(first(42, 40)).isEqualTo(first(42, 40));
        assertThat(first(43, 40)).isNotEqualTo(first(42, 40));
    }

    @Test
    void gapsAndHoldsStayInTheirRangesAndEachRoundHasEveryKind() {
        List<FaultSchedule.Planned> faults = first(7, 50);
        for (FaultSchedule.Planned p : faults) {
            assertThat(p.gap()).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(60));
            assertThat(p.hold()).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(25));
        }
        for (int round = 0; round < 10; round++) {
            assertThat(new HashSet<>(faults.subList(round * 5, round * 5 + 5)).stream().map(FaultSchedule.Planned::fault).toList())
                    .containsExactlyInAnyOrderElementsOf(Fault.EMBEDDED);
        }
        // drawn, not fixed: the timing varies
        assertThat(faults.stream().map(FaultSchedule.Planned::gap).distinct().count()).isGreaterThan(40);
    }
}
