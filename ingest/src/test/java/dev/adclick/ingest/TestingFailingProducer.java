package dev.adclick.ingest;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A real producer whose next sends can be made to throw what a bug or the JVM would throw
 * (not a {@code KafkaException}): for testing the sender's supervision.
 */
final class TestingFailingProducer implements Producer<byte[], byte[]> {
    private final Producer<byte[], byte[]> real;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile Supplier<? extends Throwable> failure;
    private final AtomicInteger thrown = new AtomicInteger();

    TestingFailingProducer(Producer<byte[], byte[]> real) {
        this.real = real;
    }

    /** The next {@code n} sends throw what {@code failure} makes, before reaching the real producer. */
    void failNextSends(int n, Supplier<? extends Throwable> failure) {
        this.failure = failure;
        failuresLeft.set(n);
    }

    /** How many sends threw. */
    int thrown() {
        return thrown.get();
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            thrown.incrementAndGet();
            Throwable t = failure.get();
            if (t instanceof Error e) throw e;
            throw (RuntimeException) t;
        }
        return real.send(record, callback);
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        return send(record, null);
    }

    @Override public void initTransactions() { real.initTransactions(); }
    @Override public void beginTransaction() { real.beginTransaction(); }
    @Override public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        real.sendOffsetsToTransaction(offsets, group);
    }
    @Override public void commitTransaction() { real.commitTransaction(); }
    @Override public void abortTransaction() { real.abortTransaction(); }
    @Override public void registerMetricForSubscription(KafkaMetric metric) { real.registerMetricForSubscription(metric); }
    @Override public void unregisterMetricFromSubscription(KafkaMetric metric) { real.unregisterMetricFromSubscription(metric); }
    @Override public void flush() { real.flush(); }
    @Override public List<PartitionInfo> partitionsFor(String topic) { return real.partitionsFor(topic); }
    @Override public Map<MetricName, ? extends Metric> metrics() { return real.metrics(); }
    @Override public Uuid clientInstanceId(Duration timeout) { return real.clientInstanceId(timeout); }
    @Override public void close() { real.close(); }
    @Override public void close(Duration timeout) { real.close(timeout); }
}
