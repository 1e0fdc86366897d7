package dev.adclick.ingest.internal.http;

import dev.adclick.core.catalog.Ad;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;

/** What the click, beacon and serve handlers read from a request and answer alike. */
final class Requests {
    static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
    static final CharSequence TEXT = HttpHeaders.createOptimized("text/plain; charset=utf-8");
    /** The 404 of a token (click or beacon) whose ad is unknown or paused. */
    static final String NOT_FOUND = "This ad does not exist or is no longer running.\n";
    private static final CharSequence X_FORWARDED_FOR = HttpHeaders.createOptimized("X-Forwarded-For");

    private Requests() {}

    /** The ad if the catalogue has it and it runs; null otherwise (answered 404 by the click and beacon paths). */
    static Ad activeAd(IngestContext ctx, String adId) {
        if (adId == null) return null;
        Ad ad = ctx.catalog().get().ad(adId).orElse(null);
        return ad != null && ad.active() ? ad : null;
    }

    /** The client address: the connection's peer, or {@code X-Forwarded-For} walked past trusted proxies. */
    static String clientIp(IngestContext ctx, HttpServerRequest req) {
        String peer = req.remoteAddress() == null ? "" : req.remoteAddress().hostAddress();
        if (ctx.proxies().isEmpty()) return peer;
        List<String> xff = req.headers().getAll(X_FORWARDED_FOR);
        return ctx.proxies().clientAddress(peer, xff);
    }

    /** A plain-text answer that no cache keeps (the 400s and 404s of the click and beacon paths). */
    static void plain(HttpServerResponse resp, int status, String text) {
        resp.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, TEXT).putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE).end(text);
    }
}
