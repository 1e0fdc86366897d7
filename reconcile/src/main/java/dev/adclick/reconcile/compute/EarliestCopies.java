package dev.adclick.reconcile.compute;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

/**
 * The dedupe rule of layer 3, for clicks and impressions alike (docs/architecture.md, Counting
 * semantics): an id counts once, as its earliest copy, and not at all if it already occurred in the
 * look-back window before the period (it counted there).
 *
 * <p>The earliest copy is chosen with a window ({@code row_number} over the id, ordered by ts and
 * tie-breaking columns): one shuffle and one sort. {@code min(struct(…))} would be a sort-based
 * aggregate (string buffers) that sorts twice, and Spark's window-group-limit would add a partial
 * sort before the shuffle although duplicates are rare, so it is switched off.
 */
final class EarliestCopies {
    private EarliestCopies() {}

    /** Switches off the partial top-1 before the shuffle (see the class comment); a session setting. */
    static void configure(SparkSession spark) {
        spark.conf().set("spark.sql.optimizer.windowGroupLimitThreshold", "-1");
    }

    /**
     * @param rows  valid rows of the period
     * @param id    the columns that make up the dedupe id
     * @param order ts first, then enough columns to make the choice deterministic
     * @return one row per id, the columns of {@code rows}
     */
    static Dataset<Row> of(Dataset<Row> rows, List<String> id, Column... order) {
        Column[] ids = id.stream().map(c -> col(c)).toArray(Column[]::new);
        return rows.withColumn("copy", row_number().over(Window.partitionBy(ids).orderBy(order)))
                .where(col("copy").equalTo(1))
                .drop("copy");
    }

    /** {@code copies} without the ids that occur in {@code earlier} (the look-back window's ids). */
    static Dataset<Row> notSeenIn(Dataset<Row> copies, Dataset<Row> earlier, List<String> id) {
        return copies.join(earlier.select(id.stream().map(c -> col(c)).toArray(Column[]::new)), id.toArray(String[]::new), "left_anti");
    }
}
