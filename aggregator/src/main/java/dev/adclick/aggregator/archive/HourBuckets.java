package dev.adclick.aggregator.archive;

import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

import dev.adclick.core.archive.ArchivePartitions;

/**
 * Buckets archived records into {@code dt=YYYY-MM-DD/hour=HH} (UTC) by a timestamp taken from the
 * record itself (the click's event time), so a replay puts a record in the same bucket.
 */
public class HourBuckets<T> implements BucketAssigner<T, String> {
    private static final long serialVersionUID = 1L;

    private final KeySelector<T, Long> timestamp;

    public HourBuckets(KeySelector<T, Long> timestamp) {
        this.timestamp = timestamp;
    }

    /** The bucket of an epoch-millis timestamp, e.g. {@code dt=2025-11-28/hour=00}. */
    public static String bucketOf(long epochMillis) {
        return ArchivePartitions.of(epochMillis);
    }

    @Override
    public String getBucketId(T element, Context context) {
        try {
            return bucketOf(timestamp.getKey(element));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the timestamp of " + element, e);
        }
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
