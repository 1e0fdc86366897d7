package dev.adclick.core.config;

import java.time.Duration;
import java.util.Locale;

/**
 * The one duration syntax of every setting: {@code 500ms}, {@code 10s}, {@code 5m} (or {@code 5min}),
 * {@code 24h}, {@code 2d}, {@code 0}, or ISO-8601 ({@code PT10S}).
 */
public final class Durations {
    private Durations() {}

    /** @throws IllegalArgumentException when {@code text} is none of the accepted forms */
    public static Duration parse(String text) {
        if (text == null) throw new IllegalArgumentException("no duration given");
        String s = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) return Duration.parse(s.toUpperCase(Locale.ROOT));
            if (s.equals("0")) return Duration.ZERO;
            if (s.endsWith("ms")) return Duration.ofMillis(number(s, 2));
            if (s.endsWith("min")) return Duration.ofMinutes(number(s, 3));
            switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
                case 's': return Duration.ofSeconds(number(s, 1));
                case 'm': return Duration.ofMinutes(number(s, 1));
                case 'h': return Duration.ofHours(number(s, 1));
                case 'd': return Duration.ofDays(number(s, 1));
                default: throw new IllegalArgumentException("no unit");
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 500ms, 10s, 5m, 24h, PT10S)");
        }
    }

    /** The shortest text {@link #parse} reads back as {@code d}, e.g. {@code 90s}, {@code 1m}, {@code 250ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) return "0";
        if (ms % 86_400_000L == 0) return ms / 86_400_000L + "d";
        if (ms % 3_600_000L == 0) return ms / 3_600_000L + "h";
        if (ms % 60_000L == 0) return ms / 60_000L + "m";
        if (ms % 1_000L == 0) return ms / 1_000L + "s";
        return ms + "ms";
    }

    private static long number(String s, int unitLength) {
        return Long.parseLong(s.substring(0, s.length() - unitLength).trim());
    }
}
