package dev.adclick.core.count;

import java.util.function.ToLongFunction;

/**
 * The counts of one key (ad, minute) or of a range: the one value type for them everywhere
 * (stream deltas and totals, store rows and answers, reconciliation).
 *
 * <p>Values may be negative only as a <em>change</em> (a retraction of the fraud stage); stored or
 * answered counts are {@link #checkAbsolute() absolute}. The components follow {@link CountColumn}:
 * a new count is a component here, a case in {@link #get} and {@link #of}, and a constant there.
 *
 * @param clicks           clicks not flagged suspicious (verified or not)
 * @param verifiedClicks   the verified part of {@code clicks}
 * @param suspiciousClicks clicks flagged by a fraud rule, apart from {@code clicks}
 * @param servedImpressions impressions served (each impression id once)
 * @param impressions      impressions rendered (the beacon; each impression id once)
 */
public record Counts(long clicks, long verifiedClicks, long suspiciousClicks, long servedImpressions, long impressions) {
    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0);
    private static final Counts ONE_CLICK = new Counts(1, 0, 0);
    private static final Counts ONE_VERIFIED_CLICK = new Counts(1, 1, 0);
    private static final Counts ONE_SUSPICIOUS_CLICK = new Counts(0, 0, 1);
    private static final Counts ONE_SERVED_IMPRESSION = new Counts(0, 0, 0, 1, 0);
    private static final Counts ONE_RENDERED_IMPRESSION = new Counts(0, 0, 0, 0, 1);

    /** Click counts without impressions (the click-only stages and tests). */
    public Counts(long clicks, long verifiedClicks, long suspiciousClicks) {
        this(clicks, verifiedClicks, suspiciousClicks, 0, 0);
    }

    /** One ordinary click. Shared instances: this runs once per click. */
    public static Counts click(boolean verified) {
        return verified ? ONE_VERIFIED_CLICK : ONE_CLICK;
    }

    /** One click flagged suspicious. */
    public static Counts suspiciousClick() {
        return ONE_SUSPICIOUS_CLICK;
    }

    /** One impression event of a kind: served by the ad server, or rendered (the beacon). */
    public static Counts impression(boolean rendered) {
        return rendered ? ONE_RENDERED_IMPRESSION : ONE_SERVED_IMPRESSION;
    }

    /** Counts read column by column, e.g. {@code Counts.of(c -> rs.getLong(c.column()))}. */
    public static Counts of(ToLongFunction<CountColumn> value) {
        return new Counts(value.applyAsLong(CountColumn.CLICKS), value.applyAsLong(CountColumn.VERIFIED_CLICKS),
                value.applyAsLong(CountColumn.SUSPICIOUS_CLICKS), value.applyAsLong(CountColumn.SERVED_IMPRESSIONS),
                value.applyAsLong(CountColumn.IMPRESSIONS));
    }

    /** Counts from values in {@link CountColumn#ALL} order (the aggregator's accumulators). */
    public static Counts of(long[] values) {
        if (values.length != CountColumn.ALL.size()) {
            throw new IllegalArgumentException("expected " + CountColumn.ALL.size() + " counts, got " + values.length);
        }
        return of(c -> values[c.ordinal()]);
    }

    public long get(CountColumn c) {
        return switch (c) {
            case CLICKS -> clicks;
            case VERIFIED_CLICKS -> verifiedClicks;
            case SUSPICIOUS_CLICKS -> suspiciousClicks;
            case SERVED_IMPRESSIONS -> servedImpressions;
            case IMPRESSIONS -> impressions;
        };
    }

    /**
     * Click-through rate: clicks per rendered impression, or {@code null} when nothing was rendered
     * (docs/architecture.md, Contracts, query API). A click whose beacon was blocked still counts,
     * so the ratio may exceed 1 on tiny numbers.
     */
    public Double ctr() {
        return impressions == 0 ? null : (double) clicks / impressions;
    }

    public Counts plus(Counts o) {
        return of(c -> get(c) + o.get(c));
    }

    public Counts minus(Counts o) {
        return of(c -> get(c) - o.get(c));
    }

    public boolean isZero() {
        for (CountColumn c : CountColumn.ALL) if (get(c) != 0) return false;
        return true;
    }

    /** Adds these counts into {@code values} (in {@link CountColumn#ALL} order) without allocating. */
    public void addTo(long[] values) {
        for (CountColumn c : CountColumn.ALL) values[c.ordinal()] += get(c);
    }

    /**
     * These counts, if they can be stored: none negative, verified part of clicks.
     *
     * @throws IllegalArgumentException naming the broken bound
     */
    public Counts checkAbsolute() {
        for (CountColumn c : CountColumn.ALL) {
            if (get(c) < 0) throw new IllegalArgumentException("counts must be >= 0: " + c.column() + "=" + get(c) + " in " + this);
        }
        if (verifiedClicks > clicks) throw new IllegalArgumentException("verifiedClicks > clicks: " + verifiedClicks + " > " + clicks);
        return this;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (CountColumn c : CountColumn.ALL) b.append(b.length() == 0 ? "" : " ").append(c.column()).append('=').append(get(c));
        return b.toString();
    }
}
