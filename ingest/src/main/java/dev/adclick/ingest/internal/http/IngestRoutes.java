package dev.adclick.ingest.internal.http;

import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.ingest.token.TokenRejection;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest HTTP API (docs/architecture.md, Contracts, ingest HTTP): a Vert.x router, behind a direct path for the token click
 * and the beacon.
 */
public final class IngestRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(IngestRoutes.class);

    private static final String CLICK_PREFIX = "/c/";
    private static final String BEACON_PREFIX = "/i/";

    private IngestRoutes() {}

    /**
     * The request handler of the HTTP server. {@code GET /c/{token}} and {@code GET /i/{token}} with a
     * plain token, nearly all the traffic, go straight to their handlers: the router's per-request
     * routing context and path-pattern matching cost about a twentieth of the server's CPU in the click
     * benchmark. Everything else, including a token with %-escapes (which the router decodes), takes the router.
     */
    public static Handler<HttpServerRequest> requestHandler(Vertx vertx, IngestContext ctx) {
        ClickHandlers clicks = new ClickHandlers(ctx);
        BeaconHandler beacons = new BeaconHandler(ctx);
        Router router = router(vertx, ctx, clicks, beacons);
        return req -> {
            String click = plainToken(req, CLICK_PREFIX);
            String beacon = click == null ? plainToken(req, BEACON_PREFIX) : null;
            if (click == null && beacon == null) {
                router.handle(req);
                return;
            }
            try {
                if (click != null) clicks.tokenClick(req, click); else beacons.beacon(req, beacon);
            } catch (RuntimeException e) { // what the router's 500 handler would do
                LOG.error("Request GET {} failed", req.path(), e);
                if (!req.response().ended()) {
                    req.response().setStatusCode(500).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end("Internal error.\n");
                }
            }
        };
    }

    /** The token of a {@code GET <prefix><token>} whose token has no '/' or '%'; null for anything else. */
    static String plainToken(HttpServerRequest req, String prefix) {
        if (req.method() != HttpMethod.GET) return null;
        String path = req.path();
        if (path == null || !path.startsWith(prefix) || path.length() == prefix.length()) return null;
        for (int i = prefix.length(); i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '/' || c == '%') return null;
        }
        return path.substring(prefix.length());
    }

    static Router router(Vertx vertx, IngestContext ctx, ClickHandlers clicks, BeaconHandler beacons) {
        Router router = Router.router(vertx);
        AdServeHandler serve = new AdServeHandler(ctx);
        router.get("/c/:token").handler(rc -> clicks.tokenClick(rc.request(), rc.pathParam("token")));
        router.get("/c/*").handler(clicks::malformedClick);
        router.get("/i/:token").handler(rc -> beacons.beacon(rc.request(), rc.pathParam("token")));
        router.get("/i/*").handler(rc -> beacons.malformed(rc.request()));
        router.get("/ads/serve").handler(serve::serve);
        router.get("/ads/:adId/click").handler(clicks::classicClick);
        router.get("/healthz").handler(rc -> rc.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(ctx.health().get().encodePrettily()));
        router.get("/metrics").handler(rc -> vertx.executeBlocking(() -> ctx.metrics().registry().scrape())
                .onSuccess(text -> rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8").end(text))
                .onFailure(rc::fail));
        // A request Vert.x itself refuses (e.g. a broken %-escape in a token) is still a rejected click or beacon.
        router.errorHandler(400, rc -> {
            String path = rc.request().path();
            if (path != null && path.startsWith(CLICK_PREFIX)) ctx.metrics().rejected(TokenRejection.MALFORMED);
            if (path != null && path.startsWith(BEACON_PREFIX)) ctx.metrics().impressionRejected(ImpressionKind.RENDERED);
            plain(rc, 400, "Bad request.\n");
        });
        router.errorHandler(500, rc -> {
            LOG.error("Request {} {} failed", rc.request().method(), rc.request().path(), rc.failure());
            plain(rc, 500, "Internal error.\n");
        });
        return router;
    }

    private static void plain(RoutingContext rc, int status, String text) {
        if (rc.response().ended()) return;
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(text);
    }
}
