package dev.adclick.query.auth;

import dev.adclick.core.catalog.AdCatalogHolder;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Re-reads the catalogue file periodically on a worker thread (file I/O must not run on the event
 * loop), so API keys can be added or revoked without restarting the server.
 */
public final class CatalogRefresher implements AutoCloseable {
    private final Vertx vertx;
    private final long timerId;
    private final AtomicBoolean running = new AtomicBoolean();

    public CatalogRefresher(Vertx vertx, WorkerExecutor workers, AdCatalogHolder holder, Duration interval) {
        this.vertx = vertx;
        this.timerId = vertx.setPeriodic(interval.toMillis(), id -> {
            // a slow disk must not pile up reloads: skip a tick while one is still running
            if (!running.compareAndSet(false, true)) return;
            workers.executeBlocking(holder::reloadIfChanged, false).onComplete(r -> running.set(false));
        });
    }

    @Override
    public void close() {
        vertx.cancelTimer(timerId);
    }
}
