package dev.adclick.store;

import dev.adclick.core.count.Counts;

/** Counts of one ad in one bucket of a series; {@code start} is epoch ms UTC. */
public record Bucket(long start, Counts counts) {}
