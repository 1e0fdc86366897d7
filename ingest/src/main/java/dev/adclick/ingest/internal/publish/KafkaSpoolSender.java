package dev.adclick.ingest.internal.publish;

import dev.adclick.ingest.internal.IngestMetrics;
import dev.adclick.ingest.internal.spool.ClickSpool;
import dev.adclick.ingest.internal.spool.SpoolReader;
import dev.adclick.ingest.internal.spool.SpoolRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Moves clicks from the spool to Kafka, in spool order, on its own thread.
 *
 * <p>Delivery guarantee: at-least-once. A record leaves the spool only after Kafka acknowledged it
 * ({@code acks=all}, idempotent producer). At most {@code maxInFlight} records are handed to the
 * producer at a time; the rest wait on disk, so memory stays bounded however long Kafka is away.
 * When a send fails (delivery timeout, metadata timeout, full buffer), the sender lets every
 * in-flight record settle, then rewinds to the first unacknowledged record and resends from there
 * after a backoff, skipping records that were acknowledged meanwhile. A record can therefore reach
 * the topic twice (a send that timed out but was in fact written); downstream dedupes by click_id.
 *
 * <p>Nothing here runs on an event loop: {@code send} may block up to {@code max.block.ms} on this
 * thread only.
 */
public final class KafkaSpoolSender {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSpoolSender.class);
    private static final int FREE = 0;
    private static final int PENDING = 1;
    private static final int ACKED = 2;
    private static final int FAILED = 3;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long MAX_BACKOFF_MS = 5_000;

    private final ClickSpool spool;
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final IngestMetrics metrics;
    private final int capacity;
    private final long[] seqs;
    private final long[] appendedMicros;
    private final AtomicIntegerArray state;
    private final AtomicBoolean failed = new AtomicBoolean();
    private final Thread thread;

    // written by the sender thread only; volatile for gauges and health
    private volatile long head;
    private volatile long tail;
    private volatile boolean retrying;
    private volatile long lastAckMillis;
    private volatile long lastFailureMillis;
    private volatile String lastError;
    private volatile boolean stopRequested;
    private volatile long drainDeadlineNanos;

    private SpoolReader reader;
    private final Set<Long> ackedAhead = new HashSet<>();
    private long backoffMs;
    private long retryAtNanos;

    public KafkaSpoolSender(ClickSpool spool, Producer<byte[], byte[]> producer, String topic, int maxInFlight, IngestMetrics metrics) {
        this.spool = spool;
        this.producer = producer;
        this.topic = topic;
        this.metrics = metrics;
        this.capacity = maxInFlight;
        this.seqs = new long[maxInFlight];
        this.appendedMicros = new long[maxInFlight];
        this.state = new AtomicIntegerArray(maxInFlight);
        this.thread = new Thread(this::run, "ingest-kafka-sender");
        this.thread.setDaemon(true);
    }

    /** Starts the thread; the spool's listener must call {@link #wake()} after each write. */
    public void start() {
        thread.start();
    }

    /** Tells the sender there is something to do (new records, an acknowledgement). */
    public void wake() {
        LockSupport.unpark(thread);
    }

    /** Records handed to the producer and not yet settled. */
    public long inFlight() {
        return tail - head;
    }

    /** True from a failed send until the next acknowledgement. */
    public boolean failing() {
        return retrying || lastFailureMillis > lastAckMillis;
    }

    public String lastError() {
        return lastError;
    }

    /**
     * Keeps sending until the spool is empty or the timeout passes, then stops the thread. What
     * is not acknowledged by then stays in the spool for the next start.
     */
    public void drainAndStop(Duration timeout) {
        drainDeadlineNanos = System.nanoTime() + timeout.toNanos();
        stopRequested = true;
        wake();
        try {
            thread.join(timeout.toMillis() + 2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) LOG.warn("Kafka sender did not stop in time");
    }

    private void run() {
        reader = spool.openReader(spool.ackedSeq());
        try {
            while (true) {
                boolean progressed = settleAcks();
                if (failed.get() && !retrying) {
                    retrying = true;
                    metrics.publishError();
                    LOG.warn("Publishing to Kafka topic {} failed ({}); clicks stay in the spool and are resent in order",
                            topic, lastError);
                }
                if (retrying) {
                    if (noneOutstanding()) rewind();
                } else if (System.nanoTime() >= retryAtNanos) {
                    progressed |= sendMore();
                }
                spool.maintain(false);
                if (stopRequested && ((spool.depth() == 0 && spool.queued() == 0) || System.nanoTime() > drainDeadlineNanos)) break;
                if (!progressed) LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
        } catch (RuntimeException e) {
            LOG.error("Kafka sender stopped by an unexpected error; clicks stay in the spool until restart", e);
        } finally {
            spool.maintain(true);
            try {
                reader.close();
            } catch (IOException ignored) {
                // read-only channel
            }
        }
    }

    /** Frees the acknowledged prefix of the window and tells the spool. */
    private boolean settleAcks() {
        long h = head;
        long t = tail;
        long lastSeq = -1;
        int n = 0;
        while (h < t && state.get(slot(h)) == ACKED) {
            lastSeq = seqs[slot(h)];
            state.set(slot(h), FREE);
            h++;
            n++;
        }
        if (n == 0) return false;
        head = h;
        spool.acknowledged(lastSeq, n);
        backoffMs = 0;
        return true;
    }

    private boolean sendMore() {
        boolean sent = false;
        while (tail - head < capacity && !failed.get()) {
            SpoolRecord r;
            try {
                r = reader.next();
            } catch (IOException e) {
                fail("reading the spool: " + e.getMessage());
                break;
            }
            if (r == null) break;
            long idx = tail;
            int slot = slot(idx);
            seqs[slot] = r.seq();
            appendedMicros[slot] = r.appendedMicros();
            if (ackedAhead.remove(r.seq())) {
                state.set(slot, ACKED); // acknowledged before the last rewind: don't send it twice
                tail = idx + 1;
                continue;
            }
            state.set(slot, PENDING);
            tail = idx + 1;
            try {
                producer.send(new ProducerRecord<>(topic, r.key(), r.value()), (md, ex) -> onCompletion(idx, ex));
            } catch (RuntimeException e) {
                // Kafka reports most errors through the callback; what is thrown here is treated the same way.
                state.compareAndSet(slot, PENDING, FAILED);
                fail(e.toString());
                break;
            }
            sent = true;
        }
        return sent;
    }

    private void onCompletion(long idx, Exception ex) {
        int slot = slot(idx);
        if (ex == null) {
            Instant now = Instant.now();
            metrics.publishLatency(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000 - appendedMicros[slot]);
            lastAckMillis = now.toEpochMilli();
            state.set(slot, ACKED);
            // Only the oldest record's ack lets the window move; the others wait for it (fewer wakeups).
            if (idx == head) LockSupport.unpark(thread);
        } else {
            state.set(slot, FAILED);
            fail(ex.toString());
            LockSupport.unpark(thread);
        }
    }

    private void fail(String error) {
        lastError = error;
        lastFailureMillis = System.currentTimeMillis();
        failed.set(true);
    }

    private boolean noneOutstanding() {
        for (long i = head; i < tail; i++) if (state.get(slot(i)) == PENDING) return false;
        return true;
    }

    /** Starts over from the first unacknowledged record, remembering which later ones were acknowledged. */
    private void rewind() {
        ackedAhead.clear();
        for (long i = head; i < tail; i++) {
            int s = slot(i);
            if (state.get(s) == ACKED) ackedAhead.add(seqs[s]);
            state.set(s, FREE);
        }
        tail = head;
        try {
            reader.close();
        } catch (IOException ignored) {
            // read-only channel
        }
        reader = spool.openReader(spool.ackedSeq());
        backoffMs = backoffMs == 0 ? 250 : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
        failed.set(false);
        retrying = false;
        LOG.info("Resending from spool position {} in {} ms ({} clicks waiting)", spool.ackedSeq() + 1, backoffMs, spool.depth());
    }

    private int slot(long index) {
        return (int) (index % capacity);
    }
}
