package dev.adclick.query.api;

import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.query.auth.AdminKey;
import dev.adclick.query.auth.ApiKeyAuthHandler;
import dev.adclick.query.http.ApiException;
import dev.adclick.query.http.ApiFailureHandler;
import dev.adclick.query.http.RouteLabel;
import dev.adclick.query.ingest.IngestMetricsScraper;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Mounts the JSON API (docs/architecture.md, Contracts, query API) on a router: the OpenAPI document without a key, everything
 * under {@code /api/v1} behind the API key check, and JSON answers for unknown routes and failures.
 */
public final class ApiRoutes {
    public static final String OPENAPI_PATH = "/api/openapi.json";
    private static final String OPENAPI_RESOURCE = "/openapi/openapi.json";

    private ApiRoutes() {}

    /** What the endpoints need; built once by the server. */
    public record Services(QueryParams params, StoreCalls store, Supplier<AdCatalog> catalog, AdminKey adminKey,
                           IngestMetricsScraper scraper, Duration statusMaxAge, Clock clock,
                           Path reconcileReportsDir, WorkerExecutor workers) {}

    /** One endpoint: its method, route pattern (also its metrics label) and handlers. */
    private record Endpoint(HttpMethod method, String path, List<Handler<RoutingContext>> handlers) {
        static Endpoint get(String path, Handler<RoutingContext> handler) {
            return new Endpoint(HttpMethod.GET, path, List.of(handler));
        }
    }

    public static void mount(Router router, Services s) {
        Buffer openApi = openApiDocument();
        router.get(OPENAPI_PATH).handler(RouteLabel.tag(OPENAPI_PATH)).handler(ctx -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .end(openApi));

        List<Endpoint> endpoints = endpoints(s);
        // labelled before the key check, so refused requests count under their endpoint too
        for (Endpoint e : endpoints) router.route(e.method(), e.path()).handler(RouteLabel.tag(e.path()));
        router.route("/api/v1/*").handler(new ApiKeyAuthHandler(s.adminKey(), s.catalog()));
        for (Endpoint e : endpoints) {
            Route route = router.route(e.method(), e.path());
            e.handlers().forEach(route::handler);
        }

        router.route("/api/*").handler(ctx -> {
            if (ctx.request().method() != HttpMethod.GET) {
                throw new ApiException(405, "This endpoint does not answer " + ctx.request().method() + " requests.");
            }
            throw ApiException.notFound("There is no such API endpoint: " + ctx.request().path());
        });
        router.route("/api/*").failureHandler(new ApiFailureHandler());
    }

    private static List<Endpoint> endpoints(Services s) {
        AdQueries ads = new AdQueries(s.params(), s.store(), s.catalog());
        TopAdsQuery top = new TopAdsQuery(s.params(), s.store(), s.catalog());
        List<Endpoint> out = new ArrayList<>(List.of(
                Endpoint.get("/api/v1/ads/top", top::handle),
                Endpoint.get("/api/v1/ads/:ad_id/clicks", ads::clicks),
                Endpoint.get("/api/v1/ads/:ad_id/totals", ads::totals),
                Endpoint.get("/api/v1/ads/:ad_id/breakdown", ads::breakdown),
                Endpoint.get("/api/v1/advertisers/:id/summary", new AdvertiserSummaryQuery(s.params(), s.store(), s.catalog())::handle),
                Endpoint.get("/api/v1/freshness", new FreshnessQuery(s.store(), s.statusMaxAge(), s.clock())::handle),
                Endpoint.get("/api/v1/stats", new StatsQuery(s.params(), s.store(), s.catalog(), s.scraper(), s.statusMaxAge())::handle),
                Endpoint.get("/api/v1/me", new MeQuery(s.params(), s.catalog())::handle),
                Endpoint.get("/api/v1/reconciliation/latest",
                        new ReconciliationQuery(s.reconcileReportsDir(), s.workers(), s.catalog())::handle)));
        admin(out, "/api/v1/admin/rows", new AdminRowEndpoint<>(AdminRows.TABLE, s.params(), s.store()));
        admin(out, "/api/v1/admin/reach", new AdminRowEndpoint<>(AdminReach.TABLE, s.params(), s.store()));
        admin(out, "/api/v1/admin/seals", new AdminRowEndpoint<>(AdminSeals.TABLE, s.params(), s.store()));
        return out;
    }

    private static void admin(List<Endpoint> out, String path, AdminRowEndpoint<?> endpoint) {
        out.add(Endpoint.get(path, endpoint::read));
        out.add(new Endpoint(HttpMethod.POST, path, List.of(BodyHandler.create().setBodyLimit(endpoint.bodyLimit()), endpoint::write)));
    }

    private static Buffer openApiDocument() {
        try (InputStream in = ApiRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) throw new IllegalStateException(OPENAPI_RESOURCE + " missing from the classpath");
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + OPENAPI_RESOURCE, e);
        }
    }
}
