package dev.adclick.ingest.internal.dedupe;

import dev.adclick.ingest.internal.IngestMetrics;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.Transports;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Layer-1 dedupe on Redis: {@code SET adclick:dedupe:<click_id> 1 NX PX <ttl>}, asynchronously,
 * through Lettuce.
 *
 * <p>One pipelined connection per HTTP event loop ({@link RedisLane}), living on that event loop
 * (Lettuce is handed the Vert.x loop instead of starting I/O threads of its own): a click's
 * command is written, its reply read and its verdict acted on by the thread that answered the
 * redirect, with no thread hop. Measured under the click benchmark, Lettuce's own I/O thread cost
 * about a seventh of the server's CPU in wake-ups and hand-offs. Lettuce picks its transport by
 * itself (Linux epoll when Netty's native library loads, else NIO); the loops are shared only when
 * they run the same kind. Without event loops (tests, tools), or when the kinds differ, there is
 * one connection on Lettuce's own I/O thread.
 *
 * <p>Pipelined: auto-flush is off, and the commands issued while an event loop handles one batch
 * of requests go out in one flush, scheduled to run right after that batch; Redis then reads many
 * commands per syscall.
 *
 * <p>Fails open: while Redis is disconnected Lettuce rejects commands at once
 * ({@code REJECT_COMMANDS}, not queued), and a command Redis does not answer within the timeout
 * (a few ms) is answered {@link DedupeVerdict#UNCHECKED} by our own deadline (Lettuce's timer
 * ticks too coarsely for a few ms), kept by the loop ({@link LoopDeadlines}). Lettuce reconnects
 * by itself; until the first connection succeeds this class retries every second, so layer 1
 * resumes without a restart.
 */
public final class RedisClickDeduper implements ClickDeduper {
    private static final Logger LOG = LoggerFactory.getLogger(RedisClickDeduper.class);
    private static final String KEY_PREFIX = "adclick:dedupe:";

    /** {@code 1 NX PX <ttl>}, the constant end of every command ({@link SetNxArgs}). */
    private final byte[] setTail;
    private final long timeoutNanos;
    private final ScheduledExecutorService timer;
    private final IngestMetrics metrics;
    private final EventExecutorGroup computation = new DefaultEventExecutorGroup(1);
    private final HashedWheelTimer lettuceTimer = new HashedWheelTimer();
    private final List<RedisLane> lanes = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param eventLoops  the loops that will call {@link #check}; each gets a connection of its own
     *                    on that loop. Empty: one connection on a Lettuce I/O thread.
     * @param loopsNative whether those loops run Netty's native transport (else NIO)
     */
    public RedisClickDeduper(String redisUri, Duration ttl, Duration timeout, List<EventLoop> eventLoops, boolean loopsNative,
                             ScheduledExecutorService timer, IngestMetrics metrics) {
        RedisURI uri = RedisURI.create(redisUri);
        // Lettuce's own bound: cleans up commands stuck behind a hung server; ours (below) is the fast one.
        uri.setTimeout(Duration.ofSeconds(1));
        this.setTail = SetNxArgs.tail(ttl.toMillis());
        this.timeoutNanos = timeout.toNanos();
        this.timer = timer;
        this.metrics = metrics;
        boolean lettuceNative = Transports.socketChannelClass() != NioSocketChannel.class;
        boolean shareLoops = !eventLoops.isEmpty() && lettuceNative == loopsNative;
        if (!eventLoops.isEmpty() && !shareLoops) {
            LOG.info("Lettuce uses {}, which the {} event loops of the HTTP server cannot host; Redis I/O gets a thread of its own",
                    Transports.socketChannelClass().getSimpleName(), loopsNative ? "native" : "NIO");
        }
        AtomicBoolean warned = new AtomicBoolean();
        if (shareLoops) {
            for (EventLoop loop : eventLoops) {
                lanes.add(new RedisLane(loop, newClient(new SharedEventLoopProvider(loop)), uri, timeout, timer, () -> closed, warned, this::expire));
            }
        } else {
            lanes.add(new RedisLane(null, newClient(null), uri, timeout, timer, () -> closed, warned, this::expire));
        }
        for (RedisLane lane : lanes) lane.connect();
    }

    private RedisClient newClient(SharedEventLoopProvider loopProvider) {
        ClientResources.Builder resources = ClientResources.builder()
                .computationThreadPoolSize(1)
                .eventExecutorGroup(computation)
                .timer(lettuceTimer)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS));
        if (loopProvider != null) resources.eventLoopGroupProvider(loopProvider);
        else resources.ioThreadPoolSize(1);
        RedisClient client = RedisClient.create(resources.build());
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(65_536)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(1)))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofMillis(500)).keepAlive(true).build())
                .build());
        return client;
    }

    /** Waits up to the timeout for every connection; returns whether layer 1 is up. */
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
        RedisLane lane = currentLane();
        RedisAsyncCommands<String, String> cmd = lane.commands();
        if (cmd == null) {
            metrics.fallbackUnavailable();
            return CompletableFuture.completedFuture(DedupeVerdict.UNCHECKED);
        }
        CompletableFuture<DedupeVerdict> out = new CompletableFuture<>();
        if (lane.isCurrentThread()) {
            lane.issuedOnLoop(out);
        } else {
            // Off the lanes' loops (no shared loops): a timer task per check; rare, so its cost is fine.
            ScheduledFuture<?> expiry = timer.schedule(() -> expire(out), timeoutNanos, TimeUnit.NANOSECONDS);
            out.whenComplete((v, e) -> expiry.cancel(false));
        }
        try {
            // SET <key> 1 NX PX <ttl>: "OK" for the first, nil for a duplicate
            cmd.dispatch(CommandType.SET, new StatusOutput<>(StringCodec.UTF8), SetNxArgs.of(KEY_PREFIX + clickId, setTail)).whenComplete((reply, e) -> {
                if (e != null) {
                    if (out.complete(DedupeVerdict.UNCHECKED)) metrics.fallbackError();
                } else {
                    out.complete(reply != null ? DedupeVerdict.FIRST : DedupeVerdict.DUPLICATE);
                }
            });
            lane.flush();
        } catch (RuntimeException e) {
            if (out.complete(DedupeVerdict.UNCHECKED)) metrics.fallbackError();
        }
        return out;
    }

    /** The lane of the calling event loop; the first lane for any other thread. */
    private RedisLane currentLane() {
        for (RedisLane lane : lanes) {
            if (lane.isCurrentThread()) return lane;
        }
        return lanes.get(0);
    }

    /** {@code up} when every connection is open, else {@code down} (clicks on a down lane go unchecked). */
    @Override
    public String state() {
        for (RedisLane lane : lanes) {
            if (!lane.isUp()) return "down";
        }
        return "up";
    }

    @Override
    public void close() {
        closed = true;
        for (RedisLane lane : lanes) lane.close();
        lettuceTimer.stop();
        computation.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }

    private void expire(CompletableFuture<DedupeVerdict> out) {
        if (out.complete(DedupeVerdict.UNCHECKED)) metrics.fallbackTimeout();
    }
}
