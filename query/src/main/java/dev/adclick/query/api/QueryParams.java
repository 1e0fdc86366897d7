package dev.adclick.query.api;

import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.query.http.ApiException;
import dev.adclick.store.Granularity;
import dev.adclick.store.TopOrder;
import io.vertx.ext.web.RoutingContext;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and checks query parameters. Every refusal is a 400 whose message says what was wrong and
 * what would be accepted, without echoing parser internals.
 */
public final class QueryParams {
    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 1000;
    private static final long DAY_MS = 86_400_000L;
    private static final String EXAMPLE_TIME = "2026-11-27T10:00:00Z";

    private final int maxRangeDays;
    private final int maxBuckets;
    private final int maxBreakdownRows;

    public QueryParams(int maxRangeDays, int maxBuckets, int maxBreakdownRows) {
        this.maxRangeDays = maxRangeDays;
        this.maxBuckets = maxBuckets;
        this.maxBreakdownRows = maxBreakdownRows;
    }

    /**
     * The filters {@code placement=}, {@code country=}, {@code device=}: each absent (any value) or
     * one value, kept as given (free text: a value no event has selects nothing, an empty answer, not
     * an error); {@code unknown} selects events without one. Blank, repeated and {@code *} are 400s:
     * {@code *} marks the total rows, it is no value an event can have.
     */
    public DimensionFilter filter(RoutingContext ctx) {
        Map<Dimension, String> values = new EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            List<String> raw = ctx.queryParam(d.field());
            if (raw.isEmpty()) continue;
            if (raw.size() > 1) {
                throw ApiException.badRequest("'" + d.field() + "' takes one value, not " + raw.size() + "; leave it out for all values.");
            }
            String v = raw.get(0).trim();
            if (v.isEmpty() || Dimensions.ALL.equals(v)) {
                throw ApiException.badRequest("'" + d.field() + "' must be one value (e.g. '" + example(d) + "', or '"
                        + Dimension.UNKNOWN + "' for events without one), not '" + shorten(raw.get(0))
                        + "'; leave it out for all values.");
            }
            values.put(d, v);
        }
        return DimensionFilter.of(values);
    }

    /** The required {@code by=placement|country|device} of a breakdown. */
    public Dimension breakdownBy(RoutingContext ctx) {
        String raw = single(ctx, "by");
        if (raw == null) throw ApiException.badRequest("'by' is required: one of " + Dimension.accepted() + ".");
        return Dimension.parse(raw.trim()).orElseThrow(() -> ApiException.badRequest(
                "'by' must be one of " + Dimension.accepted() + ", not '" + shorten(raw) + "'."));
    }

    /** Refuses a breakdown of more than {@code maxBreakdownRows} keys (free-text placements can be many). */
    public void checkBreakdownRows(int rows, Dimension by) {
        if (rows > maxBreakdownRows) {
            throw ApiException.badRequest("That breakdown by " + by.field() + " has " + rows + " rows, more than the limit of "
                    + maxBreakdownRows + "; narrow it with a filter or a shorter range.");
        }
    }

    private static String example(Dimension d) {
        return switch (d) {
            case PLACEMENT -> "home";
            case COUNTRY -> "US";
            case DEVICE -> dev.adclick.core.dimension.Device.MOBILE.json();
        };
    }

    /** The required {@code from} and {@code to}, at most {@code maxRangeDays} apart. */
    public TimeRange range(RoutingContext ctx) {
        long from = time(ctx, "from");
        long to = time(ctx, "to");
        if (from > to) throw ApiException.badRequest("'from' must not be after 'to' (from is inclusive, to exclusive).");
        if (to - from > maxRangeDays * DAY_MS) {
            throw ApiException.badRequest("The range is longer than " + maxRangeDays + " days; ask for at most "
                    + maxRangeDays + " days at a time.");
        }
        return new TimeRange(from, to);
    }

    /** {@code minute|hour|day}; minute when absent. */
    public Granularity granularity(RoutingContext ctx) {
        String raw = single(ctx, "granularity");
        if (raw == null) return Granularity.MINUTE;
        return Granularity.parse(raw).orElseThrow(() -> ApiException.badRequest(
                "'granularity' must be minute, hour or day, not '" + shorten(raw) + "'."));
    }

    /** Refuses a series that would hold more than {@code maxBuckets} buckets. */
    public void checkBuckets(TimeRange range, Granularity g) {
        if (range.millis() == 0) return;
        long buckets = (g.bucketStart(range.to() - 1) - g.bucketStart(range.from())) / g.millis() + 1;
        if (buckets > maxBuckets) {
            throw ApiException.badRequest("That range holds " + buckets + " " + g.label() + " buckets, more than the limit of "
                    + maxBuckets + "; use a coarser granularity or a shorter range.");
        }
    }

    /** {@code limit} between 1 and {@value #MAX_LIMIT}; {@value #DEFAULT_LIMIT} when absent. */
    public int limit(RoutingContext ctx) {
        return limit(ctx, DEFAULT_LIMIT);
    }

    /** {@code limit} between 1 and {@value #MAX_LIMIT}; {@code whenAbsent} when absent. */
    public int limit(RoutingContext ctx, int whenAbsent) {
        String raw = single(ctx, "limit");
        if (raw == null) return whenAbsent;
        int limit;
        try {
            limit = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("'limit' must be a whole number from 1 to " + MAX_LIMIT + ", not '" + shorten(raw) + "'.");
        }
        return limit;
    }

    /** {@code by=clicks|impressions|ctr}; clicks when absent. */
    public TopOrder topOrder(RoutingContext ctx) {
        String raw = single(ctx, "by");
        if (raw == null) return TopOrder.CLICKS;
        return TopOrder.parse(raw.trim()).orElseThrow(() -> ApiException.badRequest(
                "'by' must be one of " + TopOrder.accepted() + ", not '" + shorten(raw) + "'."));
    }

    /** {@code min_impressions}, a whole number of 0 or more; 0 (no minimum) when absent. */
    public long minImpressions(RoutingContext ctx) {
        String raw = single(ctx, "min_impressions");
        if (raw == null) return 0;
        long min;
        try {
            min = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            min = -1;
        }
        if (min < 0) {
            throw ApiException.badRequest("'min_impressions' must be a whole number, 0 or more (e.g. 100 to rank by CTR only ads "
                    + "shown at least 100 times), not '" + shorten(raw) + "'.");
        }
        return min;
    }

    private static long time(RoutingContext ctx, String name) {
        String raw = single(ctx, name);
        if (raw == null) {
            throw ApiException.badRequest("'" + name + "' is required: an ISO-8601 UTC time such as " + EXAMPLE_TIME + ".");
        }
        try {
            // an unencoded '+' of an offset arrives as a space; a space is never part of a time
            return parseTime(raw.trim().replace(' ', '+'));
        } catch (DateTimeException | ArithmeticException e) {
            throw ApiException.badRequest("'" + name + "' is not a time: '" + shorten(raw)
                    + "'; use ISO-8601 such as " + EXAMPLE_TIME + ".");
        }
    }

    /** ISO instant ({@code …Z}), an offset time ({@code …+01:00}) or a plain date (midnight UTC). */
    static long parseTime(String s) {
        if (s.length() == 10) return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeException e) {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        }
    }

    private static String single(RoutingContext ctx, String name) {
        List<String> values = ctx.queryParam(name);
        if (values.isEmpty() || values.get(0).isBlank()) return null;
        return values.get(0);
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
