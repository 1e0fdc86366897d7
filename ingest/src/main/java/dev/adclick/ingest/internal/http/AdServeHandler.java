package dev.adclick.ingest.internal.http;

import dev.adclick.core.catalog.Ad;
import dev.adclick.ingest.token.ClickTokens;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** {@code GET /ads/serve?placement=P}: picks an active ad at random and signs its click URL. */
final class AdServeHandler {
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private final IngestContext ctx;
    private final PlacementIndex index = new PlacementIndex();

    AdServeHandler(IngestContext ctx) {
        this.ctx = ctx;
    }

    void serve(RoutingContext rc) {
        String placement = rc.request().getParam("placement");
        if (placement == null || placement.isBlank()) {
            error(rc, 400, "the query parameter placement is required");
            return;
        }
        List<Ad> ads = index.activeAds(ctx.catalog().get(), placement);
        if (ads.isEmpty()) {
            error(rc, 404, "no active ad for this placement");
            return;
        }
        Ad ad = ads.get(ThreadLocalRandom.current().nextInt(ads.size()));
        String impressionId = ClickTokens.newImpressionId();
        String token = ctx.tokens().mint(ad.id(), impressionId, ctx.clock().millis());
        ctx.metrics().served();
        JsonObject body = new JsonObject()
                .put("ad_id", ad.id())
                .put("title", ad.title())
                .put("click_url", "/c/" + token)
                .put("impression_id", impressionId);
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body.encode());
    }

    private static void error(RoutingContext rc, int status, String message) {
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .end(new JsonObject().put("error", message).encode());
    }
}
