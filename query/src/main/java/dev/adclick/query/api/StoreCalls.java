package dev.adclick.query.api;

import dev.adclick.store.ClickStore;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;

/** Runs blocking store calls on the worker pool, never on the event loop, unordered so they overlap. */
public final class StoreCalls {
    private final ClickStore store;
    private final WorkerExecutor workers;

    public StoreCalls(ClickStore store, WorkerExecutor workers) {
        this.store = store;
        this.workers = workers;
    }

    /** One unit of blocking work against the store. */
    @FunctionalInterface
    public interface StoreCall<T> {
        T apply(ClickStore store) throws Exception;
    }

    public <T> Future<T> call(StoreCall<T> call) {
        return workers.executeBlocking(() -> call.apply(store), false);
    }
}
