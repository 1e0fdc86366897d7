package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.metrics.JobMetrics;
import dev.adclick.aggregator.records.KafkaClick;
import dev.adclick.core.click.Click;
import org.apache.flink.util.OutputTag;

/** Routes the {@code clicks} topic's messages (see {@link MessageRouterFunction}). */
public class ClickRouterFunction extends MessageRouterFunction<Click, KafkaClick> {
    private static final long serialVersionUID = 1L;

    /** Valid clicks with where they were read from, for the raw archive. */
    public static final OutputTag<KafkaClick> ARCHIVE = new OutputTag<>("archive") {};

    public ClickRouterFunction() {
        super(ARCHIVE, JobMetrics.CLICKS);
    }
}
