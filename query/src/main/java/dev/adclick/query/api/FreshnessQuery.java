package dev.adclick.query.api;

import dev.adclick.query.http.JsonResponses;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Duration;

/** {@code /freshness}: event → visible and the watermark's lag, see {@link Freshness}. */
final class FreshnessQuery {
    private final StoreCalls store;
    private final Duration statusMaxAge;
    private final Clock clock;

    FreshnessQuery(StoreCalls store, Duration statusMaxAge, Clock clock) {
        this.store = store;
        this.statusMaxAge = statusMaxAge;
        this.clock = clock;
    }

    void handle(RoutingContext ctx) {
        store.call(s -> s.status(statusMaxAge.toMillis()))
                .onSuccess(status -> JsonResponses.ok(ctx, Freshness.of(status, clock.millis()).toJson()))
                .onFailure(ctx::fail);
    }
}
