package dev.adclick.query;

import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.query.api.ApiRoutes;
import dev.adclick.query.api.QueryParams;
import dev.adclick.query.api.StoreCalls;
import dev.adclick.query.auth.AdminKey;
import dev.adclick.query.auth.CatalogRefresher;
import dev.adclick.query.dashboard.DashboardRoutes;
import dev.adclick.query.ingest.IngestMetricsScraper;
import dev.adclick.query.metrics.MetricsEndpoint;
import dev.adclick.store.ClickStore;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The query API and dashboard on one HTTP port (docs/architecture.md, Contracts, query API). Owns its Vert.x instance; store
 * calls run on a worker pool. It does not own the store or the catalogue: the caller closes those.
 */
public final class QueryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);
    private static final long START_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final WorkerExecutor workers;
    private final WebClient client;
    private final CatalogRefresher refresher;
    private final Router router;
    private final HttpServer http;
    private final MetricsEndpoint metrics;
    private final AdminKey adminKey;
    private boolean closed;

    private QueryServer(Vertx vertx, WorkerExecutor workers, WebClient client, CatalogRefresher refresher,
                        Router router, HttpServer http, MetricsEndpoint metrics, AdminKey adminKey) {
        this.metrics = metrics;
        this.adminKey = adminKey;
        this.vertx = vertx;
        this.workers = workers;
        this.client = client;
        this.refresher = refresher;
        this.router = router;
        this.http = http;
    }

    /**
     * Starts the server and returns once it listens.
     *
     * @param options settings, not null
     * @param store   the click store to read, not null; not closed by {@link #close()}
     * @param catalog the catalogue; its file is re-read every {@link QueryOptions#catalogReloadInterval()}
     * @throws IllegalStateException if the port cannot be bound (the message names host and port)
     */
    public static QueryServer start(QueryOptions options, ClickStore store, AdCatalogHolder catalog) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(catalog, "catalog");
        Vertx vertx = Vertx.vertx();
        try {
            WorkerExecutor workers = vertx.createSharedWorkerExecutor("adclick-query-store", options.storeThreads());
            WebClient client = WebClient.create(vertx, new WebClientOptions()
                    .setConnectTimeout((int) options.scrapeTimeout().toMillis())
                    .setUserAgent("adclick-query"));
            Router router = Router.router(vertx);
            MetricsEndpoint metrics = new MetricsEndpoint();
            StoreCalls storeCalls = new StoreCalls(metrics.timed(store), workers);
            metrics.mount(vertx, router, storeCalls, workers, options.reconcileReportsDir(), options.statusMaxAge(), Clock.systemUTC());
            ApiRoutes.mount(router, new ApiRoutes.Services(
                    new QueryParams(options.maxRangeDays(), options.maxBuckets(), options.maxBreakdownRows()),
                    storeCalls,
                    catalog,
                    AdminKey.of(options.adminKey()),
                    new IngestMetricsScraper(client, options.ingestMetricsUrls(), options.scrapeTimeout()),
                    options.statusMaxAge(),
                    Clock.systemUTC(),
                    options.reconcileReportsDir(),
                    workers));
            DashboardRoutes.mount(router);
            HttpServer http = vertx.createHttpServer().requestHandler(router)
                    .listen(options.port(), options.host())
                    .await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            CatalogRefresher refresher = new CatalogRefresher(vertx, workers, catalog, options.catalogReloadInterval());
            LOG.info("Query API and dashboard listening on http://{}:{}/", options.host(), http.actualPort());
            return new QueryServer(vertx, workers, client, refresher, router, http, metrics, AdminKey.of(options.adminKey()));
        } catch (TimeoutException e) {
            vertx.close();
            throw new IllegalStateException("query server did not start listening on " + options.host() + ":" + options.port()
                    + " within " + START_TIMEOUT_SECONDS + " s", e);
        } catch (Exception e) {
            // await() rethrows the bind failure as is, checked or not (e.g. BindException)
            vertx.close();
            throw new IllegalStateException("query server cannot listen on " + options.host() + ":" + options.port()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return http.actualPort();
    }

    /**
     * The one extension hook: serves {@code GET /api/v1/admin/ext/{name}} as the JSON {@code body}
     * returns, to the admin key only (401 otherwise). The chaos demo ({@code ./adclick demo --chaos})
     * publishes its traffic generator's ground truth and fault log this way; the dashboard shows it.
     * Not part of the public API (not in openapi.json). {@code body} runs on a worker thread.
     */
    public void mountAdminJson(String name, java.util.function.Supplier<String> body) {
        if (!name.matches("[a-z0-9-]+")) throw new IllegalArgumentException("bad extension name: " + name);
        router.get("/api/v1/admin/ext/" + name).order(-1).handler(ctx -> {
            String auth = ctx.request().getHeader("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !adminKey.matches(auth.substring(7).trim())) {
                ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json")
                        .putHeader("WWW-Authenticate", "Bearer realm=\"adclick\"").end("{\"error\":\"The admin key is required.\"}");
                return;
            }
            workers.<String>executeBlocking(body::get, false).onComplete(r -> {
                if (r.succeeded()) ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store").end(r.result());
                else ctx.fail(r.cause());
            });
        });
    }

    /** The router, for tests that compare routes with the OpenAPI document. */
    Router router() {
        return router;
    }

    /** Stops listening and releases threads. Idempotent; does not close the store. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        refresher.close();
        try {
            http.close().await(10, TimeUnit.SECONDS);
        } catch (TimeoutException | RuntimeException e) {
            LOG.warn("Query server did not close cleanly: {}", e.getMessage());
        }
        client.close();
        workers.close();
        metrics.close();
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (TimeoutException | RuntimeException e) {
            LOG.warn("Vert.x did not close cleanly: {}", e.getMessage());
        }
    }
}
