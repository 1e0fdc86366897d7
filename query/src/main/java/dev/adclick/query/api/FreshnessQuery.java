package dev.adclick.query.api;

import dev.adclick.query.http.JsonResponses;
import dev.adclick.store.PipelineStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static dev.adclick.query.http.JsonResponses.iso;

/** {@code /freshness}: the aggregator's watermark and how far it trails the wall clock. */
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
                .onSuccess(status -> JsonResponses.ok(ctx, toJson(status, clock.millis())))
                .onFailure(ctx::fail);
    }

    static JsonObject toJson(Optional<PipelineStatus> status, long now) {
        JsonObject json = new JsonObject();
        // before its first watermark Flink reports Long.MIN_VALUE: that is "no watermark yet"
        Optional<PipelineStatus> known = status.filter(s -> s.watermark() > 0);
        json.put("watermark", known.map(s -> iso(s.watermark())).orElse(null));
        json.put("lag_ms", known.map(s -> Math.max(0, now - s.watermark())).orElse(null));
        json.put("updated_at", status.map(s -> iso(s.updatedAt())).orElse(null));
        return json;
    }
}
