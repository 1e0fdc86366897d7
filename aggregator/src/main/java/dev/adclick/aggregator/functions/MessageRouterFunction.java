package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.metrics.JobMetrics;
import dev.adclick.aggregator.records.KafkaMessage;
import dev.adclick.aggregator.records.RejectedMessage;
import dev.adclick.aggregator.records.StoreRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits what a source read: valid events go on (and to the raw archive), invalid messages go to
 * the rejected archive and are counted; nothing here can fail the job. One concrete subclass per
 * topic ({@link ClickRouterFunction}, {@link ImpressionRouterFunction}) names its archive tag and stream
 * ({@link JobMetrics#INVALID} per stream).
 */
public abstract class MessageRouterFunction<T, M extends KafkaMessage<T>> extends ProcessFunction<M, T> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<RejectedMessage> REJECTED = new OutputTag<>("rejected") {};

    private final OutputTag<M> archive;
    private final String events;
    private transient Counter read;
    private transient Counter invalid;

    /** @param events the stream, {@link JobMetrics#CLICKS} or {@link JobMetrics#IMPRESSIONS} */
    protected MessageRouterFunction(OutputTag<M> archive, String events) {
        this.archive = archive;
        this.events = events;
    }

    @Override
    public void open(OpenContext ctx) {
        read = JobMetrics.eventCounter(getRuntimeContext().getMetricGroup(), events, JobMetrics.READ);
        invalid = JobMetrics.eventCounter(getRuntimeContext().getMetricGroup(), events, JobMetrics.INVALID);
    }

    @Override
    public void processElement(M in, Context ctx, Collector<T> out) {
        read.inc();
        if (in.isValid()) {
            ctx.output(archive, in);
            out.collect(in.getEvent());
        } else {
            invalid.inc();
            ctx.output(REJECTED, RejectedMessage.of(in));
            ctx.output(Counters.TAG, StoreRecord.counter(StoreRecord.Kind.INVALID, 1));
        }
    }
}
