package dev.adclick.core.reconcile;

import dev.adclick.core.config.Setting;
import dev.adclick.core.config.SettingValues;
import dev.adclick.core.stream.StreamTiming;

import java.time.Duration;
import java.time.Instant;

/**
 * When a period is closed, defined once for the reconcile job (which refuses an open period) and
 * the stack's schedule (which waits for it): its end, plus the stream's allowed lateness (the job
 * may still update its last minute until then), plus the checkpoint interval (archive files become
 * visible on checkpoint), plus a safety margin.
 */
public record PeriodClosing(Duration allowedLateness, Duration checkpointInterval, Duration safetyMargin) {

    public static final Setting<Duration> SAFETY_MARGIN = Setting.duration("reconcile.safety-margin", "30s", Duration.ZERO,
            "Extra wait after a period's end + allowed lateness + checkpoint interval before it counts as closed.")
            .alsoKnownAs("safety-margin");

    /** The three settings this rule reads. */
    public static final java.util.List<Setting<Duration>> SETTINGS =
            java.util.List.of(StreamTiming.ALLOWED_LATENESS, StreamTiming.CHECKPOINT_INTERVAL, SAFETY_MARGIN);

    public static PeriodClosing from(SettingValues values) {
        return new PeriodClosing(values.get(StreamTiming.ALLOWED_LATENESS), values.get(StreamTiming.CHECKPOINT_INTERVAL),
                values.get(SAFETY_MARGIN));
    }

    /** How long after its end a period is closed. */
    public Duration delay() {
        return allowedLateness.plus(checkpointInterval).plus(safetyMargin);
    }

    /** The newest hour (or day) that is closed at {@code now}. */
    public Period latestClosed(boolean day, Instant now) {
        return Period.containing(now.minus(delay()), day).previous();
    }
}
