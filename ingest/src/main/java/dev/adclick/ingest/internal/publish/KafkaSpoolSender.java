package dev.adclick.ingest.internal.publish;

import dev.adclick.ingest.internal.IngestMetrics;
import dev.adclick.ingest.internal.spool.ClickSpool;
import dev.adclick.ingest.internal.spool.SpoolReader;
import dev.adclick.ingest.internal.spool.SpoolRecord;
import dev.adclick.ingest.internal.spool.SpoolTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Moves events from the spool to Kafka, in spool order, on its own thread; each record goes to the
 * configured topic of its {@link SpoolTopic} (clicks, impressions).
 *
 * <p>Delivery guarantee: at-least-once. A record leaves the spool only after Kafka acknowledged it
 * ({@code acks=all}, idempotent producer). At most {@code maxInFlight} records are handed to the
 * producer at a time; the rest wait on disk, so memory stays bounded however long Kafka is away.
 * When a send fails (delivery timeout, metadata timeout, full buffer), the sender lets every
 * in-flight record settle, then rewinds to the first unacknowledged record and resends from there
 * after a backoff, skipping records that were acknowledged meanwhile. A record can therefore reach
 * the topic twice (a send that timed out but was in fact written); downstream dedupes by click_id.
 *
 * <p>Supervised: an unexpected error (anything but a {@link KafkaException} from a send, or any
 * error of the loop itself) does not end the thread. The sender reports {@code restarting}, lets
 * the in-flight records settle, waits (250 ms doubling to 5 s while it keeps failing) and starts
 * over from the spool's acknowledged position the same way as after a failed send, so a restart
 * sends no acknowledged record again (see docs/architecture.md, ingest).
 *
 * <p>Nothing here runs on an event loop: {@code send} may block up to {@code max.block.ms} on this
 * thread only.
 */
public final class KafkaSpoolSender {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSpoolSender.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long FIRST_BACKOFF_MS = 250;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final ClickSpool spool;
    private final Producer<byte[], byte[]> producer;
    private final EnumMap<SpoolTopic, String> topics;
    private final IngestMetrics metrics;
    private final InFlightWindow window;
    private final AtomicBoolean failed = new AtomicBoolean();
    private final Thread thread;

    private volatile boolean retrying;
    private volatile long lastAckMillis;
    private volatile long lastFailureMillis;
    private volatile String lastError;
    private volatile boolean stopRequested;
    private volatile long drainDeadlineNanos;
    private volatile String state = "up";
    private volatile long restarts;

    private SpoolReader reader;
    private final Set<Long> ackedAhead = new HashSet<>();
    private long backoffMs;
    private long restartBackoffMs;
    private long retryAtNanos;

    /** @param topics the Kafka topic of each kind of record; every {@link SpoolTopic} must have one */
    public KafkaSpoolSender(ClickSpool spool, Producer<byte[], byte[]> producer, Map<SpoolTopic, String> topics, int maxInFlight,
                            IngestMetrics metrics) {
        this.spool = spool;
        this.producer = producer;
        this.topics = new EnumMap<>(topics);
        for (SpoolTopic t : SpoolTopic.values()) {
            if (this.topics.get(t) == null) throw new IllegalArgumentException("no Kafka topic for spool records of " + t);
        }
        this.metrics = metrics;
        this.window = new InFlightWindow(maxInFlight);
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
        return window.size();
    }

    /** True from a failed send until the next acknowledgement. */
    public boolean failing() {
        return retrying || lastFailureMillis > lastAckMillis;
    }

    public String lastError() {
        return lastError;
    }

    /** {@code up}, {@code restarting} (after an unexpected error, until it runs again) or {@code stopped}. */
    public String state() {
        return state;
    }

    /** How often the sender was restarted after an unexpected error. */
    public long restarts() {
        return restarts;
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

    /** The supervisor: runs the send loop, and restarts it after an unexpected error until stopped. */
    private void run() {
        reader = spool.openReader(spool.ackedSeq());
        try {
            while (true) {
                try {
                    sendLoop();
                    return;
                } catch (RuntimeException | Error e) {
                    if (!restartAfter(e)) return;
                }
            }
        } finally {
            state = "stopped";
            spool.maintain(true);
            closeReader();
        }
    }

    private void sendLoop() {
        while (true) {
            boolean progressed = settleAcks();
            if (failed.get() && !retrying) {
                retrying = true;
                metrics.publishError();
                LOG.warn("Publishing to Kafka topics {} failed ({}); events stay in the spool and are resent in order",
                        topics.values(), lastError);
            }
            if (retrying) {
                if (window.noneOutstanding()) rewind();
            } else if (System.nanoTime() >= retryAtNanos) {
                progressed |= sendMore();
            }
            spool.maintain(false);
            if (stopDue()) return;
            if (!progressed) LockSupport.parkNanos(IDLE_PARK_NANOS);
        }
    }

    /**
     * After an unexpected error: waits for the in-flight records to settle and for the backoff,
     * then rewinds to the spool's acknowledged position. Returns false if the sender is to stop.
     */
    private boolean restartAfter(Throwable e) {
        state = "restarting";
        restarts++;
        metrics.senderRestart();
        lastError = e.toString();
        lastFailureMillis = System.currentTimeMillis();
        restartBackoffMs = restartBackoffMs == 0 ? FIRST_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, restartBackoffMs * 2);
        LOG.error("Kafka sender failed unexpectedly; restarting it in {} ms from spool position {} (clicks stay in the spool)",
                restartBackoffMs, spool.ackedSeq() + 1, e);
        // Callbacks of records already handed to the producer still come (the delivery timeout bounds them).
        while (!window.noneOutstanding()) {
            if (stopDue()) return false;
            LockSupport.parkNanos(IDLE_PARK_NANOS);
        }
        long resumeAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(restartBackoffMs);
        while (System.nanoTime() < resumeAt) {
            if (stopDue()) return false;
            LockSupport.parkNanos(Math.min(IDLE_PARK_NANOS, resumeAt - System.nanoTime()));
        }
        settleAcks();
        rewind();
        retryAtNanos = 0;
        state = "up";
        return true;
    }

    private boolean stopDue() {
        return stopRequested && ((spool.depth() == 0 && spool.queued() == 0) || System.nanoTime() > drainDeadlineNanos);
    }

    /** Frees the acknowledged prefix of the window and tells the spool. */
    private boolean settleAcks() {
        long lastSeq = window.settleAcked();
        int n = window.lastSettledCount();
        if (n == 0) return false;
        spool.acknowledged(lastSeq, n);
        backoffMs = 0;
        restartBackoffMs = 0;
        return true;
    }

    private boolean sendMore() {
        boolean sent = false;
        while (!window.full() && !failed.get()) {
            SpoolRecord r;
            try {
                r = reader.next();
            } catch (IOException e) {
                fail("reading the spool: " + e.getMessage());
                break;
            }
            if (r == null) break;
            if (ackedAhead.remove(r.seq())) {
                window.add(r.seq(), r.appendedMicros(), true); // acknowledged before the last rewind: don't send it twice
                continue;
            }
            long idx = window.add(r.seq(), r.appendedMicros(), false);
            try {
                producer.send(new ProducerRecord<>(topics.get(r.topic()), r.key(), r.value()), (md, ex) -> onCompletion(idx, ex));
            } catch (KafkaException e) {
                // Kafka reports most errors through the callback; what it throws here is treated the same way.
                window.failed(idx);
                metrics.publishFailedRecord();
                fail(e.toString());
                break;
            } catch (RuntimeException | Error e) {
                window.failed(idx); // not handed over: nothing to wait for; the supervisor restarts the sender
                throw e;
            }
            sent = true;
        }
        return sent;
    }

    private void onCompletion(long idx, Exception ex) {
        if (ex == null) {
            Instant now = Instant.now();
            metrics.publishLatency(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000 - window.appendedMicros(idx));
            lastAckMillis = now.toEpochMilli();
            window.acked(idx);
            // Only the oldest record's ack lets the window move; the others wait for it (fewer wakeups).
            if (window.isHead(idx)) LockSupport.unpark(thread);
        } else {
            window.failed(idx);
            metrics.publishFailedRecord();
            fail(ex.toString());
            LockSupport.unpark(thread);
        }
    }

    private void fail(String error) {
        lastError = error;
        lastFailureMillis = System.currentTimeMillis();
        failed.set(true);
    }

    /** Starts over from the first unacknowledged record, remembering which later ones were acknowledged. */
    private void rewind() {
        ackedAhead.clear();
        window.clear(ackedAhead);
        closeReader();
        reader = spool.openReader(spool.ackedSeq());
        backoffMs = backoffMs == 0 ? FIRST_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
        failed.set(false);
        retrying = false;
        LOG.info("Resending from spool position {} in {} ms ({} events waiting)", spool.ackedSeq() + 1, backoffMs, spool.depth());
    }

    private void closeReader() {
        try {
            if (reader != null) reader.close();
        } catch (IOException ignored) {
            // read-only channel
        }
    }
}
