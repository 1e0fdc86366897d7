package dev.adclick.query.api;

import io.vertx.core.json.JsonObject;

import static dev.adclick.query.http.JsonResponses.iso;

/** A validated query range {@code [from, to)} in epoch ms UTC; {@code from == to} is empty. */
public record TimeRange(long from, long to) {
    public TimeRange {
        if (from > to) throw new IllegalArgumentException("from after to: " + from + " > " + to);
    }

    public long millis() {
        return to - from;
    }

    /** Adds {@code "from"} and {@code "to"} as ISO-8601 UTC to an answer. */
    public JsonObject putInto(JsonObject json) {
        return json.put("from", iso(from)).put("to", iso(to));
    }
}
