package dev.adclick.ingest.internal.spool;

import dev.adclick.ingest.SpoolFsync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Write-ahead spool of events (clicks and impressions, each record naming its {@link SpoolTopic})
 * on their way to Kafka: a directory of append-only segment files
 * ({@code seg-<first seq>.log}) plus {@code acked.seq}, the last sequence number Kafka acknowledged.
 *
 * <p>Every accepted click and impression goes through here, so Kafka being down, a full producer buffer or a
 * {@code kill -9} loses nothing: the sender ({@code KafkaSpoolSender}) reads the log in order and
 * reports acknowledgements; a segment is deleted only once every record in it was acknowledged, and
 * a restart resends everything after {@code acked.seq} (at-least-once: a record acknowledged just
 * before a crash may be sent again; downstream dedupes by click_id and impression_id/kind).
 *
 * <p>Threads: {@link #append} is non-blocking and may be called from any thread (an event loop);
 * one writer thread ({@link SpoolWriter}) encodes, writes and fsyncs (per {@link SpoolFsync},
 * batched: group commit); the sender thread reads, acknowledges and deletes. Memory is bounded by
 * the append queue. Opening recovers what a previous run left ({@link SpoolRecovery}).
 *
 * <p>Why hand-written: the candidates on Maven Central do not fit. Tape's QueueFile (square/tape 2.x)
 * is an unmaintained beta that fsyncs every add and keeps one ever-growing file; Chronicle Queue
 * needs off-heap and JVM-internal access and rolls by time, not by acknowledgement; BigQueue is
 * unmaintained. What is needed here is small: an append-only, CRC-framed log truncated at the
 * first torn record on recovery, and segment deletion driven by Kafka's acknowledgements.
 */
public final class ClickSpool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClickSpool.class);
    private static final long CHECKPOINT_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /** Told after each batch is written (readable by a {@link SpoolReader}). Called on the writer thread. */
    public interface Listener {
        void written(int records);
    }

    private final Path dir;
    private final ArrayBlockingQueue<SpoolWriter.Pending> queue;
    private final SpoolSegments segments;
    private final SpoolCheckpoint checkpoint;
    private final AtomicLong pendingRecords = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final FileChannel lockChannel;
    private final FileLock lock;
    private SpoolWriter writer;
    private volatile Listener listener = n -> { };

    private volatile long writtenSeq;
    private volatile long ackedSeq;

    // sender-thread state
    private long checkpointedSeq;
    private long lastCheckpointNanos;

    private ClickSpool(Path dir, SpoolFsync fsync, int queueCapacity, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.segments = new SpoolSegments(dir);
        this.checkpoint = new SpoolCheckpoint(dir, fsync);
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens the spool, recovering what a previous run left: torn tails are truncated, fully
     * acknowledged segments deleted, and everything unacknowledged is readable again.
     *
     * @throws IOException if the directory cannot be used or another process holds it
     */
    public static ClickSpool open(Path dir, SpoolFsync fsync, Duration fsyncInterval, long segmentBytes, int queueCapacity)
            throws IOException {
        return open(dir, fsync, fsyncInterval, segmentBytes, queueCapacity, SegmentFiles.fileSystem());
    }

    /** As {@link #open(Path, SpoolFsync, Duration, long, int)}, writing segments through {@code files}. */
    public static ClickSpool open(Path dir, SpoolFsync fsync, Duration fsyncInterval, long segmentBytes, int queueCapacity,
                                  SegmentFiles files) throws IOException {
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("spool directory " + dir + " is in use by another ingest instance (spoolDir must differ per instance)");
        }
        ClickSpool spool = new ClickSpool(dir, fsync, queueCapacity, lockChannel, lock);
        SpoolRecovery.Recovered recovered;
        try {
            recovered = spool.recover();
        } catch (IOException | RuntimeException e) {
            spool.releaseLock();
            throw e;
        }
        spool.writer = new SpoolWriter(dir, fsync, fsyncInterval, segmentBytes, spool.queue, spool.segments,
                recovered.nextSeq(), files, new SpoolWriter.Written() {
                    @Override
                    public void written(long lastSeq, int records) {
                        spool.published(lastSeq, records);
                    }

                    @Override
                    public void lost(int records) {
                        spool.lost.addAndGet(records);
                    }
                });
        spool.writer.start();
        return spool;
    }

    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /**
     * Queues an event for the writer. Never blocks.
     *
     * @param topic   where the sender is to publish it
     * @param durable run on the writer thread once the event is written (keep it cheap: a counter)
     * @return false if the queue is full (the disk is too slow, full or failing) or the spool is
     *         closing: the event is lost, and counted in {@link #lost()}
     * @throws IllegalArgumentException for a key longer than the format holds (ad ids are far shorter)
     */
    public boolean append(SpoolTopic topic, byte[] key, byte[] value, Runnable durable) {
        if (key.length > SpoolFormat.MAX_KEY) throw new IllegalArgumentException("spool key longer than " + SpoolFormat.MAX_KEY + " bytes");
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        if (!writer.closing() && queue.offer(new SpoolWriter.Pending(topic, key, value, micros, durable))) {
            return true;
        }
        lost.incrementAndGet();
        return false;
    }

    /**
     * Clicks handed to {@link #append} that never became durable: the queue was full, the spool
     * was closing, or the writer gave them up at shutdown. Every other appended click is written.
     */
    public long lost() {
        return lost.get();
    }

    /** Last sequence number written and readable; -1 before the first. */
    public long writtenSeq() {
        return writtenSeq;
    }

    /** Last sequence number such that it and everything before it was acknowledged by Kafka. */
    public long ackedSeq() {
        return ackedSeq;
    }

    /** Records written and not yet acknowledged. */
    public long depth() {
        return pendingRecords.get();
    }

    /** Clicks queued in memory, not yet written. */
    public int queued() {
        return queue.size();
    }

    public long diskBytes() {
        return segments.diskBytes();
    }

    /** The last write error, or null if the last write succeeded. */
    public IOException writeError() {
        return writer.writeError();
    }

    /** A reader of the records after {@code afterSeq}, in order. */
    public SpoolReader openReader(long afterSeq) {
        return new SpoolReader(this, afterSeq);
    }

    Map.Entry<Long, Path> segmentFor(long seq) {
        return segments.segmentFor(seq);
    }

    Map.Entry<Long, Path> segmentAfter(long firstSeq) {
        return segments.segmentAfter(firstSeq);
    }

    /**
     * Records that everything up to {@code seq} is acknowledged ({@code count} more records).
     * Called by the sender thread only.
     */
    public void acknowledged(long seq, int count) {
        ackedSeq = seq;
        pendingRecords.addAndGet(-count);
    }

    /**
     * Persists the acknowledgement checkpoint (at most every 200 ms unless forced) and deletes
     * segments whose records are all acknowledged. Called by the sender thread only.
     */
    public void maintain(boolean force) {
        long acked = ackedSeq;
        if (acked == checkpointedSeq) return;
        long now = System.nanoTime();
        if (!force && now - lastCheckpointNanos < CHECKPOINT_EVERY_NANOS) return;
        lastCheckpointNanos = now;
        try {
            checkpoint.write(acked);
            checkpointedSeq = acked;
        } catch (IOException e) {
            LOG.warn("Could not write spool checkpoint in {} (records may be sent again after a restart): {}", dir, e.getMessage());
        }
        segments.deleteAcknowledged(acked);
    }

    /**
     * Stops taking events and writes everything queued; returns when it is on disk, or after the
     * timeout, when what could not be written is given up (and counted in {@link #lost()}). Idempotent.
     */
    public void stopWriter(Duration timeout) {
        writer.stop(timeout);
    }

    /** Stops the writer (if not yet), persists the checkpoint and releases the directory. */
    @Override
    public void close() {
        stopWriter(Duration.ofSeconds(10));
        maintain(true);
        releaseLock();
    }

    private SpoolRecovery.Recovered recover() throws IOException {
        long acked = checkpoint.read();
        SpoolRecovery.Recovered r = SpoolRecovery.recover(dir, segments, acked);
        writtenSeq = r.nextSeq() - 1;
        ackedSeq = acked;
        checkpointedSeq = acked;
        pendingRecords.set(r.unacked());
        if (r.unacked() > 0) LOG.info("Spool {} holds {} events (clicks, impressions) not yet acknowledged by Kafka; they will be sent first", dir, r.unacked());
        return r;
    }

    /** The writer's report of a written batch: makes it readable, then tells the listener. */
    private void published(long lastSeq, int records) {
        pendingRecords.addAndGet(records);
        writtenSeq = lastSeq;
        listener.written(records);
    }

    private void releaseLock() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.debug("Releasing spool lock: {}", e.getMessage());
        }
    }
}
