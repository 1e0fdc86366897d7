package dev.adclick.reconcile.compute;

import dev.adclick.core.archive.ImpressionArchiveColumn;
import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.impression.ImpressionKind;
import dev.adclick.core.reach.HourReach;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import static dev.adclick.core.archive.ImpressionArchiveColumn.AD_ID;
import static dev.adclick.core.archive.ImpressionArchiveColumn.COUNTRY;
import static dev.adclick.core.archive.ImpressionArchiveColumn.DEVICE;
import static dev.adclick.core.archive.ImpressionArchiveColumn.PLACEMENT;
import static dev.adclick.core.archive.ImpressionArchiveColumn.IMPRESSION_ID;
import static dev.adclick.core.archive.ImpressionArchiveColumn.IP_HASH;
import static dev.adclick.core.archive.ImpressionArchiveColumn.KIND;
import static dev.adclick.core.archive.ImpressionArchiveColumn.TS;
import static dev.adclick.core.archive.ImpressionArchiveColumn.UA_HASH;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * The exact impression counts and reach of a period, computed with Spark from the impression
 * archive ({@code <archive>/impressions/dt=…/hour=…}, docs/architecture.md, Counting semantics):
 *
 * <ol>
 *   <li>Rows without an impression id, ad id or ts, or with a kind other than {@code served} /
 *       {@code rendered}, are not impressions and are skipped.</li>
 *   <li>Dedupe by {@code (impression_id, kind)} ({@code Impression.dedupeId()}), keeping the earliest
 *       ts (ties: smallest ad_id, then ip_hash, ua_hash, placement, country, device, nulls first); the event counts in the
 *       minute of that ts. An id+kind that occurred in the look-back window before the period
 *       counted there. Served and rendered events of one impression are counted apart.</li>
 *   <li>Per (ad, minute) — the total row — and per (ad, minute, placement, country, device) — the
 *       breakdown rows: {@code served_impressions} and {@code impressions} (rendered); missing
 *       dimension values count as {@code unknown}.</li>
 *   <li>Per (ad, UTC hour): the {@code UniqueUsers} sketch of the deduped rendered events.</li>
 * </ol>
 * The archive may be ~100× the click archive: only {@link ImpressionArchiveColumn#COUNTING} is read,
 * the deduped events are kept (memory, spilling to disk) for the two aggregations instead of being
 * recomputed, and only aggregates reach the driver.
 */
public final class ImpressionCounts {
    private static final String MINUTE = "minute", HOUR = "hour", RENDERED = "rendered", SKETCH = "sketch";
    private static final List<String> DEDUPE_ID = List.of(IMPRESSION_ID.column(), KIND.column());
    /** The archive's columns of the breakdown rows' dimensions, in {@code Dimension} order. */
    private static final List<String> DIMENSIONS = List.of(PLACEMENT.column(), COUNTRY.column(), DEVICE.column());

    private final SparkSession spark;

    public ImpressionCounts(SparkSession spark) {
        this.spark = Objects.requireNonNull(spark, "spark");
        EarliestCopies.configure(spark);
    }

    /**
     * @param rows      total and breakdown rows with both impression columns, version 0, in {@link PeriodRows#ORDER}
     * @param reach     per (ad, hour) with rendered impressions, version 0, ordered by ad then hour
     * @param served    unique served impressions counted
     * @param rendered  unique rendered impressions counted
     */
    public record Result(List<MinuteCount> rows, List<HourReach> reach, long served, long rendered) {}

    /** Number of records in the files (from Parquet footers; duplicates and invalid rows included). */
    public long records(List<String> files) {
        return files.isEmpty() ? 0 : read(files).count();
    }

    /**
     * @param periodFiles   impression archive files of the period's partitions, not empty
     * @param lookbackFiles impression archive files of the partitions before the period (may be empty)
     * @param lookbackFrom  start of the look-back window (inclusive); equal to {@code from} for none
     */
    public Result compute(List<String> periodFiles, List<String> lookbackFiles, Instant from, Instant to, Instant lookbackFrom) {
        Column isRendered = col(KIND.column()).equalTo(ImpressionKind.RENDERED.json());
        // only rendered events have users that count: the kept copy holds no hashes for served ones
        Dataset<Row> events = deduped(periodFiles, lookbackFiles, from.toEpochMilli(), to.toEpochMilli(), lookbackFrom.toEpochMilli())
                .select(col(AD_ID.column()), col(TS.column()).minus(col(TS.column()).mod(60_000L)).as(MINUTE), isRendered.as(RENDERED),
                        when(isRendered, col(IP_HASH.column())).as(IP_HASH.column()), when(isRendered, col(UA_HASH.column())).as(UA_HASH.column()),
                        col(PLACEMENT.column()), col(COUNTRY.column()), col(DEVICE.column()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            // one grouping by the dimensions: CountRows makes the breakdown rows and their totals of it
            List<MinuteCount> rows = CountRows.collect(events.groupBy(CountRows.keyColumns(AD_ID.column(), MINUTE, DIMENSIONS)).agg(
                    sum(when(col(RENDERED), 0L).otherwise(1L)).as(CountColumn.SERVED_IMPRESSIONS.column()),
                    sum(when(col(RENDERED), 1L).otherwise(0L)).as(CountColumn.IMPRESSIONS.column())));
            List<HourReach> reach = new ArrayList<>();
            for (Row r : events.where(col(RENDERED))
                    .groupBy(col(AD_ID.column()), col(MINUTE).minus(col(MINUTE).mod(HourReach.HOUR_MS)).as(HOUR))
                    .agg(UniqueUsersAggregator.function().apply(col(IP_HASH.column()), col(UA_HASH.column())).as(SKETCH))
                    .collectAsList()) {
                reach.add(new HourReach(r.getString(0), r.getLong(1), r.getAs(SKETCH), 0));
            }
            reach.sort(Comparator.comparing(HourReach::adId).thenComparingLong(HourReach::hour));
            long served = rows.stream().filter(m -> m.dims().isTotal()).mapToLong(m -> m.counts().servedImpressions()).sum();
            long rendered = rows.stream().filter(m -> m.dims().isTotal()).mapToLong(m -> m.counts().impressions()).sum();
            return new Result(rows, reach, served, rendered);
        } finally {
            events.unpersist();
        }
    }

    private Dataset<Row> read(List<String> files) {
        return spark.read().schema(ArchiveSchema.impressions(ImpressionArchiveColumn.COUNTING, true)).parquet(files.toArray(String[]::new));
    }

    /** One row per (impression_id, kind): its earliest occurrence in {@code [from, to)}, not seen in the look-back window. */
    private Dataset<Row> deduped(List<String> periodFiles, List<String> lookbackFiles, long from, long to, long lookbackFrom) {
        Dataset<Row> valid = read(periodFiles).where(isImpression().and(col(AD_ID.column()).isNotNull())
                .and(col(TS.column()).geq(from)).and(col(TS.column()).lt(to)));
        Dataset<Row> copies = EarliestCopies.of(valid, DEDUPE_ID, col(TS.column()), col(AD_ID.column()),
                col(IP_HASH.column()).asc_nulls_first(), col(UA_HASH.column()).asc_nulls_first(),
                col(PLACEMENT.column()).asc_nulls_first(), col(COUNTRY.column()).asc_nulls_first(), col(DEVICE.column()).asc_nulls_first());
        if (lookbackFiles.isEmpty() || lookbackFrom >= from) return copies;
        Dataset<Row> earlier = read(lookbackFiles).where(isImpression().and(col(TS.column()).geq(lookbackFrom)).and(col(TS.column()).lt(from)));
        return EarliestCopies.notSeenIn(copies, earlier, DEDUPE_ID);
    }

    /** A row with a dedupe id, a time and a known kind. */
    private static Column isImpression() {
        Object[] kinds = Arrays.stream(ImpressionKind.values()).map(ImpressionKind::json).toArray();
        return col(IMPRESSION_ID.column()).isNotNull().and(col(TS.column()).isNotNull()).and(col(KIND.column()).isin(kinds));
    }
}
