package dev.adclick.ingest.internal.http;

import dev.adclick.core.catalog.Ad;
import dev.adclick.core.impression.Impression;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.ingest.token.ClickToken;
import dev.adclick.ingest.token.TokenCheck;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.Base64;

/**
 * {@code GET /i/{token}}: the impression beacon a page loads when the ad renders. Like the click
 * path it answers first (a 1×1 transparent GIF) and then dedupes and spools the {@code rendered}
 * event, so neither Redis nor Kafka nor the disk is on the response path. The token is the click
 * token of the serve (the same HMAC), so a forged or expired beacon publishes nothing.
 */
final class BeaconHandler {
    /** A transparent 1×1 GIF (GIF89a, a graphic-control block marking its one colour transparent): 42 bytes, the usual tracking pixel. */
    static final byte[] GIF = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    private static final CharSequence IMAGE_GIF = HttpHeaders.createOptimized("image/gif");
    private static final CharSequence PRAGMA = HttpHeaders.createOptimized("Pragma");
    private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
    private static final CharSequence CORP = HttpHeaders.createOptimized("Cross-Origin-Resource-Policy");
    private static final CharSequence CROSS_ORIGIN = HttpHeaders.createOptimized("cross-origin");

    private final IngestContext ctx;

    BeaconHandler(IngestContext ctx) {
        this.ctx = ctx;
    }

    /** A beacon with a token; the answer is the same for a first load and a repeat. */
    void beacon(HttpServerRequest req, String token) {
        long now = ctx.clock().millis();
        TokenCheck check = ctx.tokens().verify(token);
        if (!check.isValid()) {
            reject(req.response(), check.rejection().label());
            return;
        }
        ClickToken t = check.token();
        Ad ad = Requests.activeAd(ctx, t.adId());
        if (ad == null) { // as on the click path: a paused ad counts nothing more
            ctx.metrics().impressionNotFound();
            Requests.plain(req.response(), 404, Requests.NOT_FOUND);
            return;
        }
        // No cache may keep it (each render must reach us), no cookie is set, and pages of any origin may embed it.
        req.response().putHeader(HttpHeaders.CONTENT_TYPE, IMAGE_GIF)
                .putHeader(HttpHeaders.CACHE_CONTROL, Requests.NO_STORE)
                .putHeader(PRAGMA, NO_CACHE)
                .putHeader(CORP, CROSS_ORIGIN)
                .end(Buffer.buffer(GIF)); // a buffer per answer: the one written is Netty's until it is flushed
        String ip = Requests.clientIp(ctx, req);
        String ua = req.getHeader(HttpHeaders.USER_AGENT);
        ctx.pipeline().submitRendered(new Impression(t.impressionId(), ad.id(), ImpressionKind.RENDERED, now, t.placement(),
                ctx.dimensions().country(ip), ctx.dimensions().device(ua), ctx.hasher().ipHash(ip), ctx.hasher().uaHash(ua)));
    }

    /** {@code GET /i/<anything else>}: not a token. */
    void malformed(HttpServerRequest req) {
        reject(req.response(), "malformed");
    }

    private void reject(HttpServerResponse resp, String reason) {
        ctx.metrics().impressionRejected(ImpressionKind.RENDERED);
        Requests.plain(resp, 400, "Invalid impression link (" + reason + ").\n");
    }
}
