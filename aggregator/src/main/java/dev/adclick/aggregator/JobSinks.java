package dev.adclick.aggregator;

import dev.adclick.aggregator.archive.ArchiveSinks;
import dev.adclick.aggregator.records.KafkaClick;
import dev.adclick.aggregator.records.RejectedMessage;
import dev.adclick.aggregator.records.StoreRecord;
import dev.adclick.aggregator.sink.ClickStoreSink;
import org.apache.flink.api.connector.sink2.Sink;

import java.util.Objects;

/**
 * Where {@link AggregateJob} writes: the click store and the three archives. {@link #of} gives the
 * real ones; job-level tests pass collecting sinks instead.
 *
 * @param store    absolute counts and pipeline counters
 * @param archive  every parsed click (what reconciliation reads)
 * @param rejected messages that were not clicks
 * @param tooLate  copies of the clicks that arrived after their minute closed
 */
public record JobSinks(Sink<StoreRecord> store, Sink<KafkaClick> archive, Sink<RejectedMessage> rejected, Sink<KafkaClick> tooLate) {
    public JobSinks {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(rejected, "rejected");
        Objects.requireNonNull(tooLate, "tooLate");
    }

    /** The store of {@code store-location} and the Parquet archives under {@code archive}. */
    public static JobSinks of(AggregatorOptions o) {
        return new JobSinks(
                new ClickStoreSink(o.storeLocation(), new ClickStoreSink.Settings(
                        o.sinkFlushInterval(), o.sinkMaxBufferedRows(), o.storeRetryTimeout(), o.statusInterval())),
                ArchiveSinks.clicks(o.archiveUri(), ArchiveSinks.CLICKS),
                ArchiveSinks.rejected(o.archiveUri()),
                ArchiveSinks.clicks(o.archiveUri(), ArchiveSinks.TOO_LATE));
    }
}
