package dev.adclick.cli.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The one definition of the chaos fault schedule, used by {@code ./adclick demo --chaos} and by the
 * soak (bench/chaos/ChaosSoak.java): one fault at a time, each after a quiet gap and held for a
 * while, both drawn from a seeded random, so a seed names a run. Kinds come in rounds: every round
 * is a seeded shuffle of all kinds, so each kind happens once per {@code kinds.size()} faults (a
 * short run still sees every kind).
 */
public final class FaultSchedule {
    /** The ranges a gap (before a fault) and a hold (how long it lasts) are drawn from, bounds included. */
    public record Timing(Duration minGap, Duration maxGap, Duration minHold, Duration maxHold) {
        /** The schedule: a fault every 20–60 s, held 5–25 s. */
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(25));

        public Timing {
            if (minGap.isNegative() || maxGap.compareTo(minGap) < 0 || minHold.isNegative() || maxHold.compareTo(minHold) < 0) {
                throw new IllegalArgumentException("bad chaos timing: gap " + minGap + ".." + maxGap + ", hold " + minHold + ".." + maxHold);
            }
        }
    }

    /** One planned fault: wait {@code gap}, then inject {@code fault} for {@code hold}. */
    public record Planned(Fault fault, Duration gap, Duration hold) {}

    private final List<Fault> kinds;
    private final Timing timing;
    private final Random random;
    private final List<Fault> round = new ArrayList<>();

    public FaultSchedule(long seed, List<Fault> kinds, Timing timing) {
        if (kinds.isEmpty()) throw new IllegalArgumentException("no fault kinds");
        this.kinds = List.copyOf(kinds);
        this.timing = Objects.requireNonNull(timing, "timing");
        this.random = new Random(seed);
    }

    /** The next fault; the same seed, kinds and timing give the same sequence. */
    public synchronized Planned next() {
        if (round.isEmpty()) {
            round.addAll(kinds);
            Collections.shuffle(round, random);
        }
        Duration gap = draw(timing.minGap(), timing.maxGap());
        Fault fault = round.remove(0);
        return new Planned(fault, gap, draw(timing.minHold(), timing.maxHold()));
    }

    private Duration draw(Duration min, Duration max) {
        long span = max.toMillis() - min.toMillis();
        return Duration.ofMillis(min.toMillis() + (span == 0 ? 0 : Math.floorMod(random.nextLong(), span + 1)));
    }
}
