package dev.adclick.cli.config;

import dev.adclick.aggregator.AggregatorSettings;
import dev.adclick.query.QuerySettings;
import dev.adclick.ingest.IngestSettings;
import dev.adclick.aggregator.AggregatorSettings;
import dev.adclick.core.config.Setting;
import dev.adclick.core.fraud.FraudSettings;
import dev.adclick.ingest.IngestSettings;
import dev.adclick.query.QuerySettings;
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
        assertThat(c.get(IngestSettings.PORT)).isEqualTo(8080);
        assertThat(c.get(QuerySettings.PORT)).isEqualTo(8081);
        assertThat(c.get(Settings.KAFKA_PORT)).isEqualTo(9092);
        assertThat(c.get(AggregatorSettings.OUT_OF_ORDERNESS)).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.get(AggregatorSettings.ALLOWED_LATENESS)).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.get(AggregatorSettings.CHECKPOINT_INTERVAL)).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(c.dataDir()).isEqualTo(Path.of("./data").toAbsolutePath().normalize());
        assertThat(c.get(Settings.RECONCILE_SCHEDULE)).isEqualTo("off");
    }

    @Test
    void environmentOverridesTheFileAndOverridesWinOverBoth() throws Exception {
        Path file = dir.resolve("adclick.properties");
        Files.writeString(file, "ingest.port=9000\nquery.port=9001\ndedupe.ttl=2m\n");
        AdclickConfig c = AdclickConfig.load(file, Map.of("ADCLICK_INGEST_PORT", "9100"), Map.of("query.port", "0"));
        assertThat(c.get(IngestSettings.PORT)).isEqualTo(9100);
        assertThat(c.get(QuerySettings.PORT)).isZero();
        assertThat(c.get(IngestSettings.DEDUPE_TTL)).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void envVarNamesFollowTheKeys() {
        assertThat(Settings.DATA_DIR.envVar()).isEqualTo("ADCLICK_DATA_DIR");
        assertThat(Settings.ADMIN_KEY.envVar()).isEqualTo("ADCLICK_ADMIN_KEY");
        assertThat(AggregatorSettings.OUT_OF_ORDERNESS.envVar()).isEqualTo("ADCLICK_WATERMARK_OUT_OF_ORDERNESS");
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
    void everyOwnersSettingIsListedOnceAndEarlierKeysStillWork() {
        assertThat(Settings.ALL).contains(IngestSettings.PORT, QuerySettings.PORT, FraudSettings.of("fraud.max-clicks-per-ip"), AggregatorSettings.EARLY_FIRING);
        AdclickConfig c = AdclickConfig.of(Map.of("allowed-lateness", "2m"));
        assertThat(c.get(AggregatorSettings.ALLOWED_LATENESS)).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.get(Settings.PARALLELISM)).isEqualTo(2);
    }
}
