package dev.adclick.query.api;

import dev.adclick.core.catalog.Ad;
import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.core.catalog.Advertiser;
import dev.adclick.core.count.Counts;
import dev.adclick.query.auth.Caller;
import dev.adclick.query.http.ApiException;
import dev.adclick.query.http.JsonResponses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** {@code /advertisers/{id}/summary}: every ad of one advertiser with its totals over one range. */
final class AdvertiserSummaryQuery {
    private final QueryParams params;
    private final StoreCalls store;
    private final Supplier<AdCatalog> catalog;

    AdvertiserSummaryQuery(QueryParams params, StoreCalls store, Supplier<AdCatalog> catalog) {
        this.params = params;
        this.store = store;
        this.catalog = catalog;
    }

    void handle(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!Caller.of(ctx).mayReadAdvertiser(id)) {
            throw ApiException.forbidden("You do not have access to advertiser '" + id + "'.");
        }
        AdCatalog snapshot = catalog.get();
        Advertiser advertiser = snapshot.advertiser(id)
                .orElseThrow(() -> ApiException.notFound("There is no advertiser '" + id + "'."));
        TimeRange range = params.range(ctx);
        List<Ad> ads = snapshot.adsOf(id);
        store.call(s -> {
                    List<Counts> totals = new ArrayList<>();
                    for (Ad ad : ads) totals.add(s.totals(ad.id(), range.from(), range.to()));
                    return totals;
                })
                .onSuccess(totals -> JsonResponses.ok(ctx, toJson(advertiser, range, ads, totals)))
                .onFailure(ctx::fail);
    }

    private static JsonObject toJson(Advertiser advertiser, TimeRange range, List<Ad> ads, List<Counts> totals) {
        JsonArray rows = new JsonArray();
        Counts sum = Counts.ZERO;
        for (int i = 0; i < ads.size(); i++) {
            Ad ad = ads.get(i);
            Counts t = totals.get(i);
            sum = sum.plus(t);
            rows.add(new JsonObject().put("ad_id", ad.id()).put("title", ad.title()).put("active", ad.active())
                    .mergeIn(AdQueries.countsJson(t)));
        }
        JsonObject json = new JsonObject().put("advertiser_id", advertiser.id()).put("name", advertiser.name());
        return range.putInto(json)
                .put("totals", AdQueries.countsJson(sum))
                .put("ads", rows);
    }
}
