package dev.adclick.query.api;

import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.query.auth.Caller;
import dev.adclick.query.http.ApiException;
import dev.adclick.query.http.JsonResponses;
import dev.adclick.store.Bucket;
import dev.adclick.store.Granularity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.function.Supplier;

import static dev.adclick.query.http.JsonResponses.iso;

/**
 * {@code /ads/{ad_id}/clicks} (a bucketed series) and {@code /ads/{ad_id}/totals} of one ad; both
 * carry the totals of the range with CTR and reach ({@link CountsJson#totals}).
 */
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
        Future<List<Bucket>> series = store.call(s -> s.series(adId, range.from(), range.to(), g));
        Future<UniqueUsers> reach = reach(adId, range);
        Future.all(series, reach)
                .onSuccess(all -> JsonResponses.ok(ctx, seriesJson(adId, g, range, series.result(), reach.result())))
                .onFailure(ctx::fail);
    }

    void totals(RoutingContext ctx) {
        String adId = readableAd(ctx);
        TimeRange range = params.range(ctx);
        Future<Counts> totals = store.call(s -> s.totals(adId, range.from(), range.to()));
        Future<UniqueUsers> reach = reach(adId, range);
        Future.all(totals, reach)
                .onSuccess(all -> JsonResponses.ok(ctx, range.putInto(new JsonObject().put(CountKey.AD_ID, adId))
                        .mergeIn(CountsJson.totals(totals.result(), reach.result()))))
                .onFailure(ctx::fail);
    }

    /** Runs beside the counts' query: the two reads are independent. */
    private Future<UniqueUsers> reach(String adId, TimeRange range) {
        return store.call(s -> s.reach(List.of(adId), range.from(), range.to()));
    }

    /** The ad id of the path, if the caller may read it; the same 403 whether the ad exists or not. */
    private String readableAd(RoutingContext ctx) {
        String adId = ctx.pathParam("ad_id");
        if (!Caller.of(ctx).mayReadAd(catalog.get(), adId)) {
            throw ApiException.forbidden("You do not have access to ad '" + adId + "'.");
        }
        return adId;
    }

    private static JsonObject seriesJson(String adId, Granularity g, TimeRange range, List<Bucket> buckets, UniqueUsers users) {
        Counts total = Counts.ZERO;
        JsonArray out = new JsonArray();
        for (Bucket b : buckets) {
            total = total.plus(b.counts());
            out.add(new JsonObject().put("start", iso(b.start())).mergeIn(CountsJson.withCtr(b.counts())));
        }
        JsonObject json = new JsonObject().put(CountKey.AD_ID, adId).put("granularity", g.label());
        // the click totals keep their first names of the API contract (docs/architecture.md, "Contracts");
        // "totals" has every count under its column name, as /totals answers them
        return range.putInto(json)
                .put("total", total.clicks())
                .put("verified_total", total.verifiedClicks())
                .put("suspicious_total", total.suspiciousClicks())
                .put("totals", CountsJson.totals(total, users))
                .put("buckets", out);
    }
}
