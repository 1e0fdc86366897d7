package dev.adclick.query.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The route pattern a request is counted under in the service's metrics ({@code /api/v1/ads/:ad_id/clicks}, never the raw
 * path: one series per endpoint, whatever the ad ids). Endpoints tag the request before any check runs, so a refused request
 * (401, 403, 400) is still counted under its endpoint; requests no endpoint took (unknown API paths) are {@link #OTHER}.
 */
public final class RouteLabel {
    public static final String OTHER = "other";
    private static final String KEY = "adclick.route";

    private RouteLabel() {}

    /** A handler that labels the request with {@code pattern} and passes it on. */
    public static Handler<RoutingContext> tag(String pattern) {
        return ctx -> {
            ctx.put(KEY, pattern);
            ctx.next();
        };
    }

    /** The request's label, {@link #OTHER} if no endpoint tagged it. */
    public static String of(RoutingContext ctx) {
        String label = ctx.get(KEY);
        return label == null ? OTHER : label;
    }
}
