package dev.adclick.query.api;

import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.Counts;
import dev.adclick.query.auth.Caller;
import dev.adclick.query.http.ApiException;
import dev.adclick.query.http.JsonResponses;
import dev.adclick.store.Bucket;
import dev.adclick.store.Granularity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.function.Supplier;

import static dev.adclick.query.http.JsonResponses.iso;

/** {@code /ads/{ad_id}/clicks} (a bucketed series) and {@code /ads/{ad_id}/totals} of one ad. */
final class AdQueries {
    private final QueryParams params;
    private final StoreCalls store;
    private final Supplier<AdCatalog> catalog;

    AdQueries(QueryParams params, StoreCalls store, Supplier<AdCatalog> catalog) {
        this.params = params;
        this.store = store;
        this.catalog = catalog;
    }

    void clicks(RoutingContext ctx) {
        String adId = readableAd(ctx);
        TimeRange range = params.range(ctx);
        Granularity g = params.granularity(ctx);
        params.checkBuckets(range, g);
        store.call(s -> s.series(adId, range.from(), range.to(), g))
                .onSuccess(buckets -> JsonResponses.ok(ctx, seriesJson(adId, g, range, buckets)))
                .onFailure(ctx::fail);
    }

    void totals(RoutingContext ctx) {
        String adId = readableAd(ctx);
        TimeRange range = params.range(ctx);
        store.call(s -> s.totals(adId, range.from(), range.to()))
                .onSuccess(t -> JsonResponses.ok(ctx, range.putInto(new JsonObject().put("ad_id", adId)).mergeIn(countsJson(t))))
                .onFailure(ctx::fail);
    }

    /** The ad id of the path, if the caller may read it; the same 403 whether the ad exists or not. */
    private String readableAd(RoutingContext ctx) {
        String adId = ctx.pathParam("ad_id");
        if (!Caller.of(ctx).mayReadAd(catalog.get(), adId)) {
            throw ApiException.forbidden("You do not have access to ad '" + adId + "'.");
        }
        return adId;
    }

    /** Every count column as a JSON field of that name: totals, buckets, summaries and admin rows. */
    static JsonObject countsJson(Counts t) {
        JsonObject json = new JsonObject();
        for (CountColumn c : CountColumn.ALL) json.put(c.column(), t.get(c));
        return json;
    }

    private static JsonObject seriesJson(String adId, Granularity g, TimeRange range, List<Bucket> buckets) {
        Counts total = Counts.ZERO;
        JsonArray out = new JsonArray();
        for (Bucket b : buckets) {
            total = total.plus(b.counts());
            out.add(new JsonObject().put("start", iso(b.start())).mergeIn(countsJson(b.counts())));
        }
        JsonObject json = new JsonObject().put("ad_id", adId).put("granularity", g.label());
        // the series' totals keep their own names of the API contract (docs/architecture.md, "Contracts")
        return range.putInto(json)
                .put("total", total.clicks())
                .put("verified_total", total.verifiedClicks())
                .put("suspicious_total", total.suspiciousClicks())
                .put("buckets", out);
    }
}
