package dev.adclick.store;

import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.core.dimension.Dimensions;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The row selection of a {@link DimensionFilter} in SQL, the same in every backend: no filter reads
 * the total rows (one per ad and period), a filter sums the breakdown rows it matches. Testing
 * {@code placement} alone tells the two apart, as {@link Dimensions} puts {@code *} in all three
 * dimensions or in none.
 */
public final class DimensionSql {
    private DimensionSql() {}

    /**
     * The condition, with each value rendered by {@code value} (a literal, or a {@code ?} whose
     * parameter the renderer records).
     */
    public static String where(DimensionFilter filter, UnaryOperator<String> value) {
        String placement = Dimension.PLACEMENT.field();
        if (filter.isNone()) return placement + " = " + value.apply(Dimensions.ALL);
        StringBuilder b = new StringBuilder(placement).append(" <> ").append(value.apply(Dimensions.ALL));
        for (Map.Entry<Dimension, String> e : filter.values().entrySet()) {
            b.append(" AND ").append(e.getKey().field()).append(" = ").append(value.apply(e.getValue()));
        }
        return b.toString();
    }

    /** The breakdown rows only (whatever their values): a breakdown never reads total rows. */
    public static String breakdownRows(DimensionFilter filter, UnaryOperator<String> value) {
        return filter.isNone() ? Dimension.PLACEMENT.field() + " <> " + value.apply(Dimensions.ALL) : where(filter, value);
    }
}
