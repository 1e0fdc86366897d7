package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.metrics.JobMetrics;
import dev.adclick.core.impression.Impression;

import java.time.Duration;

/**
 * Layer-2 dedupe of impressions, keyed by {@link Impression#dedupeId()} ({@code impression_id/kind}):
 * an impression counts once per kind (see {@link DedupeFunction}).
 */
public class ImpressionDedupeFunction extends DedupeFunction<Impression> {
    private static final long serialVersionUID = 1L;

    public ImpressionDedupeFunction(Duration ttl) {
        super(ttl, JobMetrics.IMPRESSIONS);
    }
}
