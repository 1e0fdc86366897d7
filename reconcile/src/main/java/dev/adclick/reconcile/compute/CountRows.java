package dev.adclick.reconcile.compute;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects an aggregation {@code (ad_id, minute, <some count columns>)} as {@link MinuteCount}s.
 * Each archive gives the count columns it knows under their {@link CountColumn} names (clicks from
 * the click archive, impressions from the impression archive); the others are 0 here and come from
 * the other archive when the rows are combined ({@link PeriodRows}).
 */
final class CountRows {
    private CountRows() {}

    /** @param counts columns 0 = ad_id, 1 = minute (epoch ms), then count columns by name */
    static List<MinuteCount> collect(Dataset<Row> counts) {
        List<String> fields = List.of(counts.schema().fieldNames());
        int[] index = new int[CountColumn.ALL.size()];
        for (CountColumn c : CountColumn.ALL) index[c.ordinal()] = fields.indexOf(c.column());
        List<MinuteCount> out = new ArrayList<>();
        for (Row r : counts.collectAsList()) {
            out.add(new MinuteCount(r.getString(0), r.getLong(1), Counts.of(c -> index[c.ordinal()] < 0 ? 0 : r.getLong(index[c.ordinal()])), 0));
        }
        return out;
    }
}
