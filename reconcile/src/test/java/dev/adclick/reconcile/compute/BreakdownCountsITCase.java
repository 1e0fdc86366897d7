package dev.adclick.reconcile.compute;

import dev.adclick.core.archive.ArchiveColumn;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.core.fraud.FraudRules;
import dev.adclick.reconcile.BreakdownTestBase;
import dev.adclick.reconcile.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that Spark's counts ({@link ExactCounts}, {@link ImpressionCounts}) give every total and
 * breakdown row of the reference, from a real archive with dimensions, v1 records and a file written
 * before the dimension columns existed.
 */
class BreakdownCountsITCase extends BreakdownTestBase {
    static SparkSession spark;
    @TempDir static Path dir;
    static List<String> clickFiles;
    static List<String> impressionFiles;

    @BeforeAll
    static void writeArchive() throws IOException {
        spark = SharedSpark.get();
        writeBreakdownArchive(spark, dir);
        clickFiles = parquet(dir.resolve("dt=2026-11-27/hour=10"));
        impressionFiles = parquet(dir.resolve("impressions/dt=2026-11-27/hour=10"));
    }

    static List<String> parquetOf(Path partition) {
        try {
            return parquet(partition);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> parquet(Path partition) throws IOException {
        try (Stream<Path> files = Files.list(partition)) {
            return files.map(Path::toString).filter(p -> p.endsWith(".parquet")).sorted().toList();
        }
    }

    static MinuteCount row(String ad, String hhmm, Dimensions d, Counts c) {
        return new MinuteCount(ad, minute(hhmm), d, c, 0);
    }

    List<MinuteCount> clickRows(FraudRules rules) {
        List<String> lookback = parquetOf(dir.resolve("dt=2026-11-27/hour=09"));
        return new ExactCounts(spark, rules).compute(clickFiles, lookback, START, END, START.minusSeconds(86_400)).rows();
    }

    @Test
    void anOldLayoutFileIsReadWithoutTheDimensionColumnsAsNulls() throws IOException {
        // the premise: one of the period's files really lacks the columns
        List<String> old = clickFiles.stream().filter(f -> !List.of(spark.read().parquet(f).schema().fieldNames()).contains("placement")).toList();
        assertThat(old).hasSize(1);
        List<String> devices = spark.read().schema(ArchiveSchema.COUNTING).parquet(old.get(0)).select("device").distinct()
                .collectAsList().stream().map(r -> r.getString(0)).toList();
        assertThat(devices).containsExactly((String) null);
    }

    @Test
    void everyTotalAndBreakdownRowIsTheReferences() {
        List<MinuteCount> rows = clickRows(RULES_WITH_BOT);
        assertThat(rows).containsExactlyElementsOf(clickRowsTruth());
        // the same facts written out by hand (the reference could be wrong too)
        Dimensions topDeDesktop = new Dimensions("top", "DE", "desktop");
        assertThat(rows).contains(
                // a4 (v1), a5 (no values) and o1 (old file) are unknown; "early" counted in hour 09
                row("ad-1", "10:00", Dimensions.TOTAL, new Counts(6, 5, 0)),
                row("ad-1", "10:00", topDeDesktop, new Counts(2, 1, 0)),
                row("ad-1", "10:00", new Dimensions("side", "US", "mobile"), new Counts(1, 1, 0)),
                row("ad-1", "10:00", Dimensions.UNKNOWN, new Counts(3, 3, 0)),
                // the bot device: suspicious by itself
                row("ad-2", "10:01", new Dimensions("top", "DE", "bot"), new Counts(0, 0, 2)),
                row("ad-2", "10:01", topDeDesktop, new Counts(1, 1, 0)),
                row("ad-2", "10:05", new Dimensions("side", "GB", "mobile"), new Counts(2, 2, 0)),
                // a flagged group is flagged in every row it spans
                row("ad-4", "10:20", new Dimensions("top", "FR", "mobile"), new Counts(1, 1, 11)),
                row("ad-4", "10:20", new Dimensions("top", "FR", "desktop"), new Counts(0, 0, 10)),
                // the bot click is out of its ip's group, which stays at the threshold
                row("ad-5", "10:30", new Dimensions("side", "US", "tablet"), new Counts(20, 0, 0)),
                row("ad-5", "10:30", new Dimensions("side", "US", "bot"), new Counts(0, 0, 1)),
                row("ad-3", "10:10", new Dimensions("top", "FR", "desktop"), new Counts(1, 1, 0)),
                row("ad-6", "10:50", Dimensions.UNKNOWN, new Counts(1, 0, 0)));
        assertThat(rows).noneMatch(r -> r.minute() == minute("10:40"));
        assertTotalsAreSums(rows);
    }

    @Test
    void withoutTheClickRuleTheBotClicksCountInTheirGroups() {
        List<MinuteCount> rows = clickRows(new FraudRules(FraudRules.defaults().countRules())); // the count rules alone
        assertThat(rows).contains(row("ad-5", "10:30", Dimensions.TOTAL, new Counts(0, 0, 21)),
                row("ad-2", "10:01", new Dimensions("top", "DE", "bot"), new Counts(2, 2, 0)));
    }

    @Test
    void impressionRowsWithBreakdowns() {
        List<MinuteCount> rows = new ImpressionCounts(spark).compute(impressionFiles, List.of(), START, END, START).rows();
        assertThat(rows).containsExactlyElementsOf(impressionRowsTruth());
        assertThat(rows).contains(
                row("ad-1", "10:00", Dimensions.TOTAL, new Counts(0, 0, 0, 4, 3)),
                row("ad-1", "10:00", new Dimensions("top", "DE", "desktop"), new Counts(0, 0, 0, 3, 2)),
                row("ad-1", "10:00", new Dimensions("side", "DE", "desktop"), new Counts(0, 0, 0, 1, 0)),
                row("ad-1", "10:00", Dimensions.UNKNOWN, new Counts(0, 0, 0, 0, 1)));
        assertTotalsAreSums(rows);
    }

    @Test
    void oneShuffleServesTheUnitsAndEveryRulesWindowAndOneGroupingEveryRow() {
        Dataset<Row> clicks = spark.read().schema(ArchiveSchema.struct(ArchiveColumn.CLICK, true)).parquet(clickFiles.toArray(String[]::new));
        String plan = new ExactCounts(spark, RULES_WITH_BOT).countWithFraudRules(clicks).queryExecution().executedPlan().toString();
        // the repartition by (minute, ip_hash), which the rules' windows reuse, and the one grouping by
        // (ad, minute, dimensions) that gives breakdown and total rows: no exchange per window or per kind of row
        assertThat(plan.split("Exchange hashpartitioning", -1).length - 1).as(plan).isEqualTo(2);
    }

    /** The row model: per (ad, minute) one total row, equal to the sum of its breakdown rows. */
    static void assertTotalsAreSums(List<MinuteCount> rows) {
        Map<CountKey, Counts> sums = new HashMap<>();
        Map<CountKey, Counts> totals = new HashMap<>();
        for (MinuteCount m : rows) {
            if (m.dims().isTotal()) assertThat(totals.put(m.key(), m.counts())).as("one total row per key").isNull();
            else sums.merge(m.key().total(), m.counts(), Counts::plus);
        }
        assertThat(sums).isEqualTo(totals);
    }
}
