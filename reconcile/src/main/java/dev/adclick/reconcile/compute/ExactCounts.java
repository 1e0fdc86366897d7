package dev.adclick.reconcile.compute;

import dev.adclick.core.archive.ArchiveColumn;
import dev.adclick.core.click.Click;
import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.fraud.CountRule;
import dev.adclick.core.fraud.FraudRules;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static dev.adclick.core.archive.ArchiveColumn.AD_ID;
import static dev.adclick.core.archive.ArchiveColumn.CLICK_ID;
import static dev.adclick.core.archive.ArchiveColumn.COUNTRY;
import static dev.adclick.core.archive.ArchiveColumn.DEVICE;
import static dev.adclick.core.archive.ArchiveColumn.PLACEMENT;
import static dev.adclick.core.archive.ArchiveColumn.IP_HASH;
import static dev.adclick.core.archive.ArchiveColumn.TS;
import static dev.adclick.core.archive.ArchiveColumn.VERIFIED;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * The exact per-ad per-minute counts of a period, computed with Spark from archive files
 * (docs/architecture.md, Counting semantics, layer 3).
 *
 * <ol>
 *   <li>Dedupe by {@code click_id}, keeping the earliest {@code ts} (ties: smallest ad_id, then
 *       ip_hash with null first, then verified, then placement, country, device with null first —
 *       deterministic); the click counts in the minute of that ts.
 *       A click_id that also occurs in the look-back window before the period counted there, so
 *       it is dropped here.</li>
 *   <li>Fraud, generically over {@link FraudRules#countRules()}: Spark computes the size of each
 *       flagged unit (minute, ip_hash, ad) and, per rule, of the rule's group (a window over its
 *       grouping's columns); whether a group is suspicious is decided by the rule object itself
 *       ({@link CountRule#exceeds}) in a UDF, so each rule has one definition shared with the stream.
 *       Click rules, if any, are {@link FraudRules#flagsClick} in a UDF over the click's columns
 *       ({@link ArchiveColumn#CLICK}, the dimensions included, set on a {@link Click} as the stream
 *       has it), whatever they look at; their clicks are suspicious and left out of the groups.</li>
 *   <li>Per (ad, minute) and per (ad, minute, placement, country, device) — the total row and the
 *       breakdown rows, {@code FraudRules#rowsOf}: clicks = not suspicious, verified_clicks =
 *       verified part of clicks, suspicious_clicks apart. Missing dimension values (files written
 *       before the columns existed read them as null) count as {@code unknown}.</li>
 * </ol>
 */
public final class ExactCounts {
    private final SparkSession spark;
    private final FraudRules rules;
    /** The archive's columns of the breakdown rows' dimensions, in {@code Dimension} order. */
    private static final List<String> DIMENSIONS = List.of(PLACEMENT.column(), COUNTRY.column(), DEVICE.column());

    private final List<ArchiveColumn> columns;

    public ExactCounts(SparkSession spark, FraudRules rules) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.rules = Objects.requireNonNull(rules, "rules");
        // per-click rules may look at any column of the click; without them counting reads fewer columns
        this.columns = rules.clickRules().isEmpty() ? ArchiveColumn.COUNTING : ArchiveColumn.CLICK;
        EarliestCopies.configure(spark);
    }

    /** What one computation found: total and breakdown rows; the click numbers count each click once. */
    public record Result(List<MinuteCount> rows, long uniqueClicks, long suspiciousClicks) {}

    /**
     * @param periodFiles   archive files of the period's partitions, not empty
     * @param lookbackFiles archive files of the partitions before the period (may be empty)
     * @param from          period start, inclusive
     * @param to            period end, exclusive
     * @param lookbackFrom  start of the look-back window (inclusive); equal to {@code from} for none
     * @return per (ad, minute) the total row and its breakdown rows, version 0 (the caller sets the
     *         write version), in {@link PeriodRows#ORDER}
     */
    public Result compute(List<String> periodFiles, List<String> lookbackFiles, Instant from, Instant to, Instant lookbackFrom) {
        Dataset<Row> deduped = dedupe(read(periodFiles), lookbackFiles, from.toEpochMilli(), to.toEpochMilli(), lookbackFrom.toEpochMilli());
        Dataset<Row> counts = countWithFraudRules(deduped);
        List<MinuteCount> rows = CountRows.collect(counts);
        long unique = 0;
        long suspicious = 0;
        for (MinuteCount m : rows) {
            if (!m.dims().isTotal()) continue;
            unique += m.clicks() + m.suspiciousClicks();
            suspicious += m.suspiciousClicks();
        }
        return new Result(rows, unique, suspicious);
    }

    /** Number of archive records in the files (from Parquet footers; duplicates included). */
    public long records(List<String> files) {
        if (files.isEmpty()) return 0;
        return read(files).count();
    }

    private Dataset<Row> read(List<String> files) {
        return spark.read().schema(ArchiveSchema.struct(columns, true)).parquet(files.toArray(String[]::new));
    }

    /** One row per click_id: its earliest occurrence, inside {@code [from, to)} and not seen before {@code from}. */
    Dataset<Row> dedupe(Dataset<Row> raw, List<String> lookbackFiles, long from, long to, long lookbackFrom) {
        Dataset<Row> valid = raw.where(col(CLICK_ID.column()).isNotNull().and(col(AD_ID.column()).isNotNull()).and(col(TS.column()).isNotNull())
                .and(col(TS.column()).geq(from)).and(col(TS.column()).lt(to)));
        Dataset<Row> inPeriod = EarliestCopies.of(valid, List.of(CLICK_ID.column()),
                col(TS.column()), col(AD_ID.column()), col(IP_HASH.column()).asc_nulls_first(), col(VERIFIED.column()),
                col(PLACEMENT.column()).asc_nulls_first(), col(COUNTRY.column()).asc_nulls_first(), col(DEVICE.column()).asc_nulls_first())
                .select(columns(columns));
        if (lookbackFiles.isEmpty() || lookbackFrom >= from) return inPeriod;
        Dataset<Row> earlier = read(lookbackFiles)
                .where(col(TS.column()).geq(lookbackFrom).and(col(TS.column()).lt(from)).and(col(CLICK_ID.column()).isNotNull()));
        return EarliestCopies.notSeenIn(inPeriod, earlier, List.of(CLICK_ID.column()));
    }

    /**
     * Per (ad_id, minute, placement, country, device) as the archive holds them: the count columns
     * ({@link CountColumn}), all-or-nothing per flagged unit. {@link CountRows#collect} makes the
     * breakdown rows and their totals of it.
     */
    Dataset<Row> countWithFraudRules(Dataset<Row> deduped) {
        String ip = IP_HASH.column();
        String ad = AD_ID.column();
        // One shuffle by (minute, ip_hash) serves the unit sizes and every rule's window: every
        // grouping is per minute and ip_hash, refined by more columns or not.
        boolean byClick = !rules.clickRules().isEmpty();
        Dataset<Row> clicks = deduped.withColumn("minute", col(TS.column()).minus(col(TS.column()).mod(60_000L)));
        // clicks a click rule flags form units of their own, suspicious, and take no part in the groups
        if (byClick) clicks = clicks.withColumn("by_click", flagsClick(rules).apply(struct(columns(ArchiveColumn.CLICK))));
        // The units are split by the dimension values too, so one aggregation below gives every
        // breakdown row; the rules' groups (a unit's size included) are windows over them, which
        // ignore the dimensions: a unit is flagged or not as a whole, whatever its clicks' dimensions.
        List<Column> unit = new ArrayList<>(List.of(col("minute"), col(ip), col(ad)));
        if (byClick) unit.add(col("by_click"));
        DIMENSIONS.forEach(d -> unit.add(col(d)));
        Dataset<Row> units = clicks
                .repartition(col("minute"), col(ip))
                .groupBy(unit.toArray(Column[]::new))
                .agg(count(lit(1)).as("n"), sum(when(col(VERIFIED.column()), 1L).otherwise(0L)).as("v"));
        Column grouped = byClick ? when(col("by_click"), 0L).otherwise(col("n")) : col("n");
        Column suspicious = byClick ? col("by_click") : lit(false);
        for (CountRule rule : rules.countRules()) {
            Column groupSize = sum(grouped).over(Window.partitionBy(groupingColumns(rule)));
            suspicious = suspicious.or(exceeds(rule).apply(col(ip), groupSize));
        }
        Dataset<Row> flagged = units.withColumn("susp", suspicious);
        return flagged.groupBy(CountRows.keyColumns(ad, "minute", DIMENSIONS))
                .agg(sum(when(col("susp"), 0L).otherwise(col("n"))).as(CountColumn.CLICKS.column()),
                        sum(when(col("susp"), 0L).otherwise(col("v"))).as(CountColumn.VERIFIED_CLICKS.column()),
                        sum(when(col("susp"), col("n")).otherwise(0L)).as(CountColumn.SUSPICIOUS_CLICKS.column()));
    }

    private static Column[] columns(List<ArchiveColumn> archiveColumns) {
        return archiveColumns.stream().map(c -> col(c.column())).toArray(Column[]::new);
    }

    /** The click rules' decision as a UDF of the click's columns ({@link ArchiveColumn#CLICK}, in order). */
    private static UserDefinedFunction flagsClick(FraudRules rules) {
        return udf((UDF1<Row, Boolean>) row -> {
            Click c = new Click();
            for (int i = 0; i < ArchiveColumn.CLICK.size(); i++) ArchiveColumn.CLICK.get(i).setOn(c, row.get(i));
            return rules.flagsClick(c);
        }, DataTypes.BooleanType).withName("click_rules");
    }

    private static Column[] groupingColumns(CountRule rule) {
        List<Column> cols = new ArrayList<>();
        cols.add(col("minute"));
        for (ArchiveColumn c : rule.grouping().columns()) cols.add(col(c.column()));
        return cols.toArray(Column[]::new);
    }

    /** The rule's own decision as a UDF of (ip_hash, group size): one definition for stream and batch. */
    private static UserDefinedFunction exceeds(CountRule rule) {
        return udf((UDF2<String, Long, Boolean>) (ip, size) -> FraudRules.isGroupable(ip) && rule.exceeds(size),
                DataTypes.BooleanType).withName(rule.ruleId().replace('-', '_'));
    }
}
