package dev.adclick.ingest.internal.dedupe;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One pipelined Redis connection and its client, bound to one event loop (or, with {@code loop}
 * null, to Lettuce's own I/O thread): connects and reconnects, flushes the commands of a loop
 * batch together, and keeps the deadlines of the checks issued on its loop.
 */
final class RedisLane {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLane.class);

    final EventLoop loop;
    private final RedisClient client;
    private final RedisURI uri;
    private final ScheduledExecutorService timer;
    private final BooleanSupplier closed;
    private final AtomicBoolean connecting = new AtomicBoolean();
    private final LoopDeadlines deadlines;
    /** A flush is queued on the loop; loop-confined. */
    private boolean flushQueued;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile RedisAsyncCommands<String, String> commands;
    /** Shared by the lanes of one deduper, so an unreachable Redis is logged once. */
    private final AtomicBoolean warnedUnreachable;

    RedisLane(EventLoop loop, RedisClient client, RedisURI uri, Duration timeout, ScheduledExecutorService timer,
              BooleanSupplier closed, AtomicBoolean warnedUnreachable, Consumer<CompletableFuture<DedupeVerdict>> expire) {
        this.warnedUnreachable = warnedUnreachable;
        this.loop = loop;
        this.client = client;
        this.uri = uri;
        this.timer = timer;
        this.closed = closed;
        this.deadlines = loop == null ? null : new LoopDeadlines(loop, timeout.toNanos(), expire);
    }

    /** The open connection's commands, or null while disconnected. */
    RedisAsyncCommands<String, String> commands() {
        StatefulRedisConnection<String, String> conn = connection;
        return conn != null && conn.isOpen() ? commands : null;
    }

    boolean isUp() {
        StatefulRedisConnection<String, String> conn = connection;
        return conn != null && conn.isOpen();
    }

    /** Whether the calling thread is this lane's event loop (never for a lane on Lettuce's own thread). */
    boolean isCurrentThread() {
        return loop != null && loop.inEventLoop();
    }

    /** On the lane's loop: the check's deadline starts when its command is flushed. */
    void issuedOnLoop(CompletableFuture<DedupeVerdict> verdict) {
        deadlines.issued(verdict);
    }

    /**
     * On the lane's loop: flushes once after the current event-loop task, so every command issued
     * until then shares one write, and starts their deadlines. Any other thread flushes at once.
     */
    void flush() {
        StatefulRedisConnection<String, String> conn = connection;
        if (conn == null) return;
        if (!isCurrentThread()) {
            conn.flushCommands();
            return;
        }
        if (flushQueued) return;
        flushQueued = true;
        loop.execute(() -> {
            flushQueued = false;
            conn.flushCommands();
            deadlines.flushed();
        });
    }

    void connect() {
        if (closed.getAsBoolean() || !connecting.compareAndSet(false, true)) return;
        client.connectAsync(StringCodec.UTF8, uri).whenComplete((conn, e) -> {
            connecting.set(false);
            if (e != null) {
                if (warnedUnreachable.compareAndSet(false, true)) {
                    LOG.warn("Redis at {}:{} unreachable ({}); layer-1 dedupe is off until it answers", uri.getHost(), uri.getPort(), e.getMessage());
                }
                if (!closed.getAsBoolean()) timer.schedule(this::connect, 1, TimeUnit.SECONDS);
                return;
            }
            if (closed.getAsBoolean()) {
                conn.closeAsync();
                return;
            }
            warnedUnreachable.set(false);
            conn.setAutoFlushCommands(false);
            commands = conn.async();
            connection = conn;
            LOG.info("Layer-1 dedupe connected to Redis at {}:{}{}", uri.getHost(), uri.getPort(),
                    loop == null ? "" : " (on event loop " + Integer.toHexString(System.identityHashCode(loop)) + ")");
        });
    }

    void close() {
        StatefulRedisConnection<String, String> conn = connection;
        if (conn != null) conn.close();
        // Shuts down only what this client started; the shared event loop stays with Vert.x.
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
