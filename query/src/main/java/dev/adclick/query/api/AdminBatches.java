package dev.adclick.query.api;

import dev.adclick.core.count.WriteVersions;
import dev.adclick.query.auth.Caller;
import dev.adclick.query.http.ApiException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What the admin row endpoints ({@code /admin/rows}, {@code /admin/reach}) share: admin key only,
 * a body {@code {"rows":[…]}} checked whole before anything is written (one bad row rejects the
 * request, naming the row), a limit of rows per request, and reconciliation versions only
 * ({@link WriteVersions#isReconciled}): the stream writes the store itself, never through here.
 */
final class AdminBatches {
    private static final String BODY_SHAPE = "The body must be a JSON object {\"rows\": [...]}.";

    private AdminBatches() {}

    /**
     * How much one request may carry.
     *
     * @param maxRows     rows per request (the reconcile client sends 10 000)
     * @param maxRowBytes a generous bound of one row's JSON, which sizes the body limit
     */
    record Limits(int maxRows, int maxRowBytes) {
        long bodyLimit() {
            return (long) maxRows * maxRowBytes;
        }
    }

    /** Reads one row of a batch; throws {@link IllegalArgumentException} saying what is wrong with it. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(JsonObject row);
    }

    static void requireAdmin(RoutingContext ctx, String what) {
        if (!Caller.of(ctx).isAdmin()) throw ApiException.forbidden("Only the admin key may read or write " + what + ".");
    }

    /** Every row of the body, each read by {@code reader}; a 400 naming the first bad row. */
    static <T> List<T> parse(RoutingContext ctx, Limits limits, RowReader<T> reader) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw ApiException.badRequest(BODY_SHAPE);
        }
        if (body == null || !(body.getValue("rows") instanceof JsonArray arr)) throw ApiException.badRequest(BODY_SHAPE);
        if (arr.size() > limits.maxRows()) {
            throw ApiException.badRequest("At most " + limits.maxRows() + " rows per request; send them in batches.");
        }
        List<T> rows = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            String where = "Row " + i + ": ";
            if (!(arr.getValue(i) instanceof JsonObject r)) throw ApiException.badRequest(where + "must be an object.");
            try {
                rows.add(reader.read(r));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(where + e.getMessage() + ".");
            }
        }
        return rows;
    }

    /** A field that must hold text. */
    static String text(JsonObject r, String field) {
        if (!(r.getValue(field) instanceof String s) || s.isBlank()) throw new IllegalArgumentException(field + " is missing");
        return s;
    }

    /** A field that must hold a whole number. */
    static long wholeNumber(JsonObject r, String field) {
        Object v = r.getValue(field);
        if (v == null) throw new IllegalArgumentException(field + " is missing");
        if (!(v instanceof Number n) || n.doubleValue() != n.longValue()) {
            throw new IllegalArgumentException(field + " must be a whole number");
        }
        return n.longValue();
    }

    /** A field that must hold an ISO-8601 UTC time, e.g. {@code example}. */
    static long time(JsonObject r, String field, String example) {
        try {
            return Instant.parse(text(r, field)).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 UTC time like " + example);
        }
    }

    /** A version field that must be of the reconciliation band. */
    static long reconciledVersion(JsonObject r, String field) {
        long version = wholeNumber(r, field);
        if (!WriteVersions.isReconciled(version)) {
            throw new IllegalArgumentException(field + " " + version + " is not a reconciliation version (at least "
                    + WriteVersions.RECONCILED_BASE + "); only reconciliation writes through this endpoint");
        }
        return version;
    }

    /** The answer of a read: the range and its rows. */
    static <T> JsonObject rowsAnswer(TimeRange range, List<T> rows, Function<T, JsonObject> toJson) {
        JsonArray out = new JsonArray();
        for (T r : rows) out.add(toJson.apply(r));
        return range.putInto(new JsonObject()).put("rows", out);
    }
}
