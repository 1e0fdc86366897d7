package dev.adclick.query.metrics;

import dev.adclick.query.api.StoreCalls;
import dev.adclick.query.http.RouteLabel;
import dev.adclick.store.ClickStore;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The query service's {@code /metrics} (Prometheus text, no API key, like the click service's) and the request timer
 * every route goes through. Mount it first: the timer must see every request, and {@code /metrics} must come before
 * the dashboard's catch-all.
 */
public final class MetricsEndpoint {
    public static final String PATH = "/metrics";
    /** How long a scrape waits for fresh pipeline figures before it answers with the cached ones. */
    static final Duration SCRAPE_WAIT = Duration.ofSeconds(1);

    private final QueryMetrics metrics = new QueryMetrics();

    /** The store as the API should use it: every call timed by operation. */
    public ClickStore timed(ClickStore store) {
        return new TimedClickStore(store, metrics);
    }

    /**
     * Times every request under its route label, and serves {@link #PATH}.
     *
     * @param store      the (timed) store calls, for the freshness gauges
     * @param reportsDir where reconcile writes {@code latest.json}; null: the reconcile gauges stay NaN
     */
    public void mount(Vertx vertx, Router router, StoreCalls store, WorkerExecutor workers, Path reportsDir,
                      Duration statusMaxAge, Clock clock) {
        router.route().handler(ctx -> {
            long start = System.nanoTime();
            ctx.addEndHandler(done -> metrics.request(RouteLabel.of(ctx), ctx.request().method().name(),
                    ctx.response().getStatusCode(), System.nanoTime() - start));
            ctx.next();
        });
        PipelineGauges gauges = new PipelineGauges(metrics, store, workers, reportsDir, statusMaxAge, clock);
        router.get(PATH).handler(RouteLabel.tag(PATH)).handler(ctx -> gauges.refresh()
                .timeout(SCRAPE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .otherwiseEmpty() // a slow or failing store: answer with the cached figures
                .compose(v -> vertx.executeBlocking(metrics::scrape))
                .onSuccess(text -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8").end(text))
                .onFailure(ctx::fail));
    }

    /** Releases the registry. */
    public void close() {
        metrics.close();
    }
}
