package dev.adclick.ingest.internal.http;

import dev.adclick.core.catalog.Ad;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.ingest.token.ClickTokens;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code GET /ads/serve?placement=P}: picks an active ad at random, signs its token (click URL
 * {@code /c/{token}}, beacon {@code /i/{token}}) and, once the answer is written, spools the
 * {@code served} impression, as the click path does: the serve never waits for the disk or Kafka.
 */
final class AdServeHandler {
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private final IngestContext ctx;

    AdServeHandler(IngestContext ctx) {
        this.ctx = ctx;
    }

    void serve(RoutingContext rc) {
        String placement = rc.request().getParam("placement");
        if (placement == null || placement.isBlank()) {
            error(rc, 400, "the query parameter placement is required");
            return;
        }
        List<Ad> ads = ctx.catalog().get().activeAdsFor(placement);
        if (ads.isEmpty()) {
            error(rc, 404, "no active ad for this placement");
            return;
        }
        Ad ad = ads.get(ThreadLocalRandom.current().nextInt(ads.size()));
        String impressionId = ClickTokens.newImpressionId();
        long now = ctx.clock().millis();
        // Only catalogue placements get here (they have an ad); one too long for a token is served without it.
        String tokenPlacement = placement.getBytes(StandardCharsets.UTF_8).length <= ClickTokens.MAX_PLACEMENT_BYTES ? placement : null;
        String token = ctx.tokens().mint(ad.id(), impressionId, now, tokenPlacement);
        ctx.metrics().served();
        JsonObject body = new JsonObject()
                .put("ad_id", ad.id())
                .put("title", ad.title())
                .put("click_url", ctx.urlBase() + "/c/" + token)
                .put("impression_url", ctx.urlBase() + "/i/" + token)
                .put("impression_id", impressionId);
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).putHeader(HttpHeaders.CACHE_CONTROL, Requests.NO_STORE).end(body.encode());
        HttpServerRequest req = rc.request();
        String ip = Requests.clientIp(ctx, req);
        String ua = req.getHeader(HttpHeaders.USER_AGENT);
        ctx.pipeline().spoolServed(new Impression(impressionId, ad.id(), ImpressionKind.SERVED, now, tokenPlacement,
                ctx.dimensions().country(ip), ctx.dimensions().device(ua), ctx.hasher().ipHash(ip), ctx.hasher().uaHash(ua)));
    }

    private static void error(RoutingContext rc, int status, String message) {
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .end(new JsonObject().put("error", message).encode());
    }
}
