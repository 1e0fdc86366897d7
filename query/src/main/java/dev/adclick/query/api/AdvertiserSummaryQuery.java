package dev.adclick.query.api;

import dev.adclick.core.catalog.Ad;
import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.core.catalog.Advertiser;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.query.auth.Caller;
import dev.adclick.query.http.ApiException;
import dev.adclick.query.http.JsonResponses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /advertisers/{id}/summary}: every ad of one advertiser with its totals over one range, and
 * the advertiser's totals, whose reach counts each user once however many of its ads they saw.
 */
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
        DimensionFilter filter = params.filter(ctx);
        List<Ad> ads = snapshot.adsOf(id);
        store.call(s -> {
                    // no filtered reach: the sketches are per ad and hour (CountsJson#reach)
                    boolean withReach = filter.isNone();
                    List<AdTotals> perAd = new ArrayList<>();
                    for (Ad ad : ads) {
                        perAd.add(new AdTotals(s.totals(ad.id(), range.from(), range.to(), filter),
                                withReach ? s.reach(List.of(ad.id()), range.from(), range.to()) : null));
                    }
                    // the union of all the ads' sketches: a user reached by two ads is one user
                    UniqueUsers all = withReach ? s.reach(ads.stream().map(Ad::id).toList(), range.from(), range.to()) : null;
                    return new Summary(perAd, all);
                })
                .onSuccess(summary -> JsonResponses.ok(ctx, toJson(advertiser, range, ads, summary)))
                .onFailure(ctx::fail);
    }

    private record AdTotals(Counts counts, UniqueUsers users) {}

    private record Summary(List<AdTotals> perAd, UniqueUsers allAds) {}

    private static JsonObject toJson(Advertiser advertiser, TimeRange range, List<Ad> ads, Summary summary) {
        JsonArray rows = new JsonArray();
        Counts sum = Counts.ZERO;
        for (int i = 0; i < ads.size(); i++) {
            Ad ad = ads.get(i);
            AdTotals t = summary.perAd().get(i);
            sum = sum.plus(t.counts());
            rows.add(new JsonObject().put(CountKey.AD_ID, ad.id()).put("title", ad.title()).put("active", ad.active())
                    .mergeIn(CountsJson.totals(t.counts(), t.users())));
        }
        JsonObject json = new JsonObject().put("advertiser_id", advertiser.id()).put("name", advertiser.name());
        return range.putInto(json)
                .put("totals", CountsJson.totals(sum, summary.allAds()))
                .put("ads", rows);
    }
}
