package dev.adclick.core.stream;

import dev.adclick.core.config.Setting;

import java.time.Duration;

/**
 * The stream's timing that reconciliation must know too: a period is closed only once the Flink job
 * can no longer change it (allowed lateness) and all of its clicks are in the archive (which
 * becomes visible on checkpoints). Declared here, in core, because the Spark job cannot depend on
 * the Flink module.
 */
public final class StreamTiming {
    private StreamTiming() {}

    public static final Setting<Duration> ALLOWED_LATENESS = Setting.duration("allowed.lateness", "1m", Duration.ZERO,
            "How long after its minute closes a late click still updates it online; later clicks are counted by reconciliation.")
            .alsoKnownAs("allowed-lateness");
    public static final Setting<Duration> CHECKPOINT_INTERVAL = Setting.duration("checkpoint.interval", "10s", Duration.ofMillis(100),
            "Flink checkpoint interval: archive files become visible on checkpoints (at most 30s recommended).")
            .alsoKnownAs("checkpoint-interval");
}
