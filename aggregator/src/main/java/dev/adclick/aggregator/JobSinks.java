package dev.adclick.aggregator;

import dev.adclick.aggregator.archive.ArchiveSinks;
import dev.adclick.aggregator.records.KafkaClick;
import dev.adclick.aggregator.records.KafkaImpression;
import dev.adclick.aggregator.records.RejectedMessage;
import dev.adclick.aggregator.records.StoreRecord;
import dev.adclick.aggregator.sink.ClickStoreSink;
import org.apache.flink.api.connector.sink2.Sink;

import java.util.Objects;

/**
 * Where {@link AggregateJob} writes: the click store (counts, reach, status) and each topic's
 * three archives. {@link #of} gives the real ones; job-level tests pass collecting sinks instead.
 *
 * @param store       absolute counts, reach sketches and pipeline counters
 * @param clicks      the archives of the {@code clicks} topic
 * @param impressions the archives of the {@code impressions} topic
 */
public record JobSinks(Sink<StoreRecord> store, TopicSinks<KafkaClick> clicks, TopicSinks<KafkaImpression> impressions) {
    public JobSinks {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clicks, "clicks");
        Objects.requireNonNull(impressions, "impressions");
    }

    /**
     * The archives of one topic.
     *
     * @param archive  every parsed event (what reconciliation reads)
     * @param rejected messages that were not valid events
     * @param tooLate  copies of the events that arrived after their minute closed
     */
    public record TopicSinks<M>(Sink<M> archive, Sink<RejectedMessage> rejected, Sink<M> tooLate) {
        public TopicSinks {
            Objects.requireNonNull(archive, "archive");
            Objects.requireNonNull(rejected, "rejected");
            Objects.requireNonNull(tooLate, "tooLate");
        }
    }

    /** The store of {@code store-location} and the Parquet archives under {@code archive}. */
    public static JobSinks of(AggregatorOptions o) {
        String root = o.archiveUri();
        return new JobSinks(
                new ClickStoreSink(o.storeLocation(), new ClickStoreSink.Settings(
                        o.sinkFlushInterval(), o.sinkMaxBufferedRows(), o.storeRetryTimeout(), o.statusInterval())),
                new TopicSinks<>(ArchiveSinks.clicks(root, ArchiveSinks.CLICKS), ArchiveSinks.rejected(root, ArchiveSinks.REJECTED),
                        ArchiveSinks.clicks(root, ArchiveSinks.TOO_LATE)),
                new TopicSinks<>(ArchiveSinks.impressions(root, ArchiveSinks.IMPRESSIONS),
                        ArchiveSinks.rejected(root, ArchiveSinks.IMPRESSIONS_REJECTED),
                        ArchiveSinks.impressions(root, ArchiveSinks.IMPRESSIONS_TOO_LATE)));
    }
}
