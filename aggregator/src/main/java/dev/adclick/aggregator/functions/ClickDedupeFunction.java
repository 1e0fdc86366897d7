package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.metrics.JobMetrics;
import dev.adclick.core.click.Click;

import java.time.Duration;

/** Layer-2 dedupe of clicks, keyed by {@code click_id} (see {@link DedupeFunction}). */
public class ClickDedupeFunction extends DedupeFunction<Click> {
    private static final long serialVersionUID = 1L;

    public ClickDedupeFunction(Duration ttl) {
        super(ttl, JobMetrics.CLICKS);
    }
}
