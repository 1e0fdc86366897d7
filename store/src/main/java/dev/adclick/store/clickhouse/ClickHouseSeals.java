package dev.adclick.store.clickhouse;

import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.reach.HourReach;
import dev.adclick.store.PeriodSeal;
import dev.adclick.store.StoreUnavailableException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The table {@code sealed_periods} of a ClickHouse store (docs/architecture.md, Write versions):
 * {@code ReplacingMergeTree(version)}, one row per reconciled period, read with {@code max(version)}.
 * ClickHouse has no transactions, so an upsert reads the seals of its time range and leaves out the
 * rows they refuse <em>before</em> its INSERT. A seal committed between that read and the INSERT
 * does not stop it: the race is harmless, as the stream only writes minutes of a closed (and so
 * sealable) period when it is replayed from long ago, rows reconciliation corrected carry a higher
 * version than any stream write anyway, and the next reconcile of the period finds the row and
 * corrects it. Reconciliation writes its corrections first and the seal last: a run that dies in
 * between leaves corrected rows (protected by their version) and no seal, and a rerun writes the seal.
 */
final class ClickHouseSeals {
    static final String TABLE = "sealed_periods";

    private final ClickHouseHttp http;
    private final String table;

    ClickHouseSeals(ClickHouseHttp http, String database) {
        this.http = http;
        this.table = database + "." + TABLE;
    }

    static String createTable(String db, String name) {
        return "CREATE TABLE IF NOT EXISTS " + db + "." + name + " ("
                + " period_start DateTime('UTC'),"
                + " period_end DateTime('UTC'),"
                + " version UInt64"
                + ") ENGINE = ReplacingMergeTree(version)"
                + " ORDER BY (period_start, period_end)";
    }

    void record(PeriodSeal seal) throws StoreUnavailableException {
        http.insert("INSERT INTO " + table + " (period_start, period_end, version) FORMAT JSONEachRow", JsonEachRow.of(g -> {
            g.writeStartObject();
            g.writeNumberField("period_start", seal.from() / 1000); // epoch seconds: no zone involved
            g.writeNumberField("period_end", seal.to() / 1000);
            g.writeNumberField("version", seal.version());
            JsonEachRow.endRow(g);
        }));
    }

    /** The seals of periods overlapping {@code [from, to)}, highest version per period. */
    List<PeriodSeal> overlapping(long from, long to) throws StoreUnavailableException {
        return http.select("SELECT toUInt32(period_start) AS s, toUInt32(period_end) AS e, max(version) AS v FROM " + table
                        + " WHERE period_start < toDateTime(" + ClickHouseSchema.secondsAtOrAfter(to) + ") AND period_end > toDateTime("
                        + from / 1000 + ") GROUP BY period_start, period_end ORDER BY period_start, period_end",
                n -> new PeriodSeal(n.get("s").asLong() * 1000, n.get("e").asLong() * 1000, n.get("v").asLong()));
    }

    /** The minute rows no seal refuses (the same collection if none is refused). */
    Collection<MinuteCount> unsealed(Collection<MinuteCount> rows) throws StoreUnavailableException {
        return unsealed(rows, MinuteCount::minute, MinuteCount::version);
    }

    /** The reach rows no seal refuses. */
    Collection<HourReach> unsealedReach(Collection<HourReach> rows) throws StoreUnavailableException {
        return unsealed(rows, HourReach::hour, HourReach::version);
    }

    private <T> Collection<T> unsealed(Collection<T> rows, ToLongFunction<T> time, ToLongFunction<T> version) throws StoreUnavailableException {
        if (rows.isEmpty()) return rows;
        long first = rows.stream().mapToLong(time).min().getAsLong();
        long last = rows.stream().mapToLong(time).max().getAsLong();
        List<PeriodSeal> seals = overlapping(first, last + 1);
        if (seals.isEmpty()) return rows;
        List<T> out = new ArrayList<>(rows.size());
        for (T r : rows) {
            long t = time.applyAsLong(r), v = version.applyAsLong(r);
            if (seals.stream().noneMatch(s -> s.refuses(t, v))) out.add(r);
        }
        return out;
    }
}
