package dev.adclick.query.api;

import dev.adclick.core.catalog.Ad;
import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.query.auth.Caller;
import dev.adclick.query.http.JsonResponses;
import dev.adclick.store.AdCounts;
import dev.adclick.store.TopOrder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /ads/top}: ads ranked by clicks, impressions or CTR ({@code by}, {@code min_impressions});
 * the admin ranks all ads, an advertiser only its own.
 */
final class TopAdsQuery {
    private final QueryParams params;
    private final StoreCalls store;
    private final Supplier<AdCatalog> catalog;

    TopAdsQuery(QueryParams params, StoreCalls store, Supplier<AdCatalog> catalog) {
        this.params = params;
        this.store = store;
        this.catalog = catalog;
    }

    void handle(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        TimeRange range = params.range(ctx);
        int limit = params.limit(ctx);
        TopOrder by = params.topOrder(ctx);
        long minImpressions = params.minImpressions(ctx);
        // null asks the store for every ad id it has, catalogued or not
        List<String> only = caller.isAdmin() ? null : caller.visibleAds(catalog.get()).stream().map(Ad::id).toList();
        store.call(s -> s.top(range.from(), range.to(), limit, only, by, minImpressions))
                .onSuccess(top -> JsonResponses.ok(ctx, range.putInto(new JsonObject()).put("limit", limit)
                        .put("by", by.param()).put("min_impressions", minImpressions).put("ads", toJson(top))))
                .onFailure(ctx::fail);
    }

    private static JsonArray toJson(List<AdCounts> top) {
        JsonArray ads = new JsonArray();
        for (AdCounts a : top) ads.add(CountsJson.topLine(a));
        return ads;
    }
}
