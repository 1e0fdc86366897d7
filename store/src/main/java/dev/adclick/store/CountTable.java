package dev.adclick.store;

import dev.adclick.core.count.CountKey;
import dev.adclick.core.dimension.Dimension;

import java.util.Arrays;
import java.util.List;

/**
 * The three count tables of docs/architecture.md, Contracts, store tables: the minute rows the
 * writers upsert and the hour and day rollups the store derives from them. All have the same
 * shape, {@code (ad_id, <period>, placement, country, device, <count columns>, version)}, unique on
 * everything before the counts; the total row of an (ad, period) has {@code *} in every dimension.
 */
public enum CountTable {
    MINUTE("ad_clicks_minute", CountKey.MINUTE, Granularity.MINUTE),
    HOUR("ad_clicks_hour", "hour", Granularity.HOUR),
    DAY("ad_clicks_day", "day", Granularity.DAY);

    /** The dimension columns in key order, named by {@link Dimension#field()}. */
    public static final List<String> DIMENSION_COLUMNS = Arrays.stream(Dimension.values()).map(Dimension::field).toList();

    private final String table;
    private final String timeColumn;
    private final Granularity period;

    CountTable(String table, String timeColumn, Granularity period) {
        this.table = table;
        this.timeColumn = timeColumn;
        this.period = period;
    }

    public String table() {
        return table;
    }

    /** The column holding the start of the row's period ({@code minute}, {@code hour}, {@code day}). */
    public String timeColumn() {
        return timeColumn;
    }

    public Granularity period() {
        return period;
    }

    /** The table one step finer that this rollup is computed from (empty for {@link #MINUTE}). */
    public java.util.Optional<CountTable> source() {
        return this == MINUTE ? java.util.Optional.empty() : java.util.Optional.of(values()[ordinal() - 1]);
    }

    /** {@code ad_id, <time>, placement, country, device}: the unique key, in sort order. */
    public String keyColumns() {
        return CountKey.AD_ID + ", " + timeColumn + ", " + dimensionColumns();
    }

    /** {@code placement, country, device}. */
    public static String dimensionColumns() {
        return String.join(", ", DIMENSION_COLUMNS);
    }

    /** The table whose rows are periods of this granularity. */
    public static CountTable of(Granularity g) {
        return values()[g.ordinal()];
    }

    @Override
    public String toString() {
        return table;
    }
}
