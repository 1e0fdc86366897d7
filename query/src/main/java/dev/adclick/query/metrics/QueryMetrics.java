package dev.adclick.query.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Every meter of the query service, behind its {@code /metrics} (docs/operations.md, the query service's metrics). The
 * Micrometer names are declared here once; Prometheus sees them with {@code _} and the unit suffix:
 * {@code adclick_query_requests_seconds{route,method,status}}, {@code adclick_query_store_calls_seconds{operation,outcome}},
 * {@code adclick_query_freshness_visible_seconds}, {@code adclick_query_freshness_watermark_lag_seconds},
 * {@code adclick_query_freshness_status_age_seconds}, {@code adclick_reconcile_last_corrections{kind}},
 * {@code adclick_reconcile_last_run_timestamp_seconds}, and the JVM's memory and thread meters.
 */
public final class QueryMetrics implements AutoCloseable {
    static final String REQUESTS = "adclick.query.requests";
    static final String STORE_CALLS = "adclick.query.store.calls";
    static final String FRESHNESS_VISIBLE = "adclick.query.freshness.visible";
    static final String FRESHNESS_WATERMARK_LAG = "adclick.query.freshness.watermark.lag";
    static final String FRESHNESS_STATUS_AGE = "adclick.query.freshness.status.age";
    static final String RECONCILE_CORRECTIONS = "adclick.reconcile.last.corrections";
    static final String RECONCILE_LAST_RUN = "adclick.reconcile.last.run.timestamp";
    static final String SECONDS = "seconds";

    /** Store call outcomes: {@code error} is a call that threw (store down, timeout, bad SQL). */
    static final String OK = "ok";
    static final String ERROR = "error";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public QueryMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
    }

    /** One answered request: its route pattern (never the raw path), method and status code. */
    void request(String route, String method, int status, long nanos) {
        timer(Timer.builder(REQUESTS).description("Query API requests by route pattern, method and status code")
                .tag("route", route).tag("method", method).tag("status", Integer.toString(status)), Duration.ofSeconds(30))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** One store call ({@code series}, {@code totals}, {@code top}, …) and whether it threw. */
    void storeCall(String operation, boolean ok, long nanos) {
        timer(Timer.builder(STORE_CALLS).description("Calls of the click store by operation; outcome=error counts the failures")
                .tag("operation", operation).tag("outcome", ok ? OK : ERROR), Duration.ofSeconds(60))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private Timer timer(Timer.Builder b, Duration max) {
        return b.publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(max)
                .register(registry);
    }

    /** A gauge in seconds read at scrape time; NaN while it is unknown (Prometheus then has no number to alert on). */
    void secondsGauge(String name, String description, Supplier<Double> seconds) {
        Gauge.builder(name, () -> seconds.get()).baseUnit(SECONDS).description(description).register(registry);
    }

    /** A gauge read at scrape time with one tag; NaN while unknown. */
    void gauge(String name, String tag, String value, String description, Supplier<Double> read) {
        Gauge.builder(name, () -> read.get()).tag(tag, value).description(description).register(registry);
    }

    /** The Prometheus text of every meter. Blocking (cheap): call it off the event loop. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        registry.close();
    }
}
