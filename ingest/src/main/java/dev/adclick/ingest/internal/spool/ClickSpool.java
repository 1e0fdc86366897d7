package dev.adclick.ingest.internal.spool;

import dev.adclick.ingest.SpoolFsync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Write-ahead spool of clicks on their way to Kafka: a directory of append-only segment files
 * ({@code seg-<first seq>.log}) plus {@code acked.seq}, the last sequence number Kafka acknowledged.
 *
 * <p>Every accepted click goes through here, so Kafka being down, a full producer buffer or a
 * {@code kill -9} loses nothing: the sender ({@code KafkaSpoolSender}) reads the log in order and
 * reports acknowledgements; a segment is deleted only once every record in it was acknowledged, and
 * a restart resends everything after {@code acked.seq} (at-least-once: a record acknowledged just
 * before a crash may be sent again; downstream dedupes by click_id).
 *
 * <p>Threads: {@link #append} is non-blocking and may be called from any thread (an event loop);
 * one writer thread encodes, writes and fsyncs (per {@link SpoolFsync}, batched: group commit);
 * the sender thread reads, acknowledges and deletes. Memory is bounded by the append queue.
 *
 * <p>Why hand-written: the candidates on Maven Central do not fit. Tape's QueueFile (square/tape 2.x)
 * is an unmaintained beta that fsyncs every add and keeps one ever-growing file; Chronicle Queue
 * needs off-heap and JVM-internal access and rolls by time, not by acknowledgement; BigQueue is
 * unmaintained. What is needed here is small: an append-only, CRC-framed log truncated at the
 * first torn record on recovery, and segment deletion driven by Kafka's acknowledgements.
 */
public final class ClickSpool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClickSpool.class);
    private static final String SEGMENT_PREFIX = "seg-";
    private static final String SEGMENT_SUFFIX = ".log";
    private static final String CHECKPOINT = "acked.seq";
    private static final int MAX_BATCH = 8192;
    private static final long CHECKPOINT_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /**
     * Under {@link SpoolFsync#EVERY_WRITE}, the least time between two fsyncs: clicks arriving
     * meanwhile wait and share the next one. An fsync costs ~70 µs of CPU on the benchmark machine's
     * disk (ext4 on a virtual disk); fsyncing as fast as the disk allows took a tenth of the
     * server's CPU at 45k clicks/s. Costs each click at most this much delay on its way to Kafka,
     * none on its redirect, and no durability: a record becomes readable only after its fsync.
     */
    private static final long GROUP_COMMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /** Told after each batch is written (readable by a {@link SpoolReader}). Called on the writer thread. */
    public interface Listener {
        void written(int records);
    }

    private final Path dir;
    private final SpoolFsync fsync;
    private final long fsyncIntervalNanos;
    private final long segmentBytes;
    private final ArrayBlockingQueue<Pending> queue;
    private final ConcurrentSkipListMap<Long, Path> segments = new ConcurrentSkipListMap<>();
    private final AtomicLong pendingRecords = new AtomicLong();
    private final AtomicLong diskBytes = new AtomicLong();
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Thread writer;
    private volatile Listener listener = n -> { };

    private volatile long writtenSeq;
    private volatile long ackedSeq;
    private volatile boolean closing;
    private volatile IOException writeError;

    // writer-thread state
    private long nextSeq;
    private FileChannel current;
    private long currentSize;
    private boolean dirty;
    private long lastSyncNanos = System.nanoTime();
    private ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);

    // sender-thread state
    private long checkpointedSeq;
    private long lastCheckpointNanos;

    private ClickSpool(Path dir, SpoolFsync fsync, Duration fsyncInterval, long segmentBytes, int queueCapacity,
                       FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.fsync = fsync;
        this.fsyncIntervalNanos = fsyncInterval.toNanos();
        this.segmentBytes = segmentBytes;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.writer = new Thread(this::runWriter, "ingest-spool-writer");
        this.writer.setDaemon(true);
    }

    /**
     * Opens the spool, recovering what a previous run left: torn tails are truncated, fully
     * acknowledged segments deleted, and everything unacknowledged is readable again.
     *
     * @throws IOException if the directory cannot be used or another process holds it
     */
    public static ClickSpool open(Path dir, SpoolFsync fsync, Duration fsyncInterval, long segmentBytes, int queueCapacity)
            throws IOException {
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
        ClickSpool spool = new ClickSpool(dir, fsync, fsyncInterval, segmentBytes, queueCapacity, lockChannel, lock);
        try {
            spool.recover();
        } catch (IOException | RuntimeException e) {
            spool.releaseLock();
            throw e;
        }
        spool.writer.start();
        return spool;
    }

    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /**
     * Queues a click for the writer. Never blocks.
     *
     * @return false if the queue is full or the spool is closing (the caller counts the click as dropped)
     */
    public boolean append(byte[] key, byte[] value) {
        if (closing) return false;
        Instant now = Instant.now();
        return queue.offer(new Pending(key, value, now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000));
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
        return diskBytes.get();
    }

    /** The last write error, or null if the last write succeeded. */
    public IOException writeError() {
        return writeError;
    }

    public Path dir() {
        return dir;
    }

    /** A reader of the records after {@code afterSeq}, in order. */
    public SpoolReader openReader(long afterSeq) {
        return new SpoolReader(this, afterSeq);
    }

    Map.Entry<Long, Path> segmentFor(long seq) {
        Map.Entry<Long, Path> e = segments.floorEntry(seq);
        return e != null ? e : segments.firstEntry();
    }

    Map.Entry<Long, Path> segmentAfter(long firstSeq) {
        return segments.higherEntry(firstSeq);
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
            writeCheckpoint(acked);
            checkpointedSeq = acked;
        } catch (IOException e) {
            LOG.warn("Could not write spool checkpoint in {} (records may be sent again after a restart): {}", dir, e.getMessage());
        }
        // A segment is done when the next one starts at or before acked + 1.
        for (Map.Entry<Long, Path> e = segments.firstEntry(); e != null; e = segments.firstEntry()) {
            Map.Entry<Long, Path> next = segments.higherEntry(e.getKey());
            if (next == null || next.getKey() - 1 > acked) break;
            deleteSegment(e.getKey(), e.getValue());
        }
    }

    /** Stops taking clicks and writes everything queued; returns when it is on disk. Idempotent. */
    public void stopWriter(Duration timeout) {
        closing = true;
        try {
            writer.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) LOG.warn("Spool writer did not finish within {}; {} clicks still queued", timeout, queue.size());
    }

    /** Stops the writer (if not yet), persists the checkpoint and releases the directory. */
    @Override
    public void close() {
        stopWriter(Duration.ofSeconds(10));
        maintain(true);
        releaseLock();
    }

    private void releaseLock() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.debug("Releasing spool lock: {}", e.getMessage());
        }
    }

    // ---------------------------------------------------------------- recovery

    private void recover() throws IOException {
        long acked = readCheckpoint();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith(SEGMENT_PREFIX) && p.getFileName().toString().endsWith(SEGMENT_SUFFIX))
                    .forEach(files::add);
        }
        files.sort((a, b) -> Long.compare(firstSeqOf(a), firstSeqOf(b)));
        long lastSeq = -1;
        long unacked = 0;
        for (Path f : files) {
            long first = firstSeqOf(f);
            ScanResult r = scan(f, Math.max(first, lastSeq + 1));
            if (r.lastSeq < 0 || r.lastSeq <= acked) {
                Files.deleteIfExists(f);
                lastSeq = Math.max(lastSeq, r.lastSeq);
                continue;
            }
            segments.put(first, f);
            diskBytes.addAndGet(r.validBytes);
            lastSeq = r.lastSeq;
            unacked += r.recordsAfter(acked);
        }
        nextSeq = Math.max(lastSeq, acked) + 1;
        writtenSeq = nextSeq - 1;
        ackedSeq = acked;
        checkpointedSeq = acked;
        pendingRecords.set(unacked);
        if (unacked > 0) LOG.info("Spool {} holds {} clicks not yet acknowledged by Kafka; they will be sent first", dir, unacked);
    }

    /** Reads a segment, truncating it at the first torn or corrupt record. */
    private ScanResult scan(Path f, long minSeq) throws IOException {
        ScanResult r = new ScanResult();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            ByteBuffer in = ByteBuffer.allocate((int) Math.min(size, Integer.MAX_VALUE - 16));
            while (in.hasRemaining() && ch.read(in) >= 0) { /* fill */ }
            in.flip();
            long expected = minSeq;
            String problem = null;
            while (in.hasRemaining()) {
                int at = in.position();
                SpoolRecord rec;
                try {
                    rec = SpoolFormat.decode(in);
                } catch (SpoolFormat.CorruptRecordException e) {
                    problem = e.getMessage();
                    in.position(at);
                    break;
                }
                if (rec == null) {
                    problem = "incomplete record";
                    break;
                }
                if (rec.seq() < expected) {
                    problem = "sequence goes back (" + rec.seq() + " after " + (expected - 1) + ")";
                    in.position(at);
                    break;
                }
                r.add(rec.seq());
                expected = rec.seq() + 1;
            }
            r.validBytes = in.position();
            if (r.validBytes < size) {
                LOG.warn("Spool segment {}: {} at byte {}; truncating {} bytes (a crash during a write leaves this)",
                        f.getFileName(), problem, r.validBytes, size - r.validBytes);
                ch.truncate(r.validBytes);
                ch.force(true);
            }
        }
        return r;
    }

    private static final class ScanResult {
        long lastSeq = -1;
        long validBytes;
        private final List<Long> seqs = new ArrayList<>();

        void add(long seq) {
            seqs.add(seq);
            lastSeq = seq;
        }

        long recordsAfter(long acked) {
            return seqs.stream().filter(s -> s > acked).count();
        }
    }

    private long readCheckpoint() {
        Path p = dir.resolve(CHECKPOINT);
        if (!Files.exists(p)) return -1;
        try {
            return Long.parseLong(Files.readString(p, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            // Losing the checkpoint only means resending acknowledged records (duplicates, never loss).
            LOG.warn("Spool checkpoint {} unreadable ({}); resending everything in the spool", p, e.getMessage());
            return -1;
        }
    }

    private void writeCheckpoint(long seq) throws IOException {
        Path tmp = dir.resolve(CHECKPOINT + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap((seq + "\n").getBytes(StandardCharsets.US_ASCII)));
            if (fsync != SpoolFsync.NEVER) ch.force(true);
        }
        Files.move(tmp, dir.resolve(CHECKPOINT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void deleteSegment(long first, Path p) {
        try {
            long size = Files.size(p);
            Files.deleteIfExists(p);
            segments.remove(first);
            diskBytes.addAndGet(-size);
        } catch (IOException e) {
            LOG.warn("Could not delete acknowledged spool segment {}: {}", p, e.getMessage());
        }
    }

    private static long firstSeqOf(Path p) {
        String n = p.getFileName().toString();
        try {
            return Long.parseLong(n.substring(SEGMENT_PREFIX.length(), n.length() - SEGMENT_SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------- writer thread

    private void runWriter() {
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
            if (closing && queue.isEmpty()) break;
        }
        if (current != null) {
            try {
                current.force(false);
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

    private void writeWithRetry(List<Pending> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                write(batch);
                if (writeError != null) LOG.info("Spool writes in {} work again", dir);
                writeError = null;
                return;
            } catch (IOException e) {
                writeError = e;
                if (attempt == 1 || attempt % 50 == 0) {
                    LOG.error("Spool write to {} failed (attempt {}), retrying: {}", dir, attempt, e.toString());
                }
                if (closing && attempt >= 10) {
                    LOG.error("Giving up on {} clicks: the spool in {} cannot be written at shutdown", batch.size(), dir);
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
        for (Pending p : batch) SpoolFormat.encode(buf, seq++, p.appendedMicros, p.key, p.value);
        buf.flip();
        long before = currentSize;
        try {
            while (buf.hasRemaining()) current.write(buf, currentSize + buf.position());
            if (fsync == SpoolFsync.EVERY_WRITE) {
                current.force(false);
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
        diskBytes.addAndGet(bytes);
        nextSeq = seq;
        pendingRecords.addAndGet(batch.size());
        writtenSeq = seq - 1; // publishes the batch to readers
        listener.written(batch.size());
    }

    private void roll() throws IOException {
        if (current != null) {
            if (fsync != SpoolFsync.NEVER) current.force(false);
            current.close();
            current = null;
        }
        Path p = dir.resolve(String.format("%s%020d%s", SEGMENT_PREFIX, nextSeq, SEGMENT_SUFFIX));
        current = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        currentSize = 0;
        segments.put(nextSeq, p);
        if (fsync != SpoolFsync.NEVER) syncDirectory();
    }

    private void sync() {
        try {
            if (current != null) current.force(false);
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

    private record Pending(byte[] key, byte[] value, long appendedMicros) {}
}
