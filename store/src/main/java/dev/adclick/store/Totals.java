package dev.adclick.store;

/** Sums of one ad over a range. {@code clicks} excludes suspicious clicks; verified is part of clicks. */
public record Totals(long clicks, long verifiedClicks, long suspiciousClicks) {
    public static final Totals ZERO = new Totals(0, 0, 0);
}
