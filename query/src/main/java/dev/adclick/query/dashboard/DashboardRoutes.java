package dev.adclick.query.dashboard;

import dev.adclick.query.http.RouteLabel;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Serves the single-page dashboard and its vendored assets from the classpath ({@code dashboard/}).
 * No key is needed for the page: it asks for one and sends it only to {@code /api/v1}.
 */
public final class DashboardRoutes {
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
            + " frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private DashboardRoutes() {}

    /** The metrics label of the page and its assets: one series for all of them. */
    static final String ROUTE = "/*";

    public static void mount(Router router) {
        router.get(ROUTE).handler(RouteLabel.tag(ROUTE)).handler(ctx -> {
            // the page handles an API key: no framing, no inline script, no sniffing
            ctx.response()
                    .putHeader("Content-Security-Policy", CSP)
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer");
            ctx.next();
        });
        router.get(ROUTE).handler(StaticHandler.create("dashboard").setIndexPage("index.html").setMaxAgeSeconds(60));
    }
}
