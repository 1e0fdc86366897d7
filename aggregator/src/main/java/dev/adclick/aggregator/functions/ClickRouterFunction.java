package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.KafkaClick;
import dev.adclick.aggregator.records.RejectedMessage;
import dev.adclick.aggregator.records.StoreRecord;
import dev.adclick.core.click.Click;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits what the source read: valid clicks go on (and to the raw archive), invalid messages go
 * to the rejected archive and are counted; nothing here can fail the job.
 */
public class ClickRouterFunction extends ProcessFunction<KafkaClick, Click> {
    private static final long serialVersionUID = 1L;

    /** Valid clicks with where they were read from, for the raw archive. */
    public static final OutputTag<KafkaClick> ARCHIVE = new OutputTag<>("archive") {};
    public static final OutputTag<RejectedMessage> REJECTED = new OutputTag<>("rejected") {};

    private transient Counter invalid;

    @Override
    public void open(OpenContext ctx) {
        invalid = getRuntimeContext().getMetricGroup().counter("invalidClicks");
    }

    @Override
    public void processElement(KafkaClick in, Context ctx, Collector<Click> out) {
        if (in.isValid()) {
            ctx.output(ARCHIVE, in);
            out.collect(in.getClick());
        } else {
            invalid.inc();
            ctx.output(REJECTED, RejectedMessage.of(in));
            ctx.output(Counters.TAG, StoreRecord.counter(StoreRecord.Kind.INVALID, 1));
        }
    }
}
