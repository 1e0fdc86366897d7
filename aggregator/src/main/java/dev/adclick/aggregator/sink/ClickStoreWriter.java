package dev.adclick.aggregator.sink;

import dev.adclick.aggregator.records.StoreRecord;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.core.reach.HourReach;
import dev.adclick.store.ClickStore;
import dev.adclick.store.PipelineStatus;
import dev.adclick.store.StoreLocations;
import dev.adclick.store.StoreUnavailableException;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writer of {@link ClickStoreSink}: keeps the latest counts per (ad, minute) and the latest
 * reach sketch per (ad, hour), upserts them (one version per flush) every flush interval, when the
 * buffers are full and before every checkpoint, and reports the pipeline status every status
 * interval. All calls run in the task's mailbox thread.
 *
 * <p>The counts of an (ad, minute) arrive as a unit (its total row and all its breakdown rows,
 * {@link StoreRecord#count}); a later unit replaces the whole earlier one, and a flush writes all
 * buffered units in one {@code upsert} call, so a unit is never split across calls and a reader
 * never sees a total that differs from the sum of its breakdown rows. "Full" counts store rows, not
 * units; a unit larger than the limit is still written whole.
 */
final class ClickStoreWriter implements StatefulSinkWriter<StoreRecord, WriterCounters> {
    private static final Logger LOG = LoggerFactory.getLogger(ClickStoreWriter.class);
    private static final long MAX_BACKOFF_MS = 2_000;
    /**
     * Writers of one location in one JVM take turns: all DuckDB stores on a file share one database,
     * and two concurrent merge transactions through the shared staging table conflict (and each
     * conflict costs a retry). Other JVMs never share a DuckDB file; for remote stores this only
     * serializes the writers inside one TaskManager.
     */
    private static final Map<String, Object> WRITE_LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

    private final String location;
    /** The location as logs show it: without its password. */
    private final String shown;
    private final ClickStoreSink.Settings settings;
    private final String writerId;
    private final ProcessingTimeService time;
    private final SinkMetrics metrics;
    /** The latest unit per (ad, minute), by its total row's key. */
    private final Map<CountKey, StoreRecord> buffer = new LinkedHashMap<>();
    /** The store rows the buffered units make. */
    private int bufferedRows;
    /** Reach rows by (ad, hour): an hour start is a minute too, so the count key type serves. */
    private final Map<CountKey, StoreRecord> reachBuffer = new LinkedHashMap<>();
    private long duplicates;
    private long invalid;
    private long tooLate;
    private long watermark = Long.MIN_VALUE;
    /** The newest event time among the buffered counts (0: none known). */
    private long newestBufferedEvent;
    /** Event → visible at the last write of counts: its end minus {@link #newestBufferedEvent} then, ms. */
    private long visibleLagMs = PipelineStatus.UNKNOWN_LAG;
    private long lastVersion;
    private long nextStatusAt;
    private ClickStore store;
    private boolean closed;

    ClickStoreWriter(String location, ClickStoreSink.Settings settings, int subtask,
                     ProcessingTimeService time, WriterCounters restored, SinkMetrics metrics) {
        this.location = location;
        this.shown = StoreLocations.describe(location);
        this.settings = settings;
        this.writerId = "aggregate/" + subtask;
        this.time = time;
        this.metrics = metrics;
        this.duplicates = restored.duplicates();
        this.invalid = restored.invalid();
        this.tooLate = restored.tooLate();
        scheduleTick();
    }

    @Override
    public void write(StoreRecord r, Context context) throws IOException, InterruptedException {
        switch (r.getKind()) {
            case COUNT -> {
                StoreRecord replaced = buffer.put(r.getKey(), r);
                bufferedRows += r.rowCount() - (replaced == null ? 0 : replaced.rowCount());
                newestBufferedEvent = Math.max(newestBufferedEvent, r.getEventTime());
                if (bufferedRows + reachBuffer.size() >= settings.maxBufferedRows()) flushBuffer();
            }
            case REACH -> {
                reachBuffer.put(new CountKey(r.getReach().adId(), r.getReach().hour()), r);
                if (bufferedRows + reachBuffer.size() >= settings.maxBufferedRows()) flushBuffer();
            }
            case DUPLICATES -> duplicates += r.getAmount();
            case INVALID -> invalid += r.getAmount();
            case TOO_LATE -> tooLate += r.getAmount();
        }
    }

    @Override
    public void writeWatermark(Watermark wm) {
        watermark = Math.max(watermark, wm.getTimestamp());
    }

    /** Called before every checkpoint (and at end of input): the checkpoint waits for the store. */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        flushBuffer();
        if (endOfInput) reportStatus();
    }

    @Override
    public List<WriterCounters> snapshotState(long checkpointId) {
        return List.of(new WriterCounters(duplicates, invalid, tooLate));
    }

    private void scheduleTick() {
        time.registerTimer(time.getCurrentProcessingTime() + settings.flushInterval().toMillis(), this::onTick);
    }

    private void onTick(long now) throws IOException, InterruptedException {
        if (closed) return;
        flushBuffer();
        if (now >= nextStatusAt) {
            nextStatusAt = now + settings.statusInterval().toMillis();
            reportStatus();
        }
        scheduleTick();
    }

    private void flushBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty() && reachBuffer.isEmpty()) return;
        long version = nextVersion();
        if (!buffer.isEmpty()) {
            List<MinuteCount> rows = new ArrayList<>(bufferedRows);
            for (StoreRecord r : buffer.values()) rows.addAll(r.toMinuteCounts(version));
            upsertWithRetries(rows.size(), store -> store.upsert(rows)); // one call: every unit whole (see the class comment)
            buffer.clear();
            bufferedRows = 0;
            // measured once the rows are queryable; clocks of ingest and sink may differ a little: never below 0
            if (newestBufferedEvent > 0) visibleLagMs = Math.max(0, System.currentTimeMillis() - newestBufferedEvent);
            newestBufferedEvent = 0;
        }
        if (!reachBuffer.isEmpty()) {
            List<HourReach> rows = new ArrayList<>(reachBuffer.size());
            for (StoreRecord r : reachBuffer.values()) rows.add(r.toHourReach(version));
            upsertWithRetries(rows.size(), store -> store.upsertReach(rows));
            reachBuffer.clear();
        }
    }

    /** One idempotent write of rows; retried as a whole. */
    @FunctionalInterface
    private interface StoreWrite {
        void to(ClickStore store) throws StoreUnavailableException;
    }

    /** Blocks until the rows are stored: the task stops reading (backpressure), nothing is dropped. */
    private void upsertWithRetries(int rowCount, StoreWrite write) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long backoff = 50;
        int attempt = 0;
        while (true) {
            try {
                synchronized (WRITE_LOCKS.computeIfAbsent(location, k -> new Object())) {
                    write.to(store());
                }
                metrics.written(rowCount, start);
                if (attempt > 0) LOG.info("Store {} is back after {} failed attempts; wrote {} rows", shown, attempt, rowCount);
                return;
            } catch (StoreUnavailableException e) {
                attempt++;
                closeStore();
                long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                if (elapsedMs >= settings.retryTimeout().toMillis()) {
                    metrics.failed();
                    throw new IOException("click store '" + shown + "' has been unavailable for " + elapsedMs
                            + " ms (" + attempt + " attempts, limit store-retry-timeout=" + settings.retryTimeout()
                            + "); failing so the job restarts from its last checkpoint. Last error: " + e.getMessage(), e);
                }
                if (attempt == 1 || attempt % 20 == 0) {
                    LOG.warn("Store {} unavailable (attempt {}), retrying; input is held back meanwhile: {}", shown, attempt, e.getMessage());
                }
                metrics.retried();
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }

    private void reportStatus() {
        try {
            long now = System.currentTimeMillis();
            synchronized (WRITE_LOCKS.computeIfAbsent(location, k -> new Object())) {
                store().recordStatus(writerId, new PipelineStatus(Math.max(watermark, 0), now, duplicates, invalid, tooLate, visibleLagMs));
            }
        } catch (StoreUnavailableException e) {
            // the status is advisory; the next report replaces it
            LOG.debug("Could not record pipeline status in {}: {}", shown, e.getMessage());
            closeStore();
        }
    }

    private long nextVersion() {
        lastVersion = Math.max(lastVersion + 1, WriteVersions.stream(System.currentTimeMillis()));
        return lastVersion;
    }

    private ClickStore store() throws StoreUnavailableException {
        if (store == null) store = StoreLocations.open(location);
        return store;
    }

    private void closeStore() {
        if (store == null) return;
        try {
            store.close();
        } catch (RuntimeException e) {
            LOG.debug("Closing store {} failed: {}", shown, e.getMessage());
        }
        store = null;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (store != null) reportStatus();
        closeStore();
    }
}
