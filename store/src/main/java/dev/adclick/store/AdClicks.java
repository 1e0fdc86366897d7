package dev.adclick.store;

/** One line of a top-ads answer. */
public record AdClicks(String adId, long clicks) {}
