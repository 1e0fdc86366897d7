package dev.adclick.store;

import dev.adclick.core.count.Counts;

/**
 * One line of a breakdown answer ({@link ClickStore#breakdown}): a value of the dimension broken
 * down by (e.g. {@code US} for country, {@code unknown} for events without one) and its counts over the range.
 */
public record BreakdownRow(String key, Counts counts) {}
