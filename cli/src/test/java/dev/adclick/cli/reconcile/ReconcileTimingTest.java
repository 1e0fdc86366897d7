package dev.adclick.cli.reconcile;

import dev.adclick.cli.config.AdclickConfig;
import dev.adclick.cli.stack.EmbeddedStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stack's closing rule refuses a safety margin that the job's watermark can outlast
 * (out-of-orderness + idle timeout, docs/architecture.md, Watermark): before a reconcile runs, and
 * before a stack with a reconcile schedule starts anything.
 */
class ReconcileTimingTest {
    @TempDir
    Path dir;

    @Test
    void theDefaultsLeaveTheMarginAboveTheWatermarksHold() {
        assertThat(ReconcileLauncher.closing(AdclickConfig.of(Map.of())).delay()).isEqualTo(Duration.ofSeconds(100)); // 60 + 10 + 30
    }

    @Test
    void aLongerIdleTimeoutThanTheMarginAllowsIsRefusedBeforeAReconcileRuns() {
        AdclickConfig config = AdclickConfig.of(Map.of("watermark.idle-timeout", "30s"));
        assertThatThrownBy(() -> ReconcileLauncher.processFor(config, "http://127.0.0.1:1", "--hour", "2026-11-27T10", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reconcile.safety-margin (30 s) must be more than watermark.out-of-orderness + watermark.idle-timeout (35 s),"
                        + " or a period could count as closed while the stream still changes its last minute."
                        + " Raise reconcile.safety-margin or lower watermark.out-of-orderness + watermark.idle-timeout.");
        assertThat(ReconcileLauncher.closing(AdclickConfig.of(Map.of("watermark.idle-timeout", "30s", "reconcile.safety-margin", "36s"))).safetyMargin())
                .isEqualTo(Duration.ofSeconds(36));
    }

    @Test
    void aStackWithAScheduleAndSuchAMarginStartsNothing() {
        Path data = dir.resolve("data");
        AdclickConfig config = AdclickConfig.of(Map.of("data.dir", data.toString(), "reconcile.schedule", "hourly",
                "watermark.out-of-orderness", "40s"));
        assertThatThrownBy(() -> EmbeddedStack.start(config, line -> {}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reconcile.safety-margin (30 s) must be more than");
        assertThat(Files.exists(data)).as("nothing started, not even the data directory").isFalse();
    }
}
