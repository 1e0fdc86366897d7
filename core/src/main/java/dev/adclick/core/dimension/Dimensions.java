package dev.adclick.core.dimension;

import java.util.Objects;

/**
 * The dimension values a row of counts is kept for (docs/architecture.md, Contracts, store tables):
 * one placement, country and device, or {@link #TOTAL}, the row of an ad's counts over all of them.
 *
 * <p>Every count table holds, per (ad, period), one {@code TOTAL} row and one row per combination
 * of values seen, and a writer writes them together (the same batch, the same transaction or
 * insert), so the total always equals the sum of its breakdown rows wherever a reader looks.
 * Values are normalised once, here: null, blank and {@link #ALL} itself count as
 * {@link Dimension#UNKNOWN}, so no event can pose as the total row.
 *
 * @param placement the placement, or {@link #ALL} in the total row
 * @param country   ISO 3166-1 alpha-2 code, {@code unknown}, or {@link #ALL}
 * @param device    a {@link Device#json()} value, {@code unknown}, or {@link #ALL}
 */
public record Dimensions(String placement, String country, String device) implements java.io.Serializable {
    /** The value of every dimension in the total row: "all values". Never a value of an event. */
    public static final String ALL = "*";
    /** The per-ad row: all placements, countries and devices. */
    public static final Dimensions TOTAL = new Dimensions(ALL, ALL, ALL);
    /** An event without dimensions (v1 records, links without a token, …). */
    public static final Dimensions UNKNOWN = new Dimensions(Dimension.UNKNOWN, Dimension.UNKNOWN, Dimension.UNKNOWN);

    public Dimensions {
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(device, "device");
        boolean total = ALL.equals(placement) && ALL.equals(country) && ALL.equals(device);
        if (!total && (ALL.equals(placement) || ALL.equals(country) || ALL.equals(device))) {
            throw new IllegalArgumentException("either every dimension is " + ALL + " (the total row) or none is: "
                    + placement + "/" + country + "/" + device);
        }
    }

    /** The dimensions of an event, from its topic fields (null for missing): normalised, never {@link #TOTAL}. */
    public static Dimensions of(String placement, String country, String device) {
        String p = valueOf(placement), c = valueOf(country), d = valueOf(device);
        if (Dimension.UNKNOWN.equals(p) && Dimension.UNKNOWN.equals(c) && Dimension.UNKNOWN.equals(d)) return UNKNOWN;
        return new Dimensions(p, c, d);
    }

    /** The key an event's value is counted under: itself, or {@link Dimension#UNKNOWN} for null, blank or {@link #ALL}. */
    public static String valueOf(String raw) {
        if (raw == null || raw.isBlank() || ALL.equals(raw)) return Dimension.UNKNOWN;
        return raw;
    }

    /** Whether this is the per-ad row over all values. */
    public boolean isTotal() {
        return ALL.equals(placement);
    }

    /** The value of one dimension. */
    public String get(Dimension d) {
        return switch (d) {
            case PLACEMENT -> placement;
            case COUNTRY -> country;
            case DEVICE -> device;
        };
    }

    @Override
    public String toString() {
        return isTotal() ? "total" : placement + "/" + country + "/" + device;
    }
}
