package dev.adclick.query.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;

/** Writes JSON answers and formats the values every answer shares (times, errors). */
public final class JsonResponses {
    private JsonResponses() {}

    public static void ok(RoutingContext ctx, JsonObject body) {
        send(ctx, 200, body);
    }

    public static void error(RoutingContext ctx, int status, String message) {
        send(ctx, status, new JsonObject().put("error", message));
    }

    public static void send(RoutingContext ctx, int status, JsonObject body) {
        send(ctx, status, Buffer.buffer(body.encode()));
    }

    /** A body already written as JSON bytes (a long series: api/SeriesJson). */
    public static void ok(RoutingContext ctx, Buffer json) {
        send(ctx, 200, json);
    }

    private static void send(RoutingContext ctx, int status, Buffer json) {
        HttpServerResponse r = ctx.response();
        if (r.ended() || r.closed()) return;
        // counts change every few seconds: a cached answer would be a wrong answer
        r.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(json);
    }

    /** ISO-8601 UTC, e.g. {@code 2026-11-27T10:00:00Z}. */
    public static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
