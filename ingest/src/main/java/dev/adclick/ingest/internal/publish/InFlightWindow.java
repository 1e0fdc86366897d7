package dev.adclick.ingest.internal.publish;

import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The records handed to the Kafka producer and not yet settled, in spool order: a ring of at most
 * {@code maxInFlight} slots. The sender thread adds and settles; the producer's I/O thread marks
 * slots acknowledged or failed.
 */
final class InFlightWindow {
    private static final int FREE = 0;
    private static final int PENDING = 1;
    private static final int ACKED = 2;
    private static final int FAILED = 3;

    private final int capacity;
    private final long[] seqs;
    private final long[] appendedMicros;
    private final AtomicIntegerArray state;
    // written by the sender thread only; volatile for gauges and health
    private volatile long head;
    private volatile long tail;
    private int settled;

    InFlightWindow(int capacity) {
        this.capacity = capacity;
        this.seqs = new long[capacity];
        this.appendedMicros = new long[capacity];
        this.state = new AtomicIntegerArray(capacity);
    }

    long size() {
        return tail - head;
    }

    boolean full() {
        return tail - head >= capacity;
    }

    boolean isHead(long idx) {
        return idx == head;
    }

    /** Adds a record: pending (handed to the producer) or already acknowledged; returns its index. */
    long add(long seq, long micros, boolean acked) {
        long idx = tail;
        int s = slot(idx);
        seqs[s] = seq;
        appendedMicros[s] = micros;
        state.set(s, acked ? ACKED : PENDING);
        tail = idx + 1;
        return idx;
    }

    long appendedMicros(long idx) {
        return appendedMicros[slot(idx)];
    }

    void acked(long idx) {
        state.set(slot(idx), ACKED);
    }

    void failed(long idx) {
        state.set(slot(idx), FAILED);
    }

    /**
     * Frees the acknowledged prefix of the window.
     *
     * @return the last sequence number freed, or -1 if none; {@link #lastSettledCount()} tells how many
     */
    long settleAcked() {
        long h = head;
        long t = tail;
        long lastSeq = -1;
        settled = 0;
        while (h < t && state.get(slot(h)) == ACKED) {
            lastSeq = seqs[slot(h)];
            state.set(slot(h), FREE);
            h++;
            settled++;
        }
        head = h;
        return lastSeq;
    }

    int lastSettledCount() {
        return settled;
    }

    /** No record is waiting for the producer's answer. */
    boolean noneOutstanding() {
        for (long i = head; i < tail; i++) if (state.get(slot(i)) == PENDING) return false;
        return true;
    }

    /** Empties the window (nothing outstanding), collecting the sequence numbers that were acknowledged. */
    void clear(Set<Long> ackedOut) {
        for (long i = head; i < tail; i++) {
            int s = slot(i);
            if (state.get(s) == ACKED) ackedOut.add(seqs[s]);
            state.set(s, FREE);
        }
        tail = head;
    }

    private int slot(long index) {
        return (int) (index % capacity);
    }
}
