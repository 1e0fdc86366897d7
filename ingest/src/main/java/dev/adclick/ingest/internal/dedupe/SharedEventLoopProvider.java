package dev.adclick.ingest.internal.dedupe;

import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;

import java.util.concurrent.TimeUnit;

/**
 * Gives Lettuce one event loop that somebody else (Vert.x) owns: Lettuce registers its channel on
 * it and never shuts it down. A single {@link EventLoop} is an {@link EventLoopGroup} whose
 * {@code next()} is itself, so every connection of the client lands on that loop.
 */
final class SharedEventLoopProvider implements EventLoopGroupProvider {
    private final EventLoop loop;

    SharedEventLoopProvider(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends EventLoopGroup> T allocate(Class<T> type) {
        // Lettuce asks for its transport's group class (NioEventLoopGroup, EpollEventLoopGroup); the
        // caller checked that the loop runs that transport, and Lettuce only uses the result as an EventLoopGroup.
        return (T) loop;
    }

    @Override
    public int threadPoolSize() {
        return 1;
    }

    @Override
    public Future<Boolean> release(EventExecutorGroup group, long quietPeriod, long timeout, TimeUnit unit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    }

    @Override
    public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    }
}
