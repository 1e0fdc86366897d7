package dev.adclick.query.api;

import dev.adclick.core.catalog.Ad;
import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.core.count.Counts;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.core.reach.UniqueUsers;
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
 * {@code /stats}: the dashboard's counters. The totals (with CTR and reach: each user once, however
 * many of the ads they saw) and the suspicious clicks are over the range for the caller's catalogued ads; the dedupe and rejection counters are cumulative totals reported by the
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

    /** What the store tells: the caller's totals and reach in range, and the pipeline's counters. */
    private record StoreStats(Counts totals, UniqueUsers users, Optional<PipelineStatus> status) {}

    void handle(RoutingContext ctx) {
        TimeRange range = params.range(ctx);
        DimensionFilter filter = params.filter(ctx);
        // the admin's totals are every ad's (it may read any ad id): one read without an ad list, whatever the catalogue's size
        Caller caller = Caller.of(ctx);
        List<String> ads = caller.isAdmin() ? null : caller.visibleAds(catalog.get()).stream().map(Ad::id).toList();
        Future<StoreStats> fromStore = store.call(s -> {
            Counts totals = s.totalsOf(ads, range.from(), range.to(), filter);
            // no filtered reach: the sketches are per ad and hour (CountsJson#reach)
            UniqueUsers users = filter.isNone() ? s.reach(ads, range.from(), range.to()) : null;
            return new StoreStats(totals, users, s.status(statusMaxAge.toMillis()));
        });
        Future<IngestCounters> fromIngest = scraper.scrape();
        Future.all(fromStore, fromIngest)
                .onSuccess(all -> JsonResponses.ok(ctx, toJson(range, fromStore.result(), fromIngest.result())))
                .onFailure(ctx::fail);
    }

    private static JsonObject toJson(TimeRange range, StoreStats store, IngestCounters ingest) {
        Optional<PipelineStatus> status = store.status();
        return range.putInto(new JsonObject())
                .put("suspicious_clicks", store.totals().suspiciousClicks())
                .put("totals", CountsJson.totals(store.totals(), store.users()))
                .put("layer2_duplicates", status.map(PipelineStatus::duplicates).orElse(null))
                .put("invalid", status.map(PipelineStatus::invalid).orElse(null))
                .put("too_late", status.map(PipelineStatus::tooLate).orElse(null))
                .put("layer1_duplicates", ingest.duplicates())
                .put("rejected", ingest.rejected())
                .put("ingest_instances", ingest.instances())
                .put("ingest_unavailable", ingest.unavailable());
    }
}
