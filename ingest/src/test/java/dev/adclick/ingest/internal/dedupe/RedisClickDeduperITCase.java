package dev.adclick.ingest.internal.dedupe;

import dev.adclick.embedded.EmbeddedRedis;
import dev.adclick.ingest.internal.IngestMetrics;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisClickDeduper} on real Vert.x event loops and a real redis-server: a late
 * event loop must not turn a prompt Redis answer into a timeout (issue 14 §1).
 */
class RedisClickDeduperITCase {
    private static final Duration TIMEOUT = Duration.ofMillis(5);
    /** Longer than the timeout: the loop is busy (a big batch, or descheduled) right after issuing the checks. */
    private static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(12);
    private static final int CHECKS = 40;

    @TempDir
    Path tmp;
    private EmbeddedRedis redis;
    private Vertx vertx;
    private ScheduledThreadPoolExecutor timer;
    private IngestMetrics metrics;
    private RedisClickDeduper deduper;
    private EventLoop loop;

    @BeforeEach
    void start() throws Exception {
        redis = new EmbeddedRedis(tmp.resolve("redis"), 0).start();
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor e : ((VertxInternal) vertx).nettyEventLoopGroup()) loops.add((EventLoop) e);
        loop = loops.get(0);
        timer = new ScheduledThreadPoolExecutor(1);
        metrics = new IngestMetrics();
        deduper = new RedisClickDeduper(redis.uri(), Duration.ofMinutes(5), TIMEOUT, loops, vertx.isNativeTransportEnabled(), timer, metrics);
        assertThat(deduper.awaitConnected(Duration.ofSeconds(5))).isTrue();
    }

    @AfterEach
    void stop() throws Exception {
        if (deduper != null) deduper.close();
        if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (timer != null) timer.shutdownNow();
        if (redis != null) redis.close();
    }

    @Test
    void aLoopBusyAfterIssuingChecksDoesNotTimeThemOut() throws Exception {
        for (int i = 0; i < 5; i++) assertThat(stalledRound("warm-" + i)).containsOnly(DedupeVerdict.FIRST);
        double timeoutsBefore = timeouts();

        List<DedupeVerdict> first = stalledRound("click");
        List<DedupeVerdict> repeat = stalledRound("click");

        assertThat(timeouts() - timeoutsBefore).as("checks timed out though Redis answered at once").isZero();
        assertThat(first).hasSize(CHECKS).containsOnly(DedupeVerdict.FIRST);
        assertThat(repeat).hasSize(CHECKS).containsOnly(DedupeVerdict.DUPLICATE);
    }

    @Test
    void aHungRedisStillTimesOut() throws Exception {
        try (var admin = io.lettuce.core.RedisClient.create(redis.uri()); var conn = admin.connect()) {
            conn.sync().clientPause(1_000);
            List<DedupeVerdict> verdicts = stalledRound("hung");
            assertThat(verdicts).hasSize(CHECKS).containsOnly(DedupeVerdict.UNCHECKED);
            // the counter is incremented right after the verdict is completed, on the loop
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (timeouts() < CHECKS && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(timeouts()).isEqualTo(CHECKS);
        }
    }

    /** Issues the checks in one loop task that then keeps the loop busy for longer than the timeout. */
    private List<DedupeVerdict> stalledRound(String prefix) throws Exception {
        CompletableFuture<List<CompletableFuture<DedupeVerdict>>> issued = new CompletableFuture<>();
        loop.execute(() -> {
            List<CompletableFuture<DedupeVerdict>> out = new ArrayList<>();
            for (int i = 0; i < CHECKS; i++) out.add(deduper.check(prefix + "-" + i).toCompletableFuture());
            long until = System.nanoTime() + STALL_NANOS;
            while (System.nanoTime() < until) LockSupport.parkNanos(until - System.nanoTime());
            issued.complete(out);
        });
        List<DedupeVerdict> verdicts = new ArrayList<>();
        for (CompletableFuture<DedupeVerdict> f : issued.get(10, TimeUnit.SECONDS)) verdicts.add(f.get(10, TimeUnit.SECONDS));
        return verdicts;
    }

    private double timeouts() {
        return metrics.registry().get("adclick.dedupe.fallbacks").tag("reason", "timeout").counter().count();
    }
}
