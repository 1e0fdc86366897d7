package dev.adclick.store;

import dev.adclick.core.count.CountColumn;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What {@link ClickStore#top} ranks ads by (the query API's {@code by=}). Ties are broken by ad id;
 * an ad with no rendered impressions has no CTR and is left out of a CTR ranking.
 */
public enum TopOrder {
    CLICKS(CountColumn.CLICKS),
    IMPRESSIONS(CountColumn.IMPRESSIONS),
    /** clicks / impressions over the range. */
    CTR(null);

    private final CountColumn column;

    TopOrder(CountColumn column) {
        this.column = column;
    }

    /** The count column ranked by, or empty for {@link #CTR} (a ratio of two). */
    public Optional<CountColumn> column() {
        return Optional.ofNullable(column);
    }

    /**
     * The {@code HAVING} condition of a ranking: ads with something to rank by, and at least
     * {@code minImpressions} rendered impressions. {@code sum} gives the SQL of a column's sum
     * over the range (the same in DuckDB and ClickHouse).
     */
    public String having(Function<CountColumn, String> sum, long minImpressions) {
        String ranked = sum.apply(column == null ? CountColumn.IMPRESSIONS : column) + " > 0";
        return minImpressions > 0 ? ranked + " AND " + sum.apply(CountColumn.IMPRESSIONS) + " >= " + minImpressions : ranked;
    }

    /** The {@code ORDER BY} term, highest first ({@code /} is a floating-point division in both stores). */
    public String orderBy(Function<CountColumn, String> sum) {
        return column == null
                ? sum.apply(CountColumn.CLICKS) + " / " + sum.apply(CountColumn.IMPRESSIONS) + " DESC"
                : sum.apply(column) + " DESC";
    }

    /** The {@code by=} value. */
    public String param() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@code by=} value, case-insensitively; empty if unknown. */
    public static Optional<TopOrder> parse(String s) {
        for (TopOrder o : values()) if (o.param().equalsIgnoreCase(s)) return Optional.of(o);
        return Optional.empty();
    }

    /** The accepted values, for error messages: {@code clicks, impressions, ctr}. */
    public static String accepted() {
        return Arrays.stream(values()).map(TopOrder::param).collect(Collectors.joining(", "));
    }
}
