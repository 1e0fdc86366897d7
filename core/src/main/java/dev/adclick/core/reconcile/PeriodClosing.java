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

    /**
     * This rule, if the stream has closed a period's last minute by the time the period counts as
     * closed: the watermark may trail the newest event by up to {@code watermarkHold}
     * (out-of-orderness + idle timeout, docs/architecture.md, Watermark), so the safety margin must
     * be longer, or reconciliation could seal a minute the stream still changes.
     *
     * @param what the settings that make up the hold, for the message
     * @throws IllegalArgumentException naming both sides and what to change
     */
    public PeriodClosing requireAbove(Duration watermarkHold, String what) {
        if (safetyMargin.compareTo(watermarkHold) > 0) return this;
        throw new IllegalArgumentException(SAFETY_MARGIN.key() + " (" + seconds(safetyMargin) + ") must be more than " + what + " ("
                + seconds(watermarkHold) + "), or a period could count as closed while the stream still changes its last minute."
                + " Raise " + SAFETY_MARGIN.key() + " or lower " + what + ".");
    }

    private static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }

    /** The newest hour (or day) that is closed at {@code now}. */
    public Period latestClosed(boolean day, Instant now) {
        return Period.containing(now.minus(delay()), day).previous();
    }
}
