package dev.adclick.ingest.internal.dedupe;

import java.util.concurrent.CompletionStage;

/** Layer-1 dedupe (docs/architecture.md, Counting semantics): best effort, and it must fail open. */
public interface ClickDeduper extends AutoCloseable {
    /**
     * Remembers the click id and says whether it was new. Never blocks; the stage completes within
     * the configured timeout, with {@link DedupeVerdict#UNCHECKED} if the backend could not answer.
     */
    CompletionStage<DedupeVerdict> check(String clickId);

    /** {@code up}, {@code down} or {@code off}, for /healthz. */
    String state();

    @Override
    void close();

    /** Layer 1 turned off: every click is published unchecked. */
    static ClickDeduper off() {
        return new ClickDeduper() {
            private final CompletionStage<DedupeVerdict> unchecked = java.util.concurrent.CompletableFuture.completedFuture(DedupeVerdict.UNCHECKED);

            @Override
            public CompletionStage<DedupeVerdict> check(String clickId) {
                return unchecked;
            }

            @Override
            public String state() {
                return "off";
            }

            @Override
            public void close() {}
        };
    }
}
