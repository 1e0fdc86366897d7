package dev.adclick.query.api;

import dev.adclick.query.http.JsonResponses;
import dev.adclick.store.ClickStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * {@code GET} and {@code POST} of one admin row endpoint ({@link AdminRows}, {@link AdminReach}):
 * the admin key only, a read of the range's rows as {@code {"from","to","rows"}}, and a write of a
 * whole checked body ({@link AdminBatches#parse}) answered {@code {"written":N}}.
 */
final class AdminRowEndpoint<T> {
    /**
     * A table's raw rows: how to read and write them, and their JSON.
     *
     * @param what     names the rows in the 403 message, e.g. "raw rows"
     * @param fromJson reads one row; throws {@link IllegalArgumentException} saying what is wrong with it
     */
    record Table<T>(String what, AdminBatches.Limits limits, Reader<T> read, Writer<T> write,
                    AdminBatches.RowReader<T> fromJson, Function<T, JsonObject> toJson) {}

    @FunctionalInterface
    interface Reader<T> {
        List<T> read(ClickStore store, long from, long to) throws Exception;
    }

    @FunctionalInterface
    interface Writer<T> {
        void write(ClickStore store, Collection<T> rows) throws Exception;
    }

    private final Table<T> table;
    private final QueryParams params;
    private final StoreCalls store;

    AdminRowEndpoint(Table<T> table, QueryParams params, StoreCalls store) {
        this.table = table;
        this.params = params;
        this.store = store;
    }

    long bodyLimit() {
        return table.limits().bodyLimit();
    }

    void read(RoutingContext ctx) {
        AdminBatches.requireAdmin(ctx, table.what());
        TimeRange range = params.range(ctx);
        store.call(s -> table.read().read(s, range.from(), range.to()))
                .onSuccess(rows -> JsonResponses.ok(ctx, AdminBatches.rowsAnswer(range, rows, table.toJson())))
                .onFailure(ctx::fail);
    }

    void write(RoutingContext ctx) {
        AdminBatches.requireAdmin(ctx, table.what());
        List<T> rows = AdminBatches.parse(ctx, table.limits(), table.fromJson());
        store.call(s -> {
            table.write().write(s, rows);
            return rows.size();
        }).onSuccess(n -> JsonResponses.ok(ctx, new JsonObject().put("written", n))).onFailure(ctx::fail);
    }
}
