package dev.adclick.ingest.internal.dedupe;

import io.netty.channel.EventLoop;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The layer-1 deadlines of the checks issued on one event loop, kept by that loop: no other
 * thread, no lock, and no wake-ups while nothing is outstanding (a 1 ms sweeper thread cost ~3 %
 * of the server's CPU under load). Loop-confined: every method runs on the loop.
 *
 * <p>A deadline bounds Redis, not the loop (see docs/architecture.md, layer-1 dedupe). It starts
 * when the check's command is written to the socket ({@link #flushed()}), not when it is issued:
 * commands wait for the flush after the loop's current batch, and a loop that is late (busy with
 * a batch, descheduled on a shared CPU, waking up from idle) would otherwise spend the check's
 * budget before Redis even saw it. And before a check expires, the loop gets one pass over its
 * sockets: a sweep that is due together with the deferred flush, or that runs late, would
 * otherwise expire checks whose replies are already waiting to be read. Both were measured as the
 * cause of the timeouts on an idle stack (ingest/README.md, "Layer-1 deadlines").
 */
final class LoopDeadlines {
    private record Check(long deadlineNanos, CompletableFuture<DedupeVerdict> verdict) {}

    private final EventLoop loop;
    private final long timeoutNanos;
    private final Consumer<CompletableFuture<DedupeVerdict>> expire;
    /** Issued since the last flush: their commands are not on the wire yet. */
    private final ArrayDeque<CompletableFuture<DedupeVerdict>> unflushed = new ArrayDeque<>();
    /** Written, oldest first (one timeout for all, so deadlines are in order). */
    private final ArrayDeque<Check> written = new ArrayDeque<>();
    private boolean sweepScheduled;
    /** The next sweep follows the I/O pass granted to due checks, so it may expire them. */
    private boolean graceGiven;

    LoopDeadlines(EventLoop loop, long timeoutNanos, Consumer<CompletableFuture<DedupeVerdict>> expire) {
        this.loop = loop;
        this.timeoutNanos = timeoutNanos;
        this.expire = expire;
    }

    /** A check whose command is buffered, waiting for the next flush. */
    void issued(CompletableFuture<DedupeVerdict> verdict) {
        unflushed.add(verdict);
    }

    /** The buffered commands were just written: their deadlines start now. */
    void flushed() {
        if (unflushed.isEmpty()) return;
        long deadline = System.nanoTime() + timeoutNanos;
        for (CompletableFuture<DedupeVerdict> v = unflushed.poll(); v != null; v = unflushed.poll()) {
            if (!v.isDone()) written.add(new Check(deadline, v));
        }
        if (!written.isEmpty() && !sweepScheduled) scheduleSweep(timeoutNanos);
    }

    private void scheduleSweep(long delayNanos) {
        sweepScheduled = true;
        loop.schedule(this::sweep, delayNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Answers UNCHECKED for the checks past their deadline; runs again at the next deadline, if any.
     * A task scheduled with no delay runs in the loop's next iteration, after its I/O pass (Netty
     * moves due scheduled tasks to the task queue once per iteration, after reading the sockets).
     */
    private void sweep() {
        sweepScheduled = false;
        boolean mayExpire = graceGiven;
        graceGiven = false;
        long now = System.nanoTime();
        for (Check c = written.peek(); c != null; c = written.peek()) {
            if (!c.verdict.isDone()) {
                long left = c.deadlineNanos - now;
                if (left > 0) {
                    scheduleSweep(left);
                    return;
                }
                if (!mayExpire) {
                    graceGiven = true;
                    scheduleSweep(0);
                    return;
                }
                expire.accept(c.verdict);
            }
            written.poll();
        }
    }
}
