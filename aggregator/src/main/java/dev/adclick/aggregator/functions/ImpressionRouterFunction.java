package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.metrics.JobMetrics;
import dev.adclick.aggregator.records.KafkaImpression;
import dev.adclick.core.impression.Impression;
import org.apache.flink.util.OutputTag;

/** Routes the {@code impressions} topic's messages (see {@link MessageRouterFunction}). */
public class ImpressionRouterFunction extends MessageRouterFunction<Impression, KafkaImpression> {
    private static final long serialVersionUID = 1L;

    /** Valid impressions with where they were read from, for the impression archive. */
    public static final OutputTag<KafkaImpression> ARCHIVE = new OutputTag<>("impression-archive") {};

    public ImpressionRouterFunction() {
        super(ARCHIVE, JobMetrics.IMPRESSIONS);
    }
}
