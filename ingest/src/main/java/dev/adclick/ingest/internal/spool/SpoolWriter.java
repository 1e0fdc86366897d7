package dev.adclick.ingest.internal.spool;

import dev.adclick.ingest.SpoolFsync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The spool's writer thread: takes queued clicks in batches, encodes them, appends them to the
 * current segment (rolling to a new one past the segment size) and fsyncs per {@link SpoolFsync}
 * (group commit under {@code EVERY_WRITE}); a batch becomes readable only once it is written.
 */
final class SpoolWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolWriter.class);
    private static final int MAX_BATCH = 8192;
    private static final long FAILURE_LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /**
     * Under {@link SpoolFsync#EVERY_WRITE}, the least time between two fsyncs: clicks arriving
     * meanwhile wait and share the next one. An fsync costs ~70 µs of CPU on the benchmark machine's
     * disk (ext4 on a virtual disk); fsyncing as fast as the disk allows took a tenth of the
     * server's CPU at 45k clicks/s. Costs each click at most this much delay on its way to Kafka,
     * none on its redirect, and no durability: a record becomes readable only after its fsync.
     */
    private static final long GROUP_COMMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /**
     * An event waiting for the writer; {@code durable} runs once it is written (the "accepted"
     * meter of its kind: the spool itself does not know clicks from impressions).
     */
    record Pending(SpoolTopic topic, byte[] key, byte[] value, long appendedMicros, Runnable durable) {}

    /** Told after each written batch, and of clicks given up, on the writer thread. */
    interface Written {
        void written(long lastSeq, int records);

        void lost(int records);
    }

    private final Path dir;
    private final SpoolFsync fsync;
    private final long fsyncIntervalNanos;
    private final long segmentBytes;
    private final ArrayBlockingQueue<Pending> queue;
    private final SpoolSegments segments;
    private final Written written;
    private final SegmentFiles files;
    private final Thread thread;
    private volatile boolean closing;
    /** Set when a stop timed out: what is queued is given up instead of written. */
    private volatile boolean abandoned;
    private volatile IOException writeError;

    // writer-thread state
    private long nextSeq;
    private SegmentFiles.SegmentFile current;
    private long currentSize;
    private boolean dirty;
    private long lastSyncNanos = System.nanoTime();
    private ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);

    SpoolWriter(Path dir, SpoolFsync fsync, Duration fsyncInterval, long segmentBytes, ArrayBlockingQueue<Pending> queue,
                SpoolSegments segments, long nextSeq, SegmentFiles files, Written written) {
        this.files = files;
        this.dir = dir;
        this.fsync = fsync;
        this.fsyncIntervalNanos = fsyncInterval.toNanos();
        this.segmentBytes = segmentBytes;
        this.queue = queue;
        this.segments = segments;
        this.nextSeq = nextSeq;
        this.written = written;
        this.thread = new Thread(this::run, "ingest-spool-writer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean closing() {
        return closing;
    }

    IOException writeError() {
        return writeError;
    }

    /**
     * Stops taking clicks and writes everything queued; returns when it is on disk. If the timeout
     * passes first (a disk that refuses writes), what is left is given up and counted as lost.
     */
    void stop(Duration timeout) {
        closing = true;
        join(Math.max(1, timeout.toMillis()));
        if (!thread.isAlive()) return;
        LOG.warn("Spool writer did not finish within {}; giving up the {} clicks still queued", timeout, queue.size());
        abandoned = true;
        thread.interrupt();
        join(2_000);
    }

    private void join(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(1024);
        long pollMs = fsync == SpoolFsync.INTERVAL ? Math.max(1, TimeUnit.NANOSECONDS.toMillis(fsyncIntervalNanos)) : 50;
        while (true) {
            Pending first = null;
            try {
                first = queue.poll(pollMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // only close() interrupts; keep draining
            }
            if (first != null) {
                if (fsync == SpoolFsync.EVERY_WRITE && !closing) awaitGroupCommit();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                writeWithRetry(batch);
                batch.clear();
            }
            if (fsync == SpoolFsync.INTERVAL && dirty && System.nanoTime() - lastSyncNanos >= fsyncIntervalNanos) sync();
            if (abandoned) {
                int left = queue.drainTo(batch);
                batch.clear();
                if (left > 0) {
                    LOG.error("Giving up on {} queued clicks: the spool in {} could not be written before shutdown (lost)", left, dir);
                    written.lost(left);
                }
                break;
            }
            if (closing && queue.isEmpty()) break;
        }
        if (current != null) {
            try {
                current.force();
                current.close();
            } catch (IOException e) {
                LOG.warn("Closing spool segment: {}", e.getMessage());
            }
        }
    }

    private void awaitGroupCommit() {
        long wait = lastSyncNanos + GROUP_COMMIT_NANOS - System.nanoTime();
        if (wait > 0) LockSupport.parkNanos(wait);
    }

    /**
     * Writes the batch, retrying every 200 ms while the disk refuses (full, read-only, failing):
     * meanwhile clicks wait in the queue, and those that find it full are lost, counted by
     * {@link ClickSpool#lost()}. A failure is logged when it starts and then once per interval.
     * At shutdown the batch is given up after a few attempts, and counted as lost.
     */
    private void writeWithRetry(List<Pending> batch) {
        long failingSince = 0;
        long lastLog = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                write(batch);
                if (writeError != null) {
                    LOG.info("Spool writes in {} work again after {} ms", dir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - failingSince));
                }
                writeError = null;
                return;
            } catch (IOException e) {
                writeError = e;
                long now = System.nanoTime();
                if (attempt == 1) failingSince = now;
                if (attempt == 1 || now - lastLog >= FAILURE_LOG_EVERY_NANOS) {
                    lastLog = now;
                    LOG.error("Spool write to {} failing (attempt {}, {} clicks waiting in memory; clicks that find the queue full are lost, "
                            + "see adclick_spool_lost_total): {}", dir, attempt, batch.size() + queue.size(), e.toString());
                }
                if (abandoned || (closing && attempt >= 10)) {
                    LOG.error("Giving up on {} clicks: the spool in {} cannot be written at shutdown (lost)", batch.size(), dir);
                    written.lost(batch.size());
                    return;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    // keep trying; close() waits with a timeout
                }
            }
        }
    }

    private void write(List<Pending> batch) throws IOException {
        if (current == null || currentSize >= segmentBytes) roll();
        int bytes = 0;
        for (Pending p : batch) bytes += SpoolFormat.size(p.key, p.value);
        if (buf.capacity() < bytes) buf = ByteBuffer.allocateDirect(Integer.highestOneBit(bytes) << 1);
        buf.clear();
        long seq = nextSeq;
        for (Pending p : batch) SpoolFormat.encode(buf, seq++, p.appendedMicros, p.topic, p.key, p.value);
        buf.flip();
        long before = currentSize;
        try {
            current.write(buf, currentSize);
            if (fsync == SpoolFsync.EVERY_WRITE) {
                current.force();
                lastSyncNanos = System.nanoTime();
            } else {
                dirty = true;
            }
        } catch (IOException e) {
            try {
                current.truncate(before); // drop the partial batch so the retry does not follow garbage
            } catch (IOException ignored) {
                // recovery truncates at the first bad record anyway
            }
            throw e;
        }
        currentSize += bytes;
        segments.addBytes(bytes);
        nextSeq = seq;
        for (Pending p : batch) p.durable.run();
        written.written(seq - 1, batch.size()); // publishes the batch to readers
    }

    private void roll() throws IOException {
        if (current != null) {
            if (fsync != SpoolFsync.NEVER) current.force();
            current.close();
            current = null;
        }
        Path p = segments.pathFor(nextSeq);
        current = files.create(p);
        currentSize = 0;
        segments.register(nextSeq, p);
        if (fsync != SpoolFsync.NEVER) syncDirectory();
    }

    private void sync() {
        try {
            if (current != null) current.force();
            dirty = false;
            lastSyncNanos = System.nanoTime();
        } catch (IOException e) {
            writeError = e;
            LOG.error("Spool fsync in {} failed: {}", dir, e.toString());
        }
    }

    /** Makes a new segment's directory entry durable, so fsynced records are found after a power loss. */
    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("Directory fsync not supported here: {}", e.getMessage());
        }
    }
}
