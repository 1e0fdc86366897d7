package dev.adclick.aggregator.functions;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;

import java.util.HashMap;
import java.util.Map;

/**
 * Combines records per key inside one subtask before they cross the network to a keyed stage:
 * one record per key per flush instead of one per event. Subclasses say what the key is and how
 * an accumulator takes a record; combining must change no result (sums, sketch unions).
 *
 * <p>It holds no state: the buffer is flushed before a watermark is forwarded that could close the
 * window of a buffered record ({@link #closedBy}: by default every watermark), so a record always
 * reaches the keyed stage before that watermark, exactly as without this operator; and before
 * every checkpoint barrier, when it is full, at the end of input, and every {@code flushIntervalMs}
 * so results stay fresh. Flink's own window combiners do not
 * fit: they are keyed and would add the very exchange this avoids.
 *
 * @param <IN>  the records combined
 * @param <K>   what they are combined by
 * @param <ACC> the accumulator of one key
 * @param <OUT> what a flush emits per key
 */
public abstract class BundleCombiner<IN, K, ACC, OUT> extends AbstractStreamOperator<OUT> implements OneInputStreamOperator<IN, OUT> {
    private static final long serialVersionUID = 1L;

    private final long flushIntervalMs;
    private final int maxBuffered;
    private transient Map<K, ACC> buffer;
    /** The lowest {@link #closedBy} of the buffered records (MAX_VALUE: none buffered). */
    private transient long flushAt;

    protected BundleCombiner(long flushIntervalMs, int maxBuffered) {
        if (flushIntervalMs < 1) throw new IllegalArgumentException("flushIntervalMs must be >= 1, was " + flushIntervalMs);
        if (maxBuffered < 1) throw new IllegalArgumentException("maxBuffered must be >= 1, was " + maxBuffered);
        this.flushIntervalMs = flushIntervalMs;
        this.maxBuffered = maxBuffered;
    }

    /** The key the record is combined by. */
    protected abstract K keyOf(IN record);

    /** A new accumulator holding just this record (it may be the record itself: without object reuse it is this operator's own copy). */
    protected abstract ACC start(IN record);

    /** Adds a record to its key's accumulator. */
    protected abstract void add(ACC accumulator, IN record);

    /**
     * The lowest watermark that can close the keyed stage's window of this record (there, a record is
     * too late when its window's cleanup time is at or before the watermark); a watermark at or past
     * it is forwarded only after the buffer is flushed. By default {@code Long.MIN_VALUE}: every
     * watermark flushes.
     */
    protected long closedBy(IN record) {
        return Long.MIN_VALUE;
    }

    /** What is emitted for a key's accumulator when the buffer is flushed. */
    protected abstract OUT result(K key, ACC accumulator);

    @Override
    public void open() throws Exception {
        super.open();
        buffer = new HashMap<>();
        flushAt = Long.MAX_VALUE;
        scheduleFlush();
    }

    private void scheduleFlush() {
        ProcessingTimeService time = getProcessingTimeService();
        time.registerTimer(time.getCurrentProcessingTime() + flushIntervalMs, t -> {
            flush();
            scheduleFlush();
        });
    }

    @Override
    public void processElement(StreamRecord<IN> record) {
        IN in = record.getValue();
        flushAt = Math.min(flushAt, closedBy(in));
        K key = keyOf(in);
        ACC acc = buffer.get(key);
        if (acc == null) {
            buffer.put(key, start(in));
            if (buffer.size() >= maxBuffered) flush();
            return;
        }
        add(acc, in);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() >= flushAt) flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() {
        if (buffer.isEmpty()) return;
        for (Map.Entry<K, ACC> e : buffer.entrySet()) output.collect(new StreamRecord<>(result(e.getKey(), e.getValue())));
        buffer.clear();
        flushAt = Long.MAX_VALUE;
    }
}
