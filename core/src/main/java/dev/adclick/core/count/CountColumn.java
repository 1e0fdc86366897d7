package dev.adclick.core.count;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The count columns of {@code ad_clicks_minute}, in table order: the one place that names them.
 *
 * <p>Each column's name is both its SQL column (DuckDB, ClickHouse) and its JSON field (query API,
 * admin rows, reconcile reports), as the contracts in {@code docs/architecture.md} fix them. Store
 * DDL, inserts, merges, reads and the JSON writers iterate over {@link #ALL}, so a new count (e.g.
 * a conversion) is a constant here plus a component of {@link Counts}, and then only the code that
 * really computes it.
 */
public enum CountColumn {
    /** Every click not flagged suspicious, verified or not. */
    CLICKS("clicks"),
    /** The verified part of {@link #CLICKS}. */
    VERIFIED_CLICKS("verified_clicks"),
    /** Clicks flagged by a fraud rule, counted apart from {@link #CLICKS}. */
    SUSPICIOUS_CLICKS("suspicious_clicks"),
    /** Impressions served by the ad server ({@code kind=served}), each impression id once. */
    SERVED_IMPRESSIONS("served_impressions"),
    /** Impressions rendered on a page ({@code kind=rendered}, the beacon), each impression id once. */
    IMPRESSIONS("impressions");

    /** All count columns in table order (a shared immutable copy of {@link #values()}). */
    public static final List<CountColumn> ALL = List.of(values());

    private final String column;

    CountColumn(String column) {
        this.column = column;
    }

    /** The SQL column name, which is also the JSON field name. */
    public String column() {
        return column;
    }

    /** The column names joined with {@code ", "}, each wrapped as {@code prefix + name + suffix}. */
    public static String join(String prefix, String suffix) {
        return joined(", ", c -> prefix + c.column + suffix);
    }

    /** One SQL (or text) fragment per column, in order, joined by {@code separator}. */
    public static String joined(String separator, Function<CountColumn, String> fragment) {
        return ALL.stream().map(fragment).collect(Collectors.joining(separator));
    }
}
