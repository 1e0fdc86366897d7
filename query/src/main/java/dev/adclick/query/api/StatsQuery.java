package dev.adclick.query.api;

import dev.adclick.core.catalog.Ad;
import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.query.auth.Caller;
import dev.adclick.query.http.JsonResponses;
import dev.adclick.query.ingest.IngestCounters;
import dev.adclick.query.ingest.IngestMetricsScraper;
import dev.adclick.store.PipelineStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /stats}: the dashboard's counters. Suspicious clicks are summed over the range for the
 * caller's catalogued ads; the dedupe and rejection counters are cumulative totals reported by the
 * pipeline (layer 2) and scraped from the ingest instances (layer 1).
 */
final class StatsQuery {
    private final QueryParams params;
    private final StoreCalls store;
    private final Supplier<AdCatalog> catalog;
    private final IngestMetricsScraper scraper;
    private final Duration statusMaxAge;

    StatsQuery(QueryParams params, StoreCalls store, Supplier<AdCatalog> catalog, IngestMetricsScraper scraper, Duration statusMaxAge) {
        this.params = params;
        this.store = store;
        this.catalog = catalog;
        this.scraper = scraper;
        this.statusMaxAge = statusMaxAge;
    }

    /** What the store tells: suspicious clicks in range and the pipeline's counters. */
    private record StoreStats(long suspicious, Optional<PipelineStatus> status) {}

    void handle(RoutingContext ctx) {
        TimeRange range = params.range(ctx);
        List<String> ads = Caller.of(ctx).visibleAds(catalog.get()).stream().map(Ad::id).toList();
        Future<StoreStats> fromStore = store.call(s -> {
            long suspicious = 0;
            for (String ad : ads) suspicious += s.totals(ad, range.from(), range.to()).suspiciousClicks();
            return new StoreStats(suspicious, s.status(statusMaxAge.toMillis()));
        });
        Future<IngestCounters> fromIngest = scraper.scrape();
        Future.all(fromStore, fromIngest)
                .onSuccess(all -> JsonResponses.ok(ctx, toJson(range, fromStore.result(), fromIngest.result())))
                .onFailure(ctx::fail);
    }

    private static JsonObject toJson(TimeRange range, StoreStats store, IngestCounters ingest) {
        Optional<PipelineStatus> status = store.status();
        return range.putInto(new JsonObject())
                .put("suspicious_clicks", store.suspicious())
                .put("layer2_duplicates", status.map(PipelineStatus::duplicates).orElse(null))
                .put("invalid", status.map(PipelineStatus::invalid).orElse(null))
                .put("too_late", status.map(PipelineStatus::tooLate).orElse(null))
                .put("layer1_duplicates", ingest.duplicates())
                .put("rejected", ingest.rejected())
                .put("ingest_instances", ingest.instances())
                .put("ingest_unavailable", ingest.unavailable());
    }
}
