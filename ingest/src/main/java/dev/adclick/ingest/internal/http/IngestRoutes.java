package dev.adclick.ingest.internal.http;

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
 * The ingest HTTP API (docs/architecture.md, Contracts, ingest HTTP): a Vert.x router, behind a direct path for the token click.
 */
public final class IngestRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(IngestRoutes.class);

    private static final String CLICK_PREFIX = "/c/";

    private IngestRoutes() {}

    /**
     * The request handler of the HTTP server. {@code GET /c/{token}} with a plain token, nearly all
     * the traffic, goes straight to its handler: the router's per-request routing context and
     * path-pattern matching cost about a twentieth of the server's CPU in the click benchmark.
     * Everything else, including a token with %-escapes (which the router decodes), takes the router.
     */
    public static Handler<HttpServerRequest> requestHandler(Vertx vertx, IngestContext ctx) {
        ClickHandlers clicks = new ClickHandlers(ctx);
        Router router = router(vertx, ctx, clicks);
        return req -> {
            String token = plainToken(req);
            if (token == null) {
                router.handle(req);
                return;
            }
            try {
                clicks.tokenClick(req, token);
            } catch (RuntimeException e) { // what the router's 500 handler would do
                LOG.error("Request GET {} failed", req.path(), e);
                if (!req.response().ended()) {
                    req.response().setStatusCode(500).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end("Internal error.\n");
                }
            }
        };
    }

    /** The token of a {@code GET /c/<token>} whose token has no '/' or '%'; null for anything else. */
    static String plainToken(HttpServerRequest req) {
        if (req.method() != HttpMethod.GET) return null;
        String path = req.path();
        if (path == null || !path.startsWith(CLICK_PREFIX) || path.length() == CLICK_PREFIX.length()) return null;
        for (int i = CLICK_PREFIX.length(); i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '/' || c == '%') return null;
        }
        return path.substring(CLICK_PREFIX.length());
    }

    static Router router(Vertx vertx, IngestContext ctx, ClickHandlers clicks) {
        Router router = Router.router(vertx);
        AdServeHandler serve = new AdServeHandler(ctx);
        router.get("/c/:token").handler(rc -> clicks.tokenClick(rc.request(), rc.pathParam("token")));
        router.get("/c/*").handler(clicks::malformedClick);
        router.get("/ads/serve").handler(serve::serve);
        router.get("/ads/:adId/click").handler(clicks::classicClick);
        router.get("/healthz").handler(rc -> rc.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(ctx.health().get().encodePrettily()));
        router.get("/metrics").handler(rc -> vertx.executeBlocking(() -> ctx.metrics().registry().scrape())
                .onSuccess(text -> rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8").end(text))
                .onFailure(rc::fail));
        // A request Vert.x itself refuses (e.g. a broken %-escape in a token) is still a rejected click.
        router.errorHandler(400, rc -> {
            if (rc.request().path() != null && rc.request().path().startsWith("/c/")) ctx.metrics().rejected(TokenRejection.MALFORMED);
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
