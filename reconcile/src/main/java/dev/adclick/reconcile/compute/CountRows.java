package dev.adclick.reconcile.compute;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.Dimensions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * Collects an aggregation {@code (ad_id, minute, placement, country, device, <some count columns>)}
 * as {@link MinuteCount}s: every breakdown row, and per (ad, minute) the total row as their sum.
 *
 * <p>One grouping per archive gives both kinds of rows: Spark groups by the raw dimension values
 * (what the archive holds, nulls included), and the driver normalises them with
 * {@link Dimensions#of} (the one definition of null, blank and "*" as {@code unknown}) and adds each
 * row to its total. So the total equals the sum of its breakdown rows by construction, no second
 * aggregation (nor grouping sets, which would duplicate every input row) runs, and no UDF runs per event.
 *
 * <p>Each archive gives the count columns it knows under their {@link CountColumn} names (clicks from
 * the click archive, impressions from the impression archive); the others are 0 here and come from
 * the other archive when the rows are combined ({@link PeriodRows}).
 */
final class CountRows {
    private CountRows() {}

    /**
     * {@code ad_id, minute} followed by the archive's dimension columns: what {@link #collect} expects first.
     *
     * @param dimensions the archive's columns of placement, country and device, in {@link Dimension} order
     */
    static Column[] keyColumns(String adId, String minute, List<String> dimensions) {
        if (dimensions.size() != Dimension.values().length) throw new IllegalArgumentException("one column per dimension: " + dimensions);
        List<Column> cols = new ArrayList<>(List.of(col(adId), col(minute)));
        dimensions.forEach(d -> cols.add(col(d)));
        return cols.toArray(Column[]::new);
    }

    /**
     * @param counts columns 0 = ad_id, 1 = minute (epoch ms), 2.. = the dimensions in {@link Dimension} order, then count columns by name
     * @return total and breakdown rows, version 0, in {@link PeriodRows#ORDER}
     */
    static List<MinuteCount> collect(Dataset<Row> counts) {
        List<String> fields = List.of(counts.schema().fieldNames());
        int[] index = new int[CountColumn.ALL.size()];
        for (CountColumn c : CountColumn.ALL) index[c.ordinal()] = fields.indexOf(c.column());
        int dims = 2;
        Map<CountKey, Counts> rows = new HashMap<>();
        for (Row r : counts.collectAsList()) {
            String ad = r.getString(0);
            long minute = r.getLong(1);
            Counts c = Counts.of(col -> index[col.ordinal()] < 0 ? 0 : r.getLong(index[col.ordinal()]));
            Dimensions d = Dimensions.of(r.getString(dims), r.getString(dims + 1), r.getString(dims + 2));
            rows.merge(new CountKey(ad, minute, d), c, Counts::plus);
            rows.merge(new CountKey(ad, minute), c, Counts::plus);
        }
        List<MinuteCount> out = new ArrayList<>(rows.size());
        rows.forEach((k, c) -> out.add(new MinuteCount(k, c, 0)));
        out.sort(PeriodRows.ORDER);
        return out;
    }
}
