package dev.adclick.store.clickhouse;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.store.CountTable;
import dev.adclick.store.RollupVersions;
import dev.adclick.store.StoreUnavailableException;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;


import static dev.adclick.store.clickhouse.ClickHouseSchema.literal;
import static dev.adclick.store.clickhouse.ClickHouseSchema.timeRange;

/**
 * The hour and day rollups in ClickHouse (docs/architecture.md, store tables): after the minute
 * INSERT of an upsert, one {@code INSERT … SELECT … FROM <finer table>} per rollup table
 * recomputes every (ad, hour) and then every (ad, day) the rows touch, total and breakdown rows
 * in the same statement, from the winning version of each source row.
 *
 * <p>Atomicity: ClickHouse makes one part per partition of each insert block and a reader sees a
 * part whole or not at all. A recompute's rows of one UTC month (the rollups' partition) are
 * one block as long as they stay below {@code min_insert_block_size_rows} (about 1M rows: far more
 * than an upsert touches), so a reader sees a period's total and breakdown rows change together.
 * The minute rows become visible one statement before their rollups: a read in between sees the
 * new minutes next to the previous rollup, each consistent in itself.
 *
 * <p>The winning source rows are taken with {@code argMax(…, version)} like every read, not with
 * {@code FROM … FINAL}: on 18.16 {@code FINAL} holds read buffers per part and column, and the
 * recompute of a batch over 90 days (one reconcile call) exceeded the 1 GB query memory limit.
 * The version is a write clock ({@link RollupVersions}), so a later recompute wins whether or not
 * the parts are merged yet.
 */
final class ClickHouseRollups {
    private ClickHouseRollups() {}

    /** Recomputes the rollups of the (ad, period)s of {@code rows} (one insert chunk) in {@code db}'s tables. */
    static void recompute(ClickHouseHttp http, String db, Collection<MinuteCount> rows) throws StoreUnavailableException {
        long first = rows.stream().mapToLong(MinuteCount::minute).min().orElseThrow();
        long last = rows.stream().mapToLong(MinuteCount::minute).max().orElseThrow();
        for (CountTable rollup : new CountTable[] {CountTable.HOUR, CountTable.DAY}) {
            CountTable source = rollup.source().orElseThrow();
            long p = rollup.period().millis();
            Set<String> ads = new LinkedHashSet<>();
            Set<String> touched = new LinkedHashSet<>();
            for (MinuteCount r : rows) {
                ads.add(literal(r.adId()));
                touched.add("(" + literal(r.adId()) + ", " + Math.floorDiv(r.minute(), p) * p / 1000 + ")");
            }
            // ad_id IN (…) on its own as well: a condition on the first key column selects primary-key
            // ranges, which the tuple condition alone may not
            String where = timeRange(source.timeColumn(), rollup.period().bucketStart(first), rollup.period().bucketStart(last) + p)
                    + " AND ad_id IN (" + String.join(", ", ads) + ")"
                    + " AND (ad_id, " + periodStart(source, rollup) + ") IN (" + String.join(", ", touched) + ")";
            http.execute(insert(rollup, db + "." + rollup.table(), db + "." + source.table(), where, RollupVersions.clock()));
        }
    }

    /**
     * {@code INSERT INTO target SELECT … GROUP BY key} over the winning source rows that {@code where}
     * (on key columns) selects: the rollup rows of every (ad, period, dimensions) there.
     */
    static String insert(CountTable rollup, String target, String source, String where, long clock) {
        CountTable from = rollup.source().orElseThrow();
        long seconds = rollup.period().millis() / 1000;
        return "INSERT INTO " + target + " (" + rollup.keyColumns() + ", " + CountColumn.join("", "") + ", version)"
                + " SELECT ad_id, toDateTime(intDiv(t, " + seconds + ") * " + seconds + ") AS period_start, " + CountTable.dimensionColumns()
                + ", " + CountColumn.joined(", ", c -> "sum(" + ClickHouseReads.latest(c) + ")") + ", " + RollupVersions.sql(clock, "ver")
                + " FROM (" + ClickHouseReads.latestRows(source, from, where) + ")"
                + " GROUP BY ad_id, period_start, " + CountTable.dimensionColumns();
    }

    /** The start of the rollup period of a source row, epoch seconds (zone-free arithmetic). */
    private static String periodStart(CountTable source, CountTable rollup) {
        long seconds = rollup.period().millis() / 1000;
        return "intDiv(toUInt32(" + source.timeColumn() + "), " + seconds + ") * " + seconds;
    }

}
