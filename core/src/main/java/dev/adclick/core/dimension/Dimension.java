package dev.adclick.core.dimension;

/**
 * The dimensions every click and impression carries (issue 13; docs/architecture.md, Contracts, topics
 * {@code clicks} v2 and {@code impressions}): the topic field of each, named once here.
 *
 * <p>A dimension's value is a string or null on the topics. Null (a v1 click, a click without a
 * token, an address no database row covers) is counted under {@link #UNKNOWN}, so v1 records stay valid.
 */
public enum Dimension {
    /** The placement the ad was served in (from the signed token; null for links without one). */
    PLACEMENT("placement"),
    /** ISO 3166-1 alpha-2 code of the client address (geoip.database). */
    COUNTRY("country"),
    /** The kind of device of the User-Agent, one of {@link Device}. */
    DEVICE("device");

    /** The key missing and null values are counted under. */
    public static final String UNKNOWN = "unknown";

    private final String field;

    Dimension(String field) {
        this.field = field;
    }

    /** The JSON field name on the topics. */
    public String field() {
        return field;
    }

    /** The key a value is counted under ({@link Dimensions#valueOf}: the value, or {@link #UNKNOWN} for none). */
    public static String keyOf(String value) {
        return Dimensions.valueOf(value);
    }

    /** The dimension whose field (and {@code by=} value) this is, case-insensitive; empty if none is. */
    public static java.util.Optional<Dimension> parse(String field) {
        for (Dimension d : values()) if (d.field.equalsIgnoreCase(field)) return java.util.Optional.of(d);
        return java.util.Optional.empty();
    }

    /** The accepted fields, for error messages: {@code placement, country, device}. */
    public static String accepted() {
        return java.util.Arrays.stream(values()).map(Dimension::field).collect(java.util.stream.Collectors.joining(", "));
    }
}
