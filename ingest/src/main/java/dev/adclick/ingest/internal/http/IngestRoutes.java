package dev.adclick.ingest.internal.http;

import dev.adclick.ingest.token.TokenRejection;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ingest HTTP API (DESIGN §3.1) as a Vert.x router. */
public final class IngestRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(IngestRoutes.class);

    private IngestRoutes() {}

    public static Router router(Vertx vertx, IngestContext ctx) {
        Router router = Router.router(vertx);
        ClickHandlers clicks = new ClickHandlers(ctx);
        AdServeHandler serve = new AdServeHandler(ctx);
        router.get("/c/:token").handler(clicks::tokenClick);
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
