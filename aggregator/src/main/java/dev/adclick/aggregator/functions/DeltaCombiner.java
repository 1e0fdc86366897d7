package dev.adclick.aggregator.functions;

import dev.adclick.aggregator.records.CountDelta;
import dev.adclick.core.count.CountKey;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;

import java.util.HashMap;
import java.util.Map;

/**
 * Sums the fraud stage's count deltas per (ad, minute) inside one subtask before they cross the
 * network to the per-ad stage: one record per ad and minute per flush instead of one per click.
 * Deltas are plain sums, so combining them changes no count.
 *
 * <p>It holds no state: the buffer is flushed before every watermark is forwarded (so a delta
 * always reaches the per-ad stage before the watermark that could close its minute, exactly as
 * without this operator), before every checkpoint barrier, when it is full, at the end of input,
 * and every {@code flushIntervalMs} so results stay fresh. Flink's own window combiners do not
 * fit: they are keyed and would add the very exchange this avoids.
 */
public final class DeltaCombiner extends AbstractStreamOperator<CountDelta> implements OneInputStreamOperator<CountDelta, CountDelta> {
    private static final long serialVersionUID = 1L;

    private final long flushIntervalMs;
    private final int maxBuffered;
    private transient Map<CountKey, CountDelta> buffer;

    public DeltaCombiner(long flushIntervalMs, int maxBuffered) {
        if (flushIntervalMs < 1) throw new IllegalArgumentException("flushIntervalMs must be >= 1, was " + flushIntervalMs);
        if (maxBuffered < 1) throw new IllegalArgumentException("maxBuffered must be >= 1, was " + maxBuffered);
        this.flushIntervalMs = flushIntervalMs;
        this.maxBuffered = maxBuffered;
    }

    @Override
    public void open() throws Exception {
        super.open();
        buffer = new HashMap<>();
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
    public void processElement(StreamRecord<CountDelta> record) {
        CountDelta d = record.getValue();
        CountKey key = d.key();
        CountDelta sum = buffer.get(key);
        if (sum == null) {
            // without object reuse the input is this operator's own copy: it can become the sum
            buffer.put(key, d);
            if (buffer.size() >= maxBuffered) flush();
            return;
        }
        sum.add(d);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
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
        for (CountDelta d : buffer.values()) output.collect(new StreamRecord<>(d));
        buffer.clear();
    }
}
