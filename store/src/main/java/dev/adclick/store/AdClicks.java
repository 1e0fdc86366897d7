package dev.adclick.store;

import dev.adclick.core.count.Counts;

/** One line of a top-ads answer: an ad and its counts over the range (ranked by clicks). */
public record AdClicks(String adId, Counts counts) {
    public long clicks() {
        return counts.clicks();
    }
}
