package dev.adclick.cluster.process;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Starting the cluster's parts side by side: each start on a daemon thread of its own (a start
 * blocks until its process answers, and the parts wait on different things), joined by the caller.
 */
public final class StartSteps {
    private StartSteps() {}

    /** One part's start; it may block and throw. */
    public interface Step<T> {
        T run() throws Exception;
    }

    /** Runs the step on its own daemon thread; the future holds its result or its failure. */
    public static <T> CompletableFuture<T> async(Step<T> step) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(step.run());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "cluster-start");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** The result, or null if the step failed (the caller reports the first failure and closes what did start). */
    public static <T> T getQuietly(CompletableFuture<T> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            return null;
        }
    }
}
