package dev.adclick.cli.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link AdclickConfig}: defaults, file, environment and overrides, and clear errors. */
class AdclickConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsMatchTheDesign() {
        AdclickConfig c = AdclickConfig.of(Map.of());
        assertThat(c.getInt(Settings.INGEST_PORT)).isEqualTo(8080);
        assertThat(c.getInt(Settings.QUERY_PORT)).isEqualTo(8081);
        assertThat(c.getInt(Settings.KAFKA_PORT)).isEqualTo(9092);
        assertThat(c.getDuration(Settings.OUT_OF_ORDERNESS)).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.getDuration(Settings.ALLOWED_LATENESS)).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.getDuration(Settings.CHECKPOINT_INTERVAL)).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(c.dataDir()).isEqualTo(Path.of("./data").toAbsolutePath().normalize());
        assertThat(c.get(Settings.RECONCILE_SCHEDULE)).isEqualTo("off");
    }

    @Test
    void environmentOverridesTheFileAndOverridesWinOverBoth() throws Exception {
        Path file = dir.resolve("adclick.properties");
        Files.writeString(file, "ingest.port=9000\nquery.port=9001\ndedupe.ttl=2m\n");
        AdclickConfig c = AdclickConfig.load(file, Map.of("ADCLICK_INGEST_PORT", "9100"), Map.of("query.port", "0"));
        assertThat(c.getInt(Settings.INGEST_PORT)).isEqualTo(9100);
        assertThat(c.getInt(Settings.QUERY_PORT)).isZero();
        assertThat(c.getDuration(Settings.DEDUPE_TTL)).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void envVarNamesFollowTheKeys() {
        assertThat(Settings.DATA_DIR.envVar()).isEqualTo("ADCLICK_DATA_DIR");
        assertThat(Settings.ADMIN_KEY.envVar()).isEqualTo("ADCLICK_ADMIN_KEY");
        assertThat(Settings.OUT_OF_ORDERNESS.envVar()).isEqualTo("ADCLICK_WATERMARK_OUT_OF_ORDERNESS");
        assertThat(Settings.ALL).extracting(Setting::key).doesNotHaveDuplicates();
    }

    @Test
    void badValuesFailNamingTheSettingAndWhatItShouldBe() throws Exception {
        assertThatThrownBy(() -> AdclickConfig.load(null, Map.of("ADCLICK_INGEST_PORT", "eighty"), Map.of()))
                .hasMessageContaining("ingest.port").hasMessageContaining("ADCLICK_INGEST_PORT").hasMessageContaining("port number");
        assertThatThrownBy(() -> AdclickConfig.of(Map.of("allowed.lateness", "a while")))
                .hasMessageContaining("allowed.lateness").hasMessageContaining("duration");
        Path file = dir.resolve("typo.properties");
        Files.writeString(file, "ingest.prot=1\n");
        assertThatThrownBy(() -> AdclickConfig.load(file, Map.of(), Map.of()))
                .hasMessageContaining("Unknown setting 'ingest.prot'").hasMessageContaining("./adclick settings");
    }

    @Test
    void durationsInEveryAcceptedForm() {
        assertThat(AdclickConfig.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(AdclickConfig.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(AdclickConfig.parseDuration("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(AdclickConfig.parseDuration("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(AdclickConfig.parseDuration("PT30S")).isEqualTo(Duration.ofSeconds(30));
    }
}
