package dev.adclick.ingest.internal.dedupe;

import dev.adclick.ingest.internal.IngestMetrics;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Layer-1 dedupe on Redis: {@code SET adclick:dedupe:<click_id> 1 NX PX <ttl>} through one
 * pipelined Lettuce connection, asynchronously.
 *
 * <p>Pipelined: auto-flush is off, and the commands issued while an event loop handles one batch
 * of requests go out in one flush, scheduled to run right after that batch; Redis then reads many
 * commands per syscall.
 *
 * <p>Fails open: while Redis is disconnected Lettuce rejects commands at once
 * ({@code REJECT_COMMANDS}, not queued), and a command that takes longer than the timeout (a few
 * ms) is answered {@link DedupeVerdict#UNCHECKED} by our own deadline sweep (Lettuce's timer ticks
 * too coarsely for a few ms). Lettuce reconnects by itself; until the first connection succeeds
 * this class retries every second, so layer 1 resumes without a restart.
 */
public final class RedisClickDeduper implements ClickDeduper {
    private static final Logger LOG = LoggerFactory.getLogger(RedisClickDeduper.class);
    private static final String KEY_PREFIX = "adclick:dedupe:";

    private final RedisClient client;
    private final ClientResources resources;
    private final RedisURI uri;
    private final SetArgs setArgs;
    private final long timeoutNanos;
    private final ScheduledExecutorService timer;
    private final IngestMetrics metrics;
    private final AtomicBoolean connecting = new AtomicBoolean();
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile RedisAsyncCommands<String, String> commands;
    private volatile boolean closed;
    private volatile boolean warnedUnreachable;
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    /** Checks in issue order; all share one timeout, so deadlines are in order too. */
    private final ConcurrentLinkedQueue<Check> deadlines = new ConcurrentLinkedQueue<>();
    private final ScheduledFuture<?> sweeper;

    private record Check(long deadlineNanos, CompletableFuture<DedupeVerdict> verdict) {}

    public RedisClickDeduper(String redisUri, Duration ttl, Duration timeout, ScheduledExecutorService timer, IngestMetrics metrics) {
        this.uri = RedisURI.create(redisUri);
        // Lettuce's own bound: cleans up commands stuck behind a hung server; ours (below) is the fast one.
        this.uri.setTimeout(Duration.ofSeconds(1));
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(1)
                .computationThreadPoolSize(1)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources);
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(65_536)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(1)))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofMillis(500)).keepAlive(true).build())
                .build());
        this.setArgs = SetArgs.Builder.nx().px(ttl.toMillis());
        this.timeoutNanos = timeout.toNanos();
        this.timer = timer;
        this.metrics = metrics;
        long sweepNanos = Math.max(200_000, Math.min(1_000_000, timeoutNanos / 4));
        this.sweeper = timer.scheduleAtFixedRate(this::expireChecks, sweepNanos, sweepNanos, TimeUnit.NANOSECONDS);
        connect();
    }

    /** Answers UNCHECKED for every check past its deadline; runs every ~1 ms on the timer thread. */
    private void expireChecks() {
        long now = System.nanoTime();
        for (Check c = deadlines.peek(); c != null; c = deadlines.peek()) {
            if (!c.verdict.isDone()) {
                if (c.deadlineNanos - now > 0) return;
                if (c.verdict.complete(DedupeVerdict.UNCHECKED)) metrics.fallbackTimeout();
            }
            deadlines.poll();
        }
    }

    private void connect() {
        if (closed || !connecting.compareAndSet(false, true)) return;
        client.connectAsync(StringCodec.UTF8, uri).whenComplete((conn, e) -> {
            connecting.set(false);
            if (e != null) {
                if (!warnedUnreachable) {
                    LOG.warn("Redis at {}:{} unreachable ({}); layer-1 dedupe is off until it answers", uri.getHost(), uri.getPort(), e.getMessage());
                    warnedUnreachable = true;
                }
                if (!closed) timer.schedule(this::connect, 1, TimeUnit.SECONDS);
                return;
            }
            if (closed) {
                conn.closeAsync();
                return;
            }
            warnedUnreachable = false;
            conn.setAutoFlushCommands(false);
            commands = conn.async();
            connection = conn;
            LOG.info("Layer-1 dedupe connected to Redis at {}:{}", uri.getHost(), uri.getPort());
        });
    }

    /** Waits up to the timeout for the first connection; returns whether layer 1 is up. */
    public boolean awaitConnected(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!"up".equals(state()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return "up".equals(state());
    }

    @Override
    public CompletionStage<DedupeVerdict> check(String clickId) {
        RedisAsyncCommands<String, String> cmd = commands;
        StatefulRedisConnection<String, String> conn = connection;
        if (cmd == null || conn == null || !conn.isOpen()) {
            metrics.fallbackUnavailable();
            return CompletableFuture.completedFuture(DedupeVerdict.UNCHECKED);
        }
        CompletableFuture<DedupeVerdict> out = new CompletableFuture<>();
        deadlines.add(new Check(System.nanoTime() + timeoutNanos, out));
        try {
            cmd.set(KEY_PREFIX + clickId, "1", setArgs).whenComplete((reply, e) -> {
                if (e != null) {
                    if (out.complete(DedupeVerdict.UNCHECKED)) metrics.fallbackError();
                } else {
                    out.complete(reply != null ? DedupeVerdict.FIRST : DedupeVerdict.DUPLICATE);
                }
            });
            scheduleFlush(conn);
        } catch (RuntimeException e) {
            if (out.complete(DedupeVerdict.UNCHECKED)) metrics.fallbackError();
        }
        return out;
    }

    /**
     * Flushes once after the current event-loop task: every command issued until then shares the
     * flush. Off an event loop (tests, tools) it flushes at once. The flag is cleared before the
     * flush, so a command issued concurrently is either in this flush or schedules the next one.
     */
    private void scheduleFlush(StatefulRedisConnection<String, String> conn) {
        if (!flushScheduled.compareAndSet(false, true)) return;
        Runnable flush = () -> {
            flushScheduled.set(false);
            conn.flushCommands();
        };
        Context ctx = Vertx.currentContext();
        if (ctx != null && Context.isOnEventLoopThread()) ctx.runOnContext(v -> flush.run());
        else flush.run();
    }

    @Override
    public String state() {
        StatefulRedisConnection<String, String> conn = connection;
        return conn != null && conn.isOpen() ? "up" : "down";
    }

    @Override
    public void close() {
        closed = true;
        sweeper.cancel(false);
        StatefulRedisConnection<String, String> conn = connection;
        if (conn != null) conn.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
