package dev.adclick.query.api;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.store.ClickStore;
import io.vertx.core.json.JsonObject;


import static dev.adclick.query.http.JsonResponses.iso;

/**
 * {@code /admin/rows}: raw rows of {@code ad_clicks_minute} for the admin, so that reconciliation
 * running in another process can read and correct a store that this process owns (a DuckDB file
 * opens in one process only, docs/architecture.md, Two ways to run). Writes must carry a reconciliation version
 * ({@link WriteVersions#reconciled}); the store's highest-version-wins rule still applies.
 *
 * <p>A written row must carry every count column: a missing one is a 400, not a 0, because a
 * reconciled row wins over every later stream write, so a 0 taken for "not sent" (e.g. from a
 * reconcile of the release before impressions) would erase those counts for good. Likewise every
 * row carries its {@code placement}, {@code country} and {@code device} ({@link Dimensions#ALL}
 * in all three for the ad's total row): a row without them cannot say which row it replaces.
 */
final class AdminRows {
    /** 50 000 rows of JSON in a 32 MiB body; the reconcile client sends 10 000 per request. */
    private static final AdminBatches.Limits LIMITS = new AdminBatches.Limits(50_000, 640);
    private static final String VERSION = "version";
    static final AdminRowEndpoint.Table<MinuteCount> TABLE = new AdminRowEndpoint.Table<>("raw rows", LIMITS,
            ClickStore::rows, ClickStore::upsert, AdminRows::fromJson, AdminRows::toJson);

    private AdminRows() {}

    private static MinuteCount fromJson(JsonObject r) {
        String adId = AdminBatches.text(r, CountKey.AD_ID);
        long minute = AdminBatches.time(r, CountKey.MINUTE, "2026-11-27T10:05:00Z");
        Dimensions dims = new Dimensions(dimension(Dimension.PLACEMENT, r), dimension(Dimension.COUNTRY, r),
                dimension(Dimension.DEVICE, r));
        long version = AdminBatches.reconciledVersion(r, VERSION);
        return new MinuteCount(adId, minute, dims, Counts.of(c -> count(c, r)), version);
    }

    /** A dimension's value as stored: kept as sent ("unknown" and "*" included), never normalised. */
    private static String dimension(Dimension d, JsonObject r) {
        if (!r.containsKey(d.field())) {
            throw new IllegalArgumentException(d.field() + " is missing: every row carries " + Dimension.accepted()
                    + " (\"" + Dimensions.ALL + "\" in all three for the ad's total row); a reconcile that does not send them"
                    + " is of an earlier release, run this one's");
        }
        return AdminBatches.text(r, d.field());
    }

    private static long count(CountColumn c, JsonObject r) {
        if (!r.containsKey(c.column())) {
            throw new IllegalArgumentException(c.column() + " is missing: every row carries every count column ("
                    + CountColumn.join("", "") + "); a reconcile that does not send them all is of an earlier release, run this one's");
        }
        return AdminBatches.wholeNumber(r, c.column());
    }

    private static JsonObject toJson(MinuteCount r) {
        JsonObject json = new JsonObject().put(CountKey.AD_ID, r.adId()).put(CountKey.MINUTE, iso(r.minute()));
        for (Dimension d : Dimension.values()) json.put(d.field(), r.dims().get(d));
        return json.mergeIn(CountsJson.counts(r.counts())).put(VERSION, r.version());
    }
}
