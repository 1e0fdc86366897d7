package dev.adclick.ingest.internal.dimension;

import java.util.Locale;
import java.util.Map;

/**
 * The country code of a decoded MaxMind DB record, for both record shapes in use: the stack's default
 * database ({@code @ip-location-db/*-country-mmdb}) stores {@code {"country_code": "US"}}, MaxMind's
 * GeoIP2/GeoLite2 Country and City store {@code {"country": {"iso_code": "US"}, "registered_country": …}}.
 * Kept apart from the reader so the mapping is tested on decoded records (the reader library has no
 * writer to make a GeoLite2-shaped test file with).
 */
final class CountryRecords {
    private CountryRecords() {}

    /** ISO 3166-1 alpha-2, upper case, or null when the record has none in either shape. */
    static String countryCode(Map<?, ?> record) {
        if (record == null) return null;
        String flat = alpha2(record.get("country_code"));
        if (flat != null) return flat;
        String located = isoCode(record.get("country"));
        // GeoIP2 leaves "country" out for some networks (anycast, satellite); the registration country is the next best.
        return located != null ? located : isoCode(record.get("registered_country"));
    }

    private static String isoCode(Object nested) {
        return nested instanceof Map<?, ?> m ? alpha2(m.get("iso_code")) : null;
    }

    /** Two ASCII letters, else null: anything else would be an unbounded, unreviewed dimension value. */
    private static String alpha2(Object value) {
        if (!(value instanceof String s) || s.length() != 2) return null;
        for (int i = 0; i < 2; i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) return null;
        }
        return s.toUpperCase(Locale.ROOT);
    }
}
