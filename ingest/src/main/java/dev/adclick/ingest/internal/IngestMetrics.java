package dev.adclick.ingest.internal;

import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.ingest.token.TokenRejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every meter of the ingest service, registered once up front so hot paths only increment.
 * Prometheus names: {@code adclick_clicks_total{outcome}}, {@code adclick_clicks_rejected_total{reason}},
 * {@code adclick_clicks_not_found_total}, {@code adclick_ads_served_total}, {@code adclick_publish_latency_seconds},
 * {@code adclick_publish_errors_total}, {@code adclick_spool_depth}, {@code adclick_spool_bytes},
 * {@code adclick_spool_overflow_total}, {@code adclick_dedupe_fallbacks_total{reason}},
 * {@code adclick_publish_sender_restarts_total}, {@code adclick_publish_sender_up}, {@code adclick_spool_lost_total},
 * {@code adclick_publish_failed_records_total}, {@code adclick_impressions_total{kind,outcome}},
 * {@code adclick_impressions_not_found_total}.
 */
public final class IngestMetrics {
    private final PrometheusMeterRegistry registry;
    private final Counter accepted;
    private final Counter duplicate;
    private final Counter rejected;
    private final Map<TokenRejection, Counter> rejectedByReason = new EnumMap<>(TokenRejection.class);
    private final Counter notFound;
    private final Map<ImpressionKind, Counter> impressionsAccepted = new EnumMap<>(ImpressionKind.class);
    private final Map<ImpressionKind, Counter> impressionsDuplicate = new EnumMap<>(ImpressionKind.class);
    private final Map<ImpressionKind, Counter> impressionsRejected = new EnumMap<>(ImpressionKind.class);
    private final Counter impressionsNotFound;
    private final Counter served;
    private final Counter fallbackTimeout;
    private final Counter fallbackUnavailable;
    private final Counter fallbackError;
    private final Counter spoolOverflow;
    private final Counter publishErrors;
    private final Counter senderRestarts;
    private final Counter failedRecords;
    private final Timer publishLatency;
    private volatile Supplier<Number> lost = () -> 0;

    public IngestMetrics() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        accepted = clicks("accepted");
        duplicate = clicks("duplicate");
        rejected = clicks("rejected");
        for (TokenRejection r : TokenRejection.values()) {
            rejectedByReason.put(r, Counter.builder("adclick.clicks.rejected").tag("reason", r.label())
                    .description("Clicks answered 400, by reason").register(registry));
        }
        notFound = Counter.builder("adclick.clicks.not.found").description("Clicks on unknown or paused ads (404)").register(registry);
        for (ImpressionKind k : ImpressionKind.values()) {
            impressionsAccepted.put(k, impressions(k, "accepted"));
            impressionsDuplicate.put(k, impressions(k, "duplicate"));
            impressionsRejected.put(k, impressions(k, "rejected"));
        }
        impressionsNotFound = Counter.builder("adclick.impressions.not.found")
                .description("Beacons of unknown or paused ads (404)").register(registry);
        served = Counter.builder("adclick.ads.served").description("Ads served with a signed click URL").register(registry);
        fallbackTimeout = fallback("timeout");
        fallbackUnavailable = fallback("unavailable");
        fallbackError = fallback("error");
        spoolOverflow = Counter.builder("adclick.spool.overflow")
                .description("Clicks and impressions dropped because the spool writer queue was full (disk too slow); should stay 0")
                .register(registry);
        publishErrors = Counter.builder("adclick.publish.errors")
                .description("Kafka sends that failed and were retried from the spool").register(registry);
        failedRecords = Counter.builder("adclick.publish.failed.records")
                .description("Records whose send to Kafka failed; each is resent from the spool (a failed send the broker did write becomes a duplicate)")
                .register(registry);
        senderRestarts = Counter.builder("adclick.publish.sender.restarts")
                .description("Restarts of the Kafka sender after an unexpected error (it resumes from the spool's acknowledged position)")
                .register(registry);
        publishLatency = Timer.builder("adclick.publish.latency")
                .description("From spool append to Kafka acknowledgement")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
    }

    private Counter clicks(String outcome) {
        return Counter.builder("adclick.clicks").tag("outcome", outcome)
                .description("Clicks: accepted = first clicks handed to the spool for Kafka, duplicate = caught by layer 1, rejected = answered 400")
                .register(registry);
    }

    private Counter impressions(ImpressionKind kind, String outcome) {
        return Counter.builder("adclick.impressions").tag("kind", kind.json()).tag("outcome", outcome)
                .description("Impression events: accepted = written to the spool for Kafka, duplicate = a beacon caught by layer 1,"
                        + " rejected = a beacon answered 400 (served events are never duplicate or rejected)")
                .register(registry);
    }

    private Counter fallback(String reason) {
        return Counter.builder("adclick.dedupe.fallbacks").tag("reason", reason)
                .description("Clicks published without a layer-1 check because Redis was slow or down").register(registry);
    }

    /** Registers the spool and sender gauges; the suppliers are read at scrape time. */
    public void bindSpool(Supplier<Number> depth, Supplier<Number> bytes, Supplier<Number> inFlight) {
        Gauge.builder("adclick.spool.depth", () -> depth.get().doubleValue())
                .description("Clicks in the spool not yet acknowledged by Kafka").register(registry);
        Gauge.builder("adclick.spool.bytes", () -> bytes.get().doubleValue())
                .description("Bytes of spool segment files on disk").register(registry);
        Gauge.builder("adclick.publish.inflight", () -> inFlight.get().doubleValue())
                .description("Clicks handed to the Kafka producer and not yet acknowledged").register(registry);
    }

    /** Registers the count of clicks answered but never made durable (the spool's {@code lost()}). */
    public void bindSpoolLoss(Supplier<Number> lost) {
        this.lost = lost;
        // Micrometer holds the state object weakly: the registry's owner (this) is held by the server.
        FunctionCounter.builder("adclick.spool.lost", this, m -> m.lost.get().doubleValue())
                .description("Clicks answered but never written to the spool (queue full: disk full, failing or too slow; given up at shutdown)")
                .register(registry);
    }

    /** Registers the sender's state gauge (1 while it runs, 0 while it restarts or is stopped). */
    public void bindSender(Supplier<Boolean> up) {
        Gauge.builder("adclick.publish.sender.up", () -> up.get() ? 1 : 0)
                .description("1 while the Kafka sender runs, 0 while it restarts after an unexpected error").register(registry);
    }

    public PrometheusMeterRegistry registry() { return registry; }

    public void acceptedClick() { accepted.increment(); }
    public void impressionAccepted(ImpressionKind kind) { impressionsAccepted.get(kind).increment(); }
    public void impressionDuplicate(ImpressionKind kind) { impressionsDuplicate.get(kind).increment(); }
    public void impressionRejected(ImpressionKind kind) { impressionsRejected.get(kind).increment(); }
    public void impressionNotFound() { impressionsNotFound.increment(); }
    public void duplicate() { duplicate.increment(); }
    public void rejected(TokenRejection reason) {
        rejected.increment();
        rejectedByReason.get(reason).increment();
    }
    public void notFound() { notFound.increment(); }
    public void served() { served.increment(); }
    public void fallbackTimeout() { fallbackTimeout.increment(); }
    public void fallbackUnavailable() { fallbackUnavailable.increment(); }
    public void fallbackError() { fallbackError.increment(); }
    public void spoolOverflow() { spoolOverflow.increment(); }
    public void publishError() { publishErrors.increment(); }
    public void senderRestart() { senderRestarts.increment(); }
    public void publishFailedRecord() { failedRecords.increment(); }
    public void publishLatency(long micros) { publishLatency.record(Math.max(0, micros), TimeUnit.MICROSECONDS); }
}
