package dev.adclick.store;

/** Counts of one ad in one bucket of a series; {@code start} is epoch ms UTC. */
public record Bucket(long start, long clicks, long verifiedClicks, long suspiciousClicks) {}
