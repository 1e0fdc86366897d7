package dev.adclick.query.metrics;

import dev.adclick.core.count.CountColumn;
import dev.adclick.query.api.Freshness;
import dev.adclick.query.api.LatestReport;
import dev.adclick.query.api.StoreCalls;
import dev.adclick.store.PipelineStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The freshness and reconciliation gauges of the query service. Their sources (the store's pipeline status, the newest
 * reconcile report) are read at most once per {@link #MAX_AGE} and cached, so a scrape never runs a store query per
 * gauge and never waits on a store that is down: it waits at most {@code scrapeWait} for a refresh, then shows the
 * last values read (the status age gauge keeps growing meanwhile, which is what an alert should watch).
 */
final class PipelineGauges {
    static final Duration MAX_AGE = Duration.ofSeconds(5);
    /** The report's fields summed into each kind of {@code adclick_reconcile_last_corrections} (reconcile/README.md). */
    static final String CLICKS = "clicks";
    static final String IMPRESSIONS = "impressions";
    static final String REACH = "reach";

    private final StoreCalls store;
    private final WorkerExecutor workers;
    private final Path reportsDir;
    private final long statusMaxAgeMs;
    private final Clock clock;
    private volatile Optional<PipelineStatus> status = Optional.empty();
    private volatile JsonObject report;
    private boolean everRead;
    private long readAt;
    private Future<Void> inFlight;

    PipelineGauges(QueryMetrics metrics, StoreCalls store, WorkerExecutor workers, Path reportsDir, Duration statusMaxAge, Clock clock) {
        this.store = store;
        this.workers = workers;
        this.reportsDir = reportsDir;
        this.statusMaxAgeMs = statusMaxAge.toMillis();
        this.clock = clock;
        metrics.secondsGauge(QueryMetrics.FRESHNESS_VISIBLE,
                "Event to visible: at the aggregator's last write of counts, how long ago the newest event it made queryable"
                        + " happened (worst of the live writers)", () -> seconds(freshness().visibleLagMs()));
        metrics.secondsGauge(QueryMetrics.FRESHNESS_WATERMARK_LAG,
                "Now minus the aggregator's watermark: how far the closing of minutes trails real time",
                () -> seconds(freshness().watermarkLagMs()));
        metrics.secondsGauge(QueryMetrics.FRESHNESS_STATUS_AGE,
                "Now minus the aggregator's newest status report: grows when the aggregator stops writing or the store cannot be read",
                () -> status.map(s -> Math.max(0, clock.millis() - s.updatedAt()) / 1000.0).orElse(Double.NaN));
        for (String kind : new String[] {CLICKS, IMPRESSIONS, REACH}) {
            metrics.gauge(QueryMetrics.RECONCILE_CORRECTIONS, "kind", kind,
                    "Corrections of the newest reconcile run: clicks and impressions added plus removed, reach hours whose users changed",
                    () -> corrections(report, kind));
        }
        metrics.secondsGauge(QueryMetrics.RECONCILE_LAST_RUN, "When the newest reconcile run finished, epoch seconds",
                () -> lastRun(report));
    }

    private Freshness freshness() {
        return Freshness.of(status, clock.millis());
    }

    /** Reads the sources again if the cached values are older than {@link #MAX_AGE}; one read at a time. */
    synchronized Future<Void> refresh() {
        if (everRead && clock.millis() - readAt < MAX_AGE.toMillis()) return Future.succeededFuture();
        if (inFlight != null) return inFlight;
        Promise<Void> done = Promise.promise();
        inFlight = done.future();
        Future<Optional<PipelineStatus>> st = store.call(s -> s.status(statusMaxAgeMs)).onSuccess(s -> status = s);
        Future<JsonObject> rep = workers.executeBlocking(() -> LatestReport.read(reportsDir), false).onSuccess(r -> report = r);
        Future.join(st, rep).onComplete(ar -> {
            synchronized (this) {
                everRead = true;
                readAt = clock.millis(); // also after a failure: the next scrapes do not pile up on a store that is down
                inFlight = null;
            }
            done.complete();
        });
        return done.future();
    }

    private static double seconds(Long ms) {
        return ms == null ? Double.NaN : ms / 1000.0;
    }

    static double corrections(JsonObject report, String kind) {
        if (report == null) return Double.NaN;
        return switch (kind) {
            case CLICKS -> number(report, "clicks_added") + number(report, "clicks_removed");
            case IMPRESSIONS -> {
                JsonObject i = report.getJsonObject("impressions", new JsonObject());
                double sum = 0;
                for (CountColumn c : new CountColumn[] {CountColumn.SERVED_IMPRESSIONS, CountColumn.IMPRESSIONS}) {
                    sum += number(i, c.column() + "_added") + number(i, c.column() + "_removed");
                }
                yield sum;
            }
            case REACH -> number(report.getJsonObject("reach", new JsonObject()), "rows_corrected");
            default -> throw new IllegalArgumentException("unknown correction kind " + kind);
        };
    }

    private static double number(JsonObject o, String field) {
        Object v = o.getValue(field);
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    static double lastRun(JsonObject report) {
        Object finished = report == null ? null : report.getValue("finished_at");
        if (!(finished instanceof String iso)) return Double.NaN;
        try {
            return Instant.parse(iso).toEpochMilli() / 1000.0;
        } catch (java.time.format.DateTimeParseException e) {
            return Double.NaN; // a report this version cannot read: no number rather than a wrong one
        }
    }
}
