package dev.adclick.query.api;

import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.query.auth.Caller;
import dev.adclick.query.http.ApiException;
import dev.adclick.query.http.CsvAnswers;
import dev.adclick.query.http.JsonResponses;
import dev.adclick.store.Bucket;
import dev.adclick.store.BreakdownRow;
import dev.adclick.store.Granularity;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static dev.adclick.query.http.JsonResponses.iso;

/**
 * {@code /ads/{ad_id}/clicks} (a bucketed series), {@code /ads/{ad_id}/totals} and
 * {@code /ads/{ad_id}/breakdown} of one ad, each under the filters {@code placement=},
 * {@code country=}, {@code device=} ({@link QueryParams#filter}). The series and totals carry the
 * totals of the range with CTR and reach ({@link CountsJson#totals}); reach is null when filtered.
 */
final class AdQueries {
    /** The first field of a series row and of a breakdown row. */
    private static final String START = "start", KEY = "key";
    /** The CSV headers: the fields of a row of each kind. */
    private static final List<String> SERIES_FIELDS = CountsJson.fields(CountsJson.line(START, "", Counts.ZERO));
    private static final List<String> BREAKDOWN_FIELDS = CountsJson.fields(CountsJson.line(KEY, "", Counts.ZERO));

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
        DimensionFilter filter = params.filter(ctx);
        CsvAnswers.Format format = CsvAnswers.format(ctx);
        params.checkBuckets(range, g);
        Future<List<Bucket>> series = store.call(s -> s.series(adId, range.from(), range.to(), g, filter));
        if (format == CsvAnswers.Format.CSV) {
            series.onSuccess(buckets -> CsvAnswers.send(ctx, SERIES_FIELDS, seriesLines(buckets))).onFailure(ctx::fail);
            return;
        }
        // beside the counts' call, not after it in the same call: paired runs (docs/benchmarks.md, issue 15) found the
        // reach's ~1 ms hidden this way and added in one call
        Future<UniqueUsers> reach = reach(adId, range, filter);
        Future.all(series, reach)
                .onSuccess(all -> JsonResponses.ok(ctx, seriesJson(adId, g, range, series.result(), reach.result())))
                .onFailure(ctx::fail);
    }

    void totals(RoutingContext ctx) {
        String adId = readableAd(ctx);
        TimeRange range = params.range(ctx);
        DimensionFilter filter = params.filter(ctx);
        Future<Counts> totals = store.call(s -> s.totals(adId, range.from(), range.to(), filter));
        Future<UniqueUsers> reach = reach(adId, range, filter);
        Future.all(totals, reach)
                .onSuccess(all -> JsonResponses.ok(ctx, range.putInto(new JsonObject().put(CountKey.AD_ID, adId))
                        .mergeIn(CountsJson.totals(totals.result(), reach.result()))))
                .onFailure(ctx::fail);
    }

    /** One ad's counts per value of {@code by}, most clicks first; the rows sum to its totals under the same filter. */
    void breakdown(RoutingContext ctx) {
        String adId = readableAd(ctx);
        TimeRange range = params.range(ctx);
        Dimension by = params.breakdownBy(ctx);
        DimensionFilter filter = params.filter(ctx);
        CsvAnswers.Format format = CsvAnswers.format(ctx);
        store.call(s -> {
                    List<BreakdownRow> rows = s.breakdown(adId, range.from(), range.to(), by, filter);
                    // in the call, so the refusal fails the future and reaches the failure handler as a 400
                    params.checkBreakdownRows(rows.size(), by);
                    return rows;
                })
                .onSuccess(rows -> {
                    List<JsonObject> lines = new ArrayList<>(rows.size());
                    for (BreakdownRow r : rows) lines.add(CountsJson.line(KEY, r.key(), r.counts()));
                    if (format == CsvAnswers.Format.CSV) {
                        CsvAnswers.send(ctx, BREAKDOWN_FIELDS, lines);
                    } else {
                        JsonObject json = new JsonObject().put(CountKey.AD_ID, adId).put("by", by.field());
                        JsonResponses.ok(ctx, range.putInto(json).put("rows", new JsonArray(new ArrayList<>(lines))));
                    }
                })
                .onFailure(ctx::fail);
    }

    /**
     * Runs beside the counts' query: the two reads are independent. Null under a filter: the
     * sketches are per ad and hour only, so no filtered reach can be told.
     */
    private Future<UniqueUsers> reach(String adId, TimeRange range, DimensionFilter filter) {
        if (!filter.isNone()) return Future.succeededFuture(null);
        return store.call(s -> s.reach(List.of(adId), range.from(), range.to()));
    }

    private static List<JsonObject> seriesLines(List<Bucket> buckets) {
        List<JsonObject> lines = new ArrayList<>(buckets.size());
        for (Bucket b : buckets) lines.add(CountsJson.line(START, iso(b.start()), b.counts()));
        return lines;
    }

    /** The ad id of the path, if the caller may read it; the same 403 whether the ad exists or not. */
    private String readableAd(RoutingContext ctx) {
        String adId = ctx.pathParam("ad_id");
        if (!Caller.of(ctx).mayReadAd(catalog.get(), adId)) {
            throw ApiException.forbidden("You do not have access to ad '" + adId + "'.");
        }
        return adId;
    }

    /** The series answer: its head (ad, range, totals) as a tree, its buckets streamed ({@link SeriesJson}). */
    static Buffer seriesJson(String adId, Granularity g, TimeRange range, List<Bucket> buckets, UniqueUsers users) {
        Counts total = Counts.ZERO;
        for (Bucket b : buckets) total = total.plus(b.counts());
        JsonObject json = new JsonObject().put(CountKey.AD_ID, adId).put("granularity", g.label());
        // the click totals keep their first names of the API contract (docs/architecture.md, "Contracts");
        // "totals" has every count under its column name, as /totals answers them
        JsonObject head = range.putInto(json)
                .put("total", total.clicks())
                .put("verified_total", total.verifiedClicks())
                .put("suspicious_total", total.suspiciousClicks())
                .put("totals", CountsJson.totals(total, users));
        return SeriesJson.body(head, "buckets", START, buckets);
    }
}
