package dev.adclick.ingest.internal.dimension;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bundled database's known answers, both record shapes, and the errors of a bad {@code geoip.database}.
 * The GeoIP2/GeoLite2 shape is tested on a tiny hand-written file ({@link GeoLite2ShapedDatabase}) and on
 * decoded records (its variants: no located country, bad codes).
 */
class CountryLookupTest {
    @Test
    void bundledDatabaseKnowsThePublicAddresses() throws Exception {
        try (CountryLookup db = CountryLookup.open(null, "geoip.database")) {
            assertThat(db.country("8.8.8.8")).isEqualTo("US");
            assertThat(db.country("193.0.6.139")).isEqualTo("NL");
            assertThat(db.country("133.11.0.1")).isEqualTo("JP");
            assertThat(db.country("200.160.0.8")).isEqualTo("BR");
            assertThat(db.country("81.2.69.160")).isEqualTo("GB");
            assertThat(db.country("80.67.169.12")).isEqualTo("FR");
            assertThat(db.country("::ffff:8.8.8.8")).as("IPv4-mapped IPv6").isEqualTo("US");
            assertThat(db.country("127.0.0.1")).isNull();
            assertThat(db.country("10.1.2.3")).isNull();
            assertThat(db.country("not-an-ip")).as("never a DNS lookup").isNull();
            assertThat(db.country("")).isNull();
            assertThat(db.country(null)).isNull();
        }
    }

    @Test
    void aUserFileIsOpenedMemoryMappedFromTheSetting(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path copy = dir.resolve("countries.mmdb");
        try (var in = CountryLookup.class.getResourceAsStream(CountryLookup.BUNDLED)) {
            Files.copy(in, copy);
        }
        try (CountryLookup db = CountryLookup.open(copy.toString(), "geoip.database")) {
            assertThat(db.country("200.160.0.8")).isEqualTo("BR");
            assertThat(db.description()).startsWith(copy.toString());
        }
    }

    @Test
    void aMissingOrForeignFileStopsTheStartNamingTheSetting(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> CountryLookup.open(dir.resolve("nope.mmdb").toString(), "geoip.database"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("geoip.database").hasMessageContaining("nope.mmdb");
        Path junk = Files.writeString(dir.resolve("junk.mmdb"), "not a database");
        assertThatThrownBy(() -> CountryLookup.open(junk.toString(), "geoip.database"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("geoip.database").hasMessageContaining("not a MaxMind DB");
    }

    @Test
    void aGeoLite2ShapedFileGivesTheCountry(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = GeoLite2ShapedDatabase.write(dir.resolve("GeoLite2-Country.mmdb"), "DE");
        try (CountryLookup db = CountryLookup.open(file.toString(), "geoip.database")) {
            assertThat(db.country("8.8.8.8")).as("in 0.0.0.0/1").isEqualTo("DE");
            assertThat(db.country("193.0.6.139")).as("the other half has no record").isNull();
            assertThat(db.description()).contains("GeoLite2-Country");
        }
    }

    @Test
    void bothRecordShapesGiveTheCountry() {
        // ip-location-db country files (the bundled one)
        assertThat(CountryRecords.countryCode(Map.of("country_code", "US"))).isEqualTo("US");
        // GeoIP2 / GeoLite2 Country and City
        assertThat(CountryRecords.countryCode(Map.of("country", Map.of("iso_code", "DE", "geoname_id", 2921044L),
                "registered_country", Map.of("iso_code", "FR")))).isEqualTo("DE");
        // GeoIP2 without a located country (e.g. anycast): the registration country
        assertThat(CountryRecords.countryCode(Map.of("registered_country", Map.of("iso_code", "jp")))).isEqualTo("JP");
        assertThat(CountryRecords.countryCode(Map.of("continent", Map.of("code", "EU")))).isNull();
        assertThat(CountryRecords.countryCode(Map.of("country_code", "USA"))).as("not alpha-2").isNull();
        assertThat(CountryRecords.countryCode(Map.of("country", "US"))).as("not the GeoIP2 shape").isNull();
        assertThat(CountryRecords.countryCode(null)).isNull();
    }
}
