package dev.adclick.query.api;

import dev.adclick.core.catalog.Ad;
import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.query.auth.Caller;
import dev.adclick.query.http.JsonResponses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /me}: who the key belongs to and the first {@code limit} ads it may see (by id), with how
 * many it may see in all; the dashboard's login check. Capped because the admin sees every catalogued
 * ad, a million at the size of docs/deploy.md §5: the answer would be ~80 MB, the picker a million
 * checkboxes. Other ads are reached by id or from the top-ads table.
 */
final class MeQuery {
    /** Ads listed when the request names no {@code limit}: more than a picker can usefully show. */
    static final int DEFAULT_ADS = 200;

    private final QueryParams params;
    private final Supplier<AdCatalog> catalog;

    MeQuery(QueryParams params, Supplier<AdCatalog> catalog) {
        this.params = params;
        this.catalog = catalog;
    }

    void handle(RoutingContext ctx) {
        int limit = params.limit(ctx, DEFAULT_ADS);
        Caller caller = Caller.of(ctx);
        List<Ad> visible = caller.visibleAds(catalog.get());
        JsonArray ads = new JsonArray();
        for (Ad ad : visible.subList(0, Math.min(limit, visible.size()))) {
            ads.add(new JsonObject().put("ad_id", ad.id()).put("title", ad.title())
                    .put("advertiser_id", ad.advertiserId()).put("active", ad.active()));
        }
        JsonObject advertiser = caller.advertiser()
                .map(a -> new JsonObject().put("id", a.id()).put("name", a.name()))
                .orElse(null);
        JsonResponses.ok(ctx, new JsonObject()
                .put("role", caller.isAdmin() ? "admin" : "advertiser")
                .put("advertiser", advertiser)
                .put("ads", ads)
                .put("ads_total", visible.size()));
    }
}
