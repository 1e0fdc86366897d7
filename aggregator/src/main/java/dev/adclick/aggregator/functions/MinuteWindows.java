package dev.adclick.aggregator.functions;

/** Arithmetic of the 1-minute tumbling windows, Flink's rules (end exclusive, lateness on max timestamp). */
final class MinuteWindows {
    static final long MINUTE = 60_000L;

    private MinuteWindows() {}

    static long minuteOf(long ts) {
        return Math.floorDiv(ts, MINUTE) * MINUTE;
    }

    /**
     * When the window of this minute is closed for good: its last millisecond plus the allowed
     * lateness. An event is too late when this time is at or before the watermark.
     */
    static long cleanupTime(long minute, long allowedLatenessMs) {
        return minute + MINUTE - 1 + allowedLatenessMs;
    }
}
