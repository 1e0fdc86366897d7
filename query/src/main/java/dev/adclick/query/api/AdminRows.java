package dev.adclick.query.api;

import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.query.auth.Caller;
import dev.adclick.query.http.ApiException;
import dev.adclick.query.http.JsonResponses;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import static dev.adclick.query.http.JsonResponses.iso;

/**
 * {@code /admin/rows}: raw rows of {@code ad_clicks_minute} for the admin, so that reconciliation
 * running in another process can read and correct a store that this process owns (a DuckDB file
 * opens in one process only, docs/architecture.md, Two ways to run). Writes must carry a reconciliation version
 * ({@link WriteVersions#reconciled}); the store's highest-version-wins rule still applies.
 */
final class AdminRows {
    /** Rows per request; the reconcile client sends 10 000. */
    static final int MAX_ROWS_PER_WRITE = 50_000;

    private final QueryParams params;
    private final StoreCalls store;

    AdminRows(QueryParams params, StoreCalls store) {
        this.params = params;
        this.store = store;
    }

    void read(RoutingContext ctx) {
        requireAdmin(ctx);
        TimeRange range = params.range(ctx);
        store.call(s -> s.rows(range.from(), range.to())).onSuccess(rows -> {
            JsonArray out = new JsonArray();
            for (MinuteCount r : rows) out.add(toJson(r));
            JsonResponses.ok(ctx, range.putInto(new JsonObject()).put("rows", out));
        }).onFailure(ctx::fail);
    }

    void write(RoutingContext ctx) {
        requireAdmin(ctx);
        List<MinuteCount> rows = parse(ctx);
        store.call(s -> {
            s.upsert(rows);
            return rows.size();
        }).onSuccess(n -> JsonResponses.ok(ctx, new JsonObject().put("written", n))).onFailure(ctx::fail);
    }

    private static void requireAdmin(RoutingContext ctx) {
        if (!Caller.of(ctx).isAdmin()) throw ApiException.forbidden("Only the admin key may read or write raw rows.");
    }

    /** The whole body is checked before anything is written: one bad row rejects the request. */
    static List<MinuteCount> parse(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw ApiException.badRequest("The body must be a JSON object {\"rows\": [...]}.");
        }
        if (body == null || !(body.getValue("rows") instanceof JsonArray)) {
            throw ApiException.badRequest("The body must be a JSON object {\"rows\": [...]}.");
        }
        JsonArray arr = body.getJsonArray("rows");
        if (arr.size() > MAX_ROWS_PER_WRITE) {
            throw ApiException.badRequest("At most " + MAX_ROWS_PER_WRITE + " rows per request; send them in batches.");
        }
        List<MinuteCount> rows = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) rows.add(row(arr.getValue(i), i));
        return rows;
    }

    private static MinuteCount row(Object value, int index) {
        String where = "Row " + index + ": ";
        if (!(value instanceof JsonObject r)) throw ApiException.badRequest(where + "must be an object.");
        try {
            String adId = r.getString(CountKey.AD_ID);
            if (adId == null || adId.isBlank()) throw ApiException.badRequest(where + "ad_id is missing.");
            long minute = Instant.parse(r.getString(CountKey.MINUTE, "")).toEpochMilli();
            long version = number(r, "version", where);
            if (!WriteVersions.isReconciled(version)) {
                throw ApiException.badRequest(where + "version " + version + " is not a reconciliation version (at least "
                        + WriteVersions.RECONCILED_BASE + "); only reconciliation writes through this endpoint.");
            }
            return new MinuteCount(adId, minute, Counts.of(c -> number(r, c.column(), where)), version);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(where + "minute must be an ISO-8601 UTC time like 2026-11-27T10:05:00Z.");
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(where + e.getMessage() + ".");
        }
    }

    private static long number(JsonObject r, String field, String where) {
        Object v = r.getValue(field);
        if (!(v instanceof Number n) || n.doubleValue() != n.longValue()) {
            throw ApiException.badRequest(where + field + " must be a whole number.");
        }
        return n.longValue();
    }

    private static JsonObject toJson(MinuteCount r) {
        return new JsonObject().put(CountKey.AD_ID, r.adId()).put(CountKey.MINUTE, iso(r.minute()))
                .mergeIn(AdQueries.countsJson(r.counts())).put("version", r.version());
    }
}
