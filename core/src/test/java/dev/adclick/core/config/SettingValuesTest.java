package dev.adclick.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link Setting}, {@link SettingValues} and {@link Durations}. */
class SettingValuesTest {
    private static final Setting<Duration> LATENESS = Setting.duration("allowed.lateness", "1m", Duration.ZERO, "lateness").alsoKnownAs("allowed-lateness");
    private static final Setting<Integer> LIMIT = Setting.integer("fraud.limit", 20, 1, "limit");
    private static final Setting<String> STORE = Setting.text("store", null, "store");
    private static final List<Setting<?>> KNOWN = List.of(LATENESS, LIMIT, STORE);

    @TempDir
    Path dir;

    @Test
    void defaultsFileEnvironmentAndArgumentsInThatOrder() throws Exception {
        Path file = dir.resolve("job.properties");
        Files.writeString(file, "allowed.lateness=2m\nfraud.limit=5\n");
        SettingValues v = SettingValues.empty(KNOWN).withFile(file)
                .withEnvironment(Map.of("ADCLICK_FRAUD_LIMIT", "7"))
                .withArgs("--store", "duckdb:/x", "--allowed.lateness=30s");
        assertThat(v.get(LATENESS)).isEqualTo(Duration.ofSeconds(30));
        assertThat(v.get(LIMIT)).isEqualTo(7);
        assertThat(v.get(STORE)).isEqualTo("duckdb:/x");
        assertThat(SettingValues.empty(KNOWN).get(STORE)).isNull();
        assertThat(SettingValues.empty(KNOWN).get(LIMIT)).isEqualTo(20);
    }

    @Test
    void earlierKeysAreReadUnderTheCurrentOne() {
        SettingValues v = SettingValues.empty(KNOWN).withArgs("--allowed-lateness", "PT2M");
        assertThat(v.get(LATENESS)).isEqualTo(Duration.ofMinutes(2));
        assertThat(v.toMap()).containsEntry("allowed.lateness", "PT2M").doesNotContainKey("allowed-lateness");
    }

    @Test
    void badAndUnknownValuesFailNamingTheKey() {
        assertThatThrownBy(() -> SettingValues.empty(KNOWN).withArgs("--fraud.limit", "0"))
                .hasMessageContaining("fraud.limit").hasMessageContaining(">= 1");
        assertThatThrownBy(() -> SettingValues.empty(KNOWN).withEnvironment(Map.of("ADCLICK_ALLOWED_LATENESS", "soon")))
                .hasMessageContaining("ADCLICK_ALLOWED_LATENESS").hasMessageContaining("duration");
        assertThatThrownBy(() -> SettingValues.empty(KNOWN).withArgs("--bogus", "1"))
                .hasMessageContaining("Unknown setting 'bogus'").hasMessageContaining("allowed.lateness");
    }

    @Test
    void passThroughPrefixesKeepTheirKeys() {
        SettingValues v = SettingValues.empty(KNOWN, "kafka.").withArgs("--kafka.security.protocol", "SSL");
        assertThat(v.withPrefix("kafka.")).containsExactly(Map.entry("security.protocol", "SSL"));
    }

    @Test
    void argumentsHandAnotherProcessTheSameValues() {
        SettingValues v = SettingValues.empty(KNOWN).withArgs("--fraud.limit", "9");
        List<String> args = v.asArgs(List.of(LATENESS, LIMIT, STORE));
        assertThat(args).containsExactly("--allowed.lateness", "1m", "--fraud.limit", "9");
        assertThat(SettingValues.empty(KNOWN).withArgs(args.toArray(new String[0])).get(LIMIT)).isEqualTo(9);
    }

    @Test
    void aPerDeployableDefaultKeepsKeyAndChecks() {
        Setting<Integer> mine = LIMIT.withDefault("3");
        assertThat(mine.key()).isEqualTo(LIMIT.key());
        assertThat(SettingValues.empty(List.of(mine)).get(LIMIT)).isEqualTo(3);
        assertThatThrownBy(() -> LIMIT.withDefault("0")).hasMessageContaining("fraud.limit");
    }

    @Test
    void valuesSurviveSerialization() throws Exception {
        SettingValues v = SettingValues.empty(KNOWN).withArgs("--fraud.limit", "4");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(v);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            SettingValues back = (SettingValues) in.readObject();
            assertThat(back.get(LIMIT)).isEqualTo(4);
            assertThat(back.get(LATENESS)).isEqualTo(Duration.ofMinutes(1));
        }
    }

    @Test
    void durationsInEveryAcceptedForm() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("5min")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("0")).isZero();
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThatThrownBy(() -> Durations.parse("a while")).hasMessageContaining("not a duration");
    }
}
