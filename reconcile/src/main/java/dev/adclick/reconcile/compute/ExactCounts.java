package dev.adclick.reconcile.compute;

import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.fraud.FraudRules;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * The exact per-ad per-minute counts of a period, computed with Spark from archive files
 * (DESIGN §4, layer 3).
 *
 * <ol>
 *   <li>Dedupe by {@code click_id}, keeping the earliest {@code ts} (ties: smallest ad_id, then
 *       ip_hash with null first, then verified — deterministic); the click counts in the minute of that ts.
 *       A click_id that also occurs in the look-back window before the period counted there, so
 *       it is dropped here.</li>
 *   <li>Fraud: group sizes per (minute, ip_hash, ad) and per (minute, ip_hash) are computed by
 *       Spark; whether a group is suspicious is decided by {@link FraudRules#isSuspicious}, called
 *       in a UDF, so the rule has one definition shared with the stream.</li>
 *   <li>Per (ad, minute): clicks = not suspicious, verified_clicks = verified part of clicks,
 *       suspicious_clicks apart.</li>
 * </ol>
 */
public final class ExactCounts {
    private final SparkSession spark;
    private final FraudRules rules;

    public ExactCounts(SparkSession spark, FraudRules rules) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.rules = Objects.requireNonNull(rules, "rules");
        // Otherwise Spark adds a per-partition top-1 before the shuffle, which sorts everything
        // twice although duplicates are rare.
        spark.conf().set("spark.sql.optimizer.windowGroupLimitThreshold", "-1");
    }

    /** What one computation found. */
    public record Result(List<MinuteCount> rows, long uniqueClicks, long suspiciousClicks) {}

    /**
     * @param periodFiles   archive files of the period's partitions, not empty
     * @param lookbackFiles archive files of the partitions before the period (may be empty)
     * @param from          period start, inclusive
     * @param to            period end, exclusive
     * @param lookbackFrom  start of the look-back window (inclusive); equal to {@code from} for none
     * @return rows with version 0 (the caller sets the write version), ordered by ad then minute
     */
    public Result compute(List<String> periodFiles, List<String> lookbackFiles, Instant from, Instant to, Instant lookbackFrom) {
        Dataset<Row> deduped = dedupe(read(periodFiles), lookbackFiles, from.toEpochMilli(), to.toEpochMilli(), lookbackFrom.toEpochMilli());
        Dataset<Row> counts = countWithFraudRules(deduped);
        List<MinuteCount> rows = new ArrayList<>();
        long unique = 0;
        long suspicious = 0;
        for (Row r : counts.collectAsList()) {
            long clicks = r.getLong(2);
            long susp = r.getLong(4);
            rows.add(new MinuteCount(r.getString(0), r.getLong(1), clicks, r.getLong(3), susp, 0));
            unique += clicks + susp;
            suspicious += susp;
        }
        rows.sort(Comparator.comparing(MinuteCount::adId).thenComparingLong(MinuteCount::minute));
        return new Result(rows, unique, suspicious);
    }

    /** Number of archive records in the files (from Parquet footers; duplicates included). */
    public long records(List<String> files) {
        if (files.isEmpty()) return 0;
        return read(files).count();
    }

    private Dataset<Row> read(List<String> files) {
        return spark.read().schema(ArchiveSchema.COUNTING).parquet(files.toArray(String[]::new));
    }

    /** One row per click_id: its earliest occurrence, inside {@code [from, to)} and not seen before {@code from}. */
    Dataset<Row> dedupe(Dataset<Row> raw, List<String> lookbackFiles, long from, long to, long lookbackFrom) {
        // The earliest copy per click_id, ties broken by the other columns. A window sorts once
        // after one shuffle; min(struct(...)) would run as a sort-based aggregate, sorting twice.
        Dataset<Row> inPeriod = raw
                .where(col("click_id").isNotNull().and(col("ad_id").isNotNull()).and(col("ts").isNotNull())
                        .and(col("ts").geq(from)).and(col("ts").lt(to)))
                .withColumn("copy", row_number().over(Window.partitionBy(col("click_id"))
                        .orderBy(col("ts"), col("ad_id"), col("ip_hash").asc_nulls_first(), col("verified"))))
                .where(col("copy").equalTo(1))
                .select(col("click_id"), col("ts"), col("ad_id"), col("ip_hash"), col("verified"));
        if (lookbackFiles.isEmpty() || lookbackFrom >= from) return inPeriod;
        Dataset<Row> earlier = read(lookbackFiles)
                .where(col("ts").geq(lookbackFrom).and(col("ts").lt(from)).and(col("click_id").isNotNull()))
                .select(col("click_id"));
        return inPeriod.join(earlier, inPeriod.col("click_id").equalTo(earlier.col("click_id")), "left_anti");
    }

    /** Per (ad_id, minute): clicks, verified_clicks, suspicious_clicks. */
    Dataset<Row> countWithFraudRules(Dataset<Row> deduped) {
        FraudRules r = rules; // the UDF captures the rules object, not this class
        UserDefinedFunction suspicious = udf(
                (UDF3<String, Long, Long, Boolean>) (ip, onAd, acrossAds) -> r.isSuspicious(ip, onAd, acrossAds),
                DataTypes.BooleanType).withName("is_suspicious");
        // One shuffle by (minute, ip_hash) serves both the per-ad group sizes and the across-ads window.
        Dataset<Row> groups = deduped
                .withColumn("minute", col("ts").minus(col("ts").mod(60_000L)))
                .repartition(col("minute"), col("ip_hash"))
                .groupBy(col("minute"), col("ip_hash"), col("ad_id"))
                .agg(count(lit(1)).as("n"), sum(when(col("verified"), 1L).otherwise(0L)).as("v"))
                .withColumn("across", sum(col("n")).over(Window.partitionBy(col("minute"), col("ip_hash"))))
                .withColumn("susp", suspicious.apply(col("ip_hash"), col("n"), col("across")));
        return groups.groupBy(col("ad_id"), col("minute"))
                .agg(sum(when(col("susp"), 0L).otherwise(col("n"))).as("clicks"),
                        sum(when(col("susp"), 0L).otherwise(col("v"))).as("verified_clicks"),
                        sum(when(col("susp"), col("n")).otherwise(0L)).as("suspicious_clicks"));
    }
}
