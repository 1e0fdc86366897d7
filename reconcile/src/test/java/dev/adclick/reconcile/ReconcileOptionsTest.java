package dev.adclick.reconcile;

import dev.adclick.core.fraud.FraudRules;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link ReconcileOptions}. */
class ReconcileOptionsTest {
    @Test
    void parsesHourAndDefaults() {
        ReconcileOptions o = ReconcileOptions.parse("--hour", "2026-11-27T10");
        assertThat(o.period().start()).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(o.period().end()).isEqualTo(Instant.parse("2026-11-27T11:00:00Z"));
        assertThat(o.period().partitions()).containsExactly("dt=2026-11-27/hour=10");
        assertThat(o.fraudRules().maxClicksPerIpPerAd()).isEqualTo(FraudRules.DEFAULT_MAX_CLICKS_PER_IP_PER_AD);
        assertThat(o.allowedLateness()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.closing().checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.store()).isEqualTo("adclick+http://127.0.0.1:8081");
        assertThat(o.dryRun()).isFalse();
    }

    @Test
    void parsesDayAndEveryKindOfValue() {
        ReconcileOptions o = ReconcileOptions.parse("--date", "2026-11-27", "--max-clicks-per-ip-per-ad=5",
                "--max-clicks-per-ip-across-ads", "50", "--allowed-lateness", "PT2M", "--dry-run", "--conf", "spark.x=a=b");
        assertThat(o.period().partitions()).hasSize(24).startsWith("dt=2026-11-27/hour=00").endsWith("dt=2026-11-27/hour=23");
        assertThat(o.fraudRules().maxClicksPerIpAcrossAds()).isEqualTo(50);
        assertThat(o.allowedLateness()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.dryRun()).isTrue();
        assertThat(o.conf()).containsEntry("spark.x", "a=b");
    }

    @Test
    void rejectsBadArgumentsNamingTheOption() {
        assertThatThrownBy(() -> ReconcileOptions.parse("--archive", "x")).hasMessageContaining("--hour").hasMessageContaining("--date");
        assertThatThrownBy(() -> ReconcileOptions.parse("--hour", "2026-11-27T10", "--date", "2026-11-27")).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> ReconcileOptions.parse("--hour", "2026-11-27 10")).hasMessageContaining("--hour must look like");
        assertThatThrownBy(() -> ReconcileOptions.parse("--hour", "2026-11-27T10", "--bogus", "1")).hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> ReconcileOptions.parse("--hour", "2026-11-27T10", "--safety-margin", "soon")).hasMessageContaining("reconcile.safety-margin");
        assertThatThrownBy(() -> ReconcileOptions.parse("--hour", "2026-11-27T10", "--max-clicks-per-ip-per-ad", "0"))
                .hasMessageContaining("fraud.max-clicks-per-ip-per-ad").hasMessageContaining(">= 1");
        assertThat(ReconcileOptions.usage()).contains("--allow-empty", "reconcile.dedupe-lookback", "Exit codes");
    }
}
