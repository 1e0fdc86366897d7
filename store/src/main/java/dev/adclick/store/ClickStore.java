package dev.adclick.store;

import dev.adclick.core.count.Counts;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.core.reach.UniqueUsers;

import java.util.Collection;
import java.util.List;

/**
 * The OLAP tables {@code ad_clicks_minute}, {@code ad_clicks_hour} and {@code ad_clicks_day}
 * (docs/architecture.md, Contracts, store tables), whatever the backend.
 *
 * <p>Writes ({@link MinuteRows#upsert}) are idempotent upserts of absolute counts: a row replaces the
 * stored one for the same {@code (ad_id, minute, placement, country, device)} only if its version is
 * higher, so replays and retries are harmless and a reconciled row (high version band) cannot be
 * overwritten by the stream. The same call recomputes the hour and day rollups its rows fall in. Implementations are
 * thread-safe. Times are epoch milliseconds UTC; ranges are {@code [from, to)}.
 */
public interface ClickStore extends MinuteRows {

    /**
     * Clicks of one ad bucketed by the granularity, empty buckets omitted, ordered by start.
     *
     * @param adId  the ad, not null
     * @param from  inclusive, epoch ms
     * @param to    exclusive, epoch ms
     */
    default List<Bucket> series(String adId, long from, long to, Granularity granularity) throws StoreUnavailableException {
        return series(adId, from, to, granularity, DimensionFilter.NONE);
    }

    /**
     * The series of one ad's counts restricted by a filter: {@link DimensionFilter#NONE} reads the
     * total rows, any other filter sums the breakdown rows it matches. Hour and day buckets read the
     * rollups.
     */
    List<Bucket> series(String adId, long from, long to, Granularity granularity, DimensionFilter filter)
            throws StoreUnavailableException;

    /** Sums of one ad's counts over a range ({@link Counts#ZERO} if it has no rows). */
    default Counts totals(String adId, long from, long to) throws StoreUnavailableException {
        return totals(adId, from, to, DimensionFilter.NONE);
    }

    /** Sums of one ad's counts over a range under a filter; long ranges read the rollups. */
    default Counts totals(String adId, long from, long to, DimensionFilter filter) throws StoreUnavailableException {
        return totalsOf(List.of(adId), from, to, filter);
    }

    /**
     * Sums of the counts of several ads over a range under a filter, in one read ({@link Counts#ZERO}
     * if none has rows): an advertiser's or the whole catalogue's totals cost one statement, not one per ad.
     *
     * @param onlyAds these ads, or {@code null} for every ad in the store
     */
    Counts totalsOf(Collection<String> onlyAds, long from, long to, DimensionFilter filter) throws StoreUnavailableException;

    /**
     * One ad's counts over a range per value of one dimension, under a filter (which may restrict
     * that dimension too), most clicks first, ties by key. The rows sum to {@link #totals} over the
     * same range and filter. Rows whose counts are all 0 are left out.
     */
    List<BreakdownRow> breakdown(String adId, long from, long to, Dimension by, DimensionFilter filter)
            throws StoreUnavailableException;

    /**
     * Ads with the most clicks in the range, most first, ties by ad id.
     *
     * @param onlyAds restrict to these ads, or {@code null} for all ads
     */
    default List<AdCounts> top(long from, long to, int limit, Collection<String> onlyAds) throws StoreUnavailableException {
        return top(from, to, limit, onlyAds, TopOrder.CLICKS, 0);
    }

    /**
     * Ads ranked by {@code by} over the range, highest first, ties by ad id.
     *
     * @param onlyAds        restrict to these ads, or {@code null} for all ads
     * @param minImpressions leave out ads with fewer rendered impressions in the range (0: none left out;
     *                       a CTR ranking always leaves out ads without impressions)
     */
    default List<AdCounts> top(long from, long to, int limit, Collection<String> onlyAds, TopOrder by, long minImpressions)
            throws StoreUnavailableException {
        return top(from, to, limit, onlyAds, by, minImpressions, DimensionFilter.NONE);
    }

    /** {@link #top} over the breakdown rows a filter matches ({@link DimensionFilter#NONE}: the totals). */
    List<AdCounts> top(long from, long to, int limit, Collection<String> onlyAds, TopOrder by, long minImpressions,
                       DimensionFilter filter) throws StoreUnavailableException;

    /**
     * The distinct users of these ads' rendered impressions over every whole UTC hour that
     * {@code [from, to)} touches: the union of their {@code ad_reach_hour} sketches (empty if none).
     *
     * @param adIds these ads, or {@code null} for every ad in the store
     */
    UniqueUsers reach(Collection<String> adIds, long from, long to) throws StoreUnavailableException;

    /**
     * Records the status of one writer (one sink subtask). Replaces that writer's previous report.
     *
     * @param writerId stable id of the writer, e.g. "aggregate/0" for subtask 0
     */
    void recordStatus(String writerId, PipelineStatus status) throws StoreUnavailableException;
}
