package dev.adclick.store;

import dev.adclick.core.count.Counts;

/** One line of a top-ads answer: an ad and its counts over the range. */
public record AdCounts(String adId, Counts counts) {}
