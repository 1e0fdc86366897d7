package dev.adclick.ingest.internal.http;

import dev.adclick.core.count.CountKey;
import dev.adclick.core.catalog.Ad;
import dev.adclick.core.click.Click;
import dev.adclick.ingest.internal.ClickHasher;
import dev.adclick.ingest.token.ClickToken;
import dev.adclick.ingest.token.TokenCheck;
import dev.adclick.ingest.token.TokenRejection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The click endpoints. The 302 is written before anything else happens to the click: dedupe and
 * publishing run afterwards, off the response path, so neither Redis nor Kafka nor the disk can
 * slow a redirect. The target is always the catalogue's landing URL, never anything from the request.
 */
final class ClickHandlers {
    private final IngestContext ctx;

    ClickHandlers(IngestContext ctx) {
        this.ctx = ctx;
    }

    /** {@code GET /c/{token}}: a click on a served ad. */
    void tokenClick(HttpServerRequest req, String token) {
        long now = ctx.clock().millis();
        TokenCheck check = ctx.tokens().verify(token);
        if (!check.isValid()) {
            reject(req.response(), check.rejection());
            return;
        }
        ClickToken t = check.token();
        Ad ad = Requests.activeAd(ctx, t.adId());
        if (ad == null) {
            notFound(req.response());
            return;
        }
        redirect(req.response(), ad);
        String ip = Requests.clientIp(ctx, req);
        String ua = req.getHeader(HttpHeaders.USER_AGENT);
        ctx.pipeline().submit(new Click(ClickHasher.verifiedClickId(t.impressionId()), ad.id(), t.impressionId(), now,
                ctx.hasher().ipHash(ip), ctx.hasher().uaHash(ua), true,
                t.placement(), ctx.dimensions().country(ip), ctx.dimensions().device(ua)));
    }

    /** {@code GET /c/<anything else>}: not a token (e.g. extra path segments). */
    void malformedClick(RoutingContext rc) {
        reject(rc.response(), TokenRejection.MALFORMED);
    }

    /** {@code GET /ads/{ad_id}/click}: a classic link without a token; counted unverified. */
    void classicClick(RoutingContext rc) {
        long now = ctx.clock().millis();
        Ad ad = Requests.activeAd(ctx, rc.pathParam("adId"));
        if (ad == null) {
            notFound(rc.response());
            return;
        }
        redirect(rc.response(), ad);
        HttpServerRequest req = rc.request();
        String ip = Requests.clientIp(ctx, req);
        String ua = req.getHeader(HttpHeaders.USER_AGENT);
        long minute = CountKey.minuteOf(now);
        String clickId = ctx.hasher().fingerprintClickId(ad.id(), minute, ip, ua, req.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        // No token, so no placement: counted under unknown.
        ctx.pipeline().submit(new Click(clickId, ad.id(), null, now, ctx.hasher().ipHash(ip), ctx.hasher().uaHash(ua), false,
                null, ctx.dimensions().country(ip), ctx.dimensions().device(ua)));
    }

    private static void redirect(HttpServerResponse resp, Ad ad) {
        resp.setStatusCode(302)
                .putHeader(HttpHeaders.LOCATION, ad.landingUrl())
                .putHeader(HttpHeaders.CACHE_CONTROL, Requests.NO_STORE)
                .end();
    }

    private void reject(HttpServerResponse resp, TokenRejection reason) {
        ctx.metrics().rejected(reason);
        Requests.plain(resp, 400, "Invalid click link (" + reason.label() + ").\n");
    }

    private void notFound(HttpServerResponse resp) {
        ctx.metrics().notFound();
        Requests.plain(resp, 404, Requests.NOT_FOUND);
    }
}
