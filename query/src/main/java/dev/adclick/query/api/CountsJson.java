package dev.adclick.query.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.store.AdCounts;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.List;

/**
 * How counts, CTR and reach appear in the API's answers (docs/architecture.md, Contracts, query
 * API). Count fields are named by {@link CountColumn}; the derived fields are named here, once.
 */
final class CountsJson {
    /** clicks / impressions (rendered), a number, or null without impressions ({@link Counts#ctr()}). */
    static final String CTR = "ctr";
    /** Estimated distinct users of rendered impressions (HLL) and its bounds. */
    static final String UNIQUE_USERS = "unique_users";
    static final String UNIQUE_USERS_LOWER = "unique_users_lower";
    static final String UNIQUE_USERS_UPPER = "unique_users_upper";
    /** 2 standard deviations: the true count lies within the bounds about 95 % of the time. */
    static final int BOUND_STANDARD_DEVIATIONS = 2;
    /** A top-ads line is short: what it can be ranked by, and the ratio. */
    private static final List<CountColumn> TOP_LINE_COLUMNS = List.of(CountColumn.CLICKS, CountColumn.IMPRESSIONS);

    private CountsJson() {}

    /** Every count column as a JSON field of that name: raw admin rows. */
    static JsonObject counts(Counts c) {
        JsonObject json = new JsonObject();
        for (CountColumn col : CountColumn.ALL) json.put(col.column(), c.get(col));
        return json;
    }

    /** Every count column and the CTR: series buckets. */
    static JsonObject withCtr(Counts c) {
        return counts(c).put(CTR, c.ctr());
    }

    /** Every count column, the CTR and the reach: the totals of an ad, a series or an advertiser. */
    static JsonObject totals(Counts c, UniqueUsers users) {
        return withCtr(c).mergeIn(reach(users));
    }

    /**
     * The estimate of distinct users and its bounds; all null for {@code null}: a filtered read, as
     * the sketches are kept per ad and hour, not per placement, country or device.
     */
    static JsonObject reach(UniqueUsers users) {
        if (users == null) return new JsonObject().putNull(UNIQUE_USERS).putNull(UNIQUE_USERS_LOWER).putNull(UNIQUE_USERS_UPPER);
        return new JsonObject()
                .put(UNIQUE_USERS, users.estimate())
                .put(UNIQUE_USERS_LOWER, users.lowerBound(BOUND_STANDARD_DEVIATIONS))
                .put(UNIQUE_USERS_UPPER, users.upperBound(BOUND_STANDARD_DEVIATIONS));
    }

    /** A row of a series ({@code start}) or a breakdown ({@code key}): that field, then every count and the CTR. */
    static JsonObject line(String field, Object value, Counts c) {
        return new JsonObject().put(field, value).mergeIn(withCtr(c));
    }

    /**
     * {@link #line} written straight to a generator, for answers too long to build as a tree (a day of
     * minutes: {@link SeriesJson}); the same fields in the same order, so the same bytes (SeriesJsonTest).
     */
    static void writeLine(JsonGenerator g, String field, String value, Counts c) throws IOException {
        g.writeStartObject();
        g.writeStringField(field, value);
        for (CountColumn col : CountColumn.ALL) g.writeNumberField(col.column(), c.get(col));
        Double ctr = c.ctr();
        if (ctr == null) g.writeNullField(CTR);
        else g.writeNumberField(CTR, ctr);
        g.writeEndObject();
    }

    /** The fields of a kind of row, in order, from one such row: a CSV's header names what the JSON rows hold. */
    static List<String> fields(JsonObject row) {
        return List.copyOf(row.fieldNames());
    }

    /** One line of a top-ads answer. */
    static JsonObject topLine(AdCounts a) {
        JsonObject json = new JsonObject().put(CountKey.AD_ID, a.adId());
        for (CountColumn col : TOP_LINE_COLUMNS) json.put(col.column(), a.counts().get(col));
        return json.put(CTR, a.counts().ctr());
    }
}
