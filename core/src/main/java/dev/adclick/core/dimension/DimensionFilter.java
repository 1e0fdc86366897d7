package dev.adclick.core.dimension;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A read's restriction to one value per dimension (the query API's {@code placement=},
 * {@code country=}, {@code device=}; docs/architecture.md, Contracts, query API): each dimension
 * either any value (absent) or exactly one. {@link Dimension#UNKNOWN} selects events without a value.
 * {@link #NONE} reads the total rows; any other filter sums the breakdown rows it matches.
 */
public final class DimensionFilter implements java.io.Serializable {
    /** No restriction: the ads' totals. */
    public static final DimensionFilter NONE = new DimensionFilter(new EnumMap<>(Dimension.class));

    private final EnumMap<Dimension, String> values;

    private DimensionFilter(EnumMap<Dimension, String> values) {
        this.values = values;
    }

    /**
     * A filter from dimension → value; values are kept as given (a value no event has matches nothing).
     *
     * @throws IllegalArgumentException for a blank value or {@link Dimensions#ALL}
     */
    public static DimensionFilter of(Map<Dimension, String> values) {
        EnumMap<Dimension, String> m = new EnumMap<>(Dimension.class);
        values.forEach((d, v) -> {
            Objects.requireNonNull(v, d.field());
            if (v.isBlank() || Dimensions.ALL.equals(v)) {
                throw new IllegalArgumentException(d.field() + " must be one value (or \"" + Dimension.UNKNOWN + "\"), was \"" + v + "\"");
            }
            m.put(d, v);
        });
        return m.isEmpty() ? NONE : new DimensionFilter(m);
    }

    /** The same filter and one more restriction (replacing that dimension's). */
    public DimensionFilter and(Dimension d, String value) {
        EnumMap<Dimension, String> m = new EnumMap<>(values);
        m.put(d, value);
        return of(m);
    }

    /** The value one dimension is restricted to, if it is. */
    public Optional<String> value(Dimension d) {
        return Optional.ofNullable(values.get(d));
    }

    /** The restrictions, by dimension (empty for {@link #NONE}). */
    public Map<Dimension, String> values() {
        return Map.copyOf(values);
    }

    public boolean isNone() {
        return values.isEmpty();
    }

    /** Whether a breakdown row with these values is selected (never the total row: it is no combination). */
    public boolean matches(Dimensions dims) {
        if (dims.isTotal()) return false;
        for (Map.Entry<Dimension, String> e : values.entrySet()) {
            if (!e.getValue().equals(dims.get(e.getKey()))) return false;
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DimensionFilter f && f.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return isNone() ? "no filter" : values.toString();
    }
}
