package dev.adclick.query.api;

import dev.adclick.core.catalog.Ad;
import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.core.count.Counts;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.query.auth.Caller;
import dev.adclick.query.http.CsvAnswers;
import dev.adclick.query.http.JsonResponses;
import dev.adclick.store.AdCounts;
import dev.adclick.store.TopOrder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /ads/top}: ads ranked by clicks, impressions or CTR ({@code by}, {@code min_impressions}),
 * under the dimension filters; the admin ranks all ads, an advertiser only its own. JSON or CSV.
 */
final class TopAdsQuery {
    /** The CSV header: the fields of one top line. */
    private static final List<String> FIELDS = CountsJson.fields(CountsJson.topLine(new AdCounts("", Counts.ZERO)));

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
        DimensionFilter filter = params.filter(ctx);
        CsvAnswers.Format format = CsvAnswers.format(ctx);
        // null asks the store for every ad id it has, catalogued or not
        List<String> only = caller.isAdmin() ? null : caller.visibleAds(catalog.get()).stream().map(Ad::id).toList();
        store.call(s -> s.top(range.from(), range.to(), limit, only, by, minImpressions, filter))
                .onSuccess(top -> {
                    List<JsonObject> lines = new ArrayList<>(top.size());
                    for (AdCounts a : top) lines.add(CountsJson.topLine(a));
                    if (format == CsvAnswers.Format.CSV) {
                        CsvAnswers.send(ctx, FIELDS, lines);
                    } else {
                        JsonResponses.ok(ctx, range.putInto(new JsonObject()).put("limit", limit).put("by", by.param())
                                .put("min_impressions", minImpressions).put("ads", new JsonArray(new ArrayList<>(lines))));
                    }
                })
                .onFailure(ctx::fail);
    }
}
