package dev.adclick.store.duckdb;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.store.CountTable;
import dev.adclick.store.Granularity;
import dev.adclick.store.ReadPlan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the DuckDB store lays out and reads its rows, for speed (docs/benchmarks.md, Query API): a
 * one-ad read scans the {@code ad_id} index in every part of its plan, and the rollups keep the
 * total rows of a period together, also when rebuilt in many slices.
 */
class DuckDbLayoutTest {
    private static final long T0 = Instant.parse("2026-11-27T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000L, HOUR = 60 * MINUTE, DAY = 24 * HOUR;
    private static final Dimensions TOP_FR = Dimensions.of("top", "FR", "mobile"), SIDE_DE = Dimensions.of("side", "DE", "desktop");

    @TempDir
    Path dir;
    private DuckDbClickStore store;
    private Connection sql; // the same database instance as the store's

    @BeforeEach
    void open() throws Exception {
        store = DuckDbClickStore.open(dir.resolve("layout.duckdb"));
        sql = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("layout.duckdb"));
    }

    @AfterEach
    void close() throws SQLException {
        sql.close();
        store.close();
    }

    /**
     * 100 ads, three rows a minute (total, top/FR, side/DE) over the first two hours of day 0 and
     * the first hour of day 1: 540 rows an ad, few enough for DuckDB to take the ad index.
     */
    private void fill() throws Exception {
        for (long m : new long[] {0, 60, 1440}) {
            List<MinuteCount> batch = new ArrayList<>();
            for (long k = m; k < m + 60; k++) {
                for (int a = 0; a < 100; a++) {
                    String ad = "ad-" + a;
                    long t = T0 + k * MINUTE;
                    batch.add(new MinuteCount(ad, t, new Counts(3, 2, 1, 30, 20), 1));
                    batch.add(new MinuteCount(ad, t, TOP_FR, new Counts(2, 2, 0, 20, 15), 1));
                    batch.add(new MinuteCount(ad, t, SIDE_DE, new Counts(1, 0, 1, 10, 5), 1));
                }
            }
            store.upsert(batch);
        }
    }

    /**
     * EXPLAIN ANALYZE of the store's statements (DuckDB picks the index scan when it runs, so plain
     * EXPLAIN shows a sequential scan either way): a one-ad minute part of an hour or more is an index scan
     * ({@link DuckDbReads#fenced}; before the fence it was a sequential scan), shorter edges and
     * rollup parts are scans pruned by time.
     */
    @Test
    void oneAdReadsScanTheAdIndexForLongMinuteParts() throws Exception {
        fill();
        assertThat(indexScans(DuckDbReads.seriesQuery("ad-7", T0, T0 + 2 * DAY, Granularity.MINUTE, DimensionFilter.NONE))).isEqualTo(1);
        long from = T0 + 30 * MINUTE, to = T0 + DAY + 30 * MINUTE; // minutes, hours, minutes
        assertThat(ReadPlan.of(from, to, CountTable.DAY)).hasSize(3);
        assertThat(indexScans(DuckDbReads.breakdownQuery("ad-7", from, to, Dimension.COUNTRY, DimensionFilter.NONE))).isZero();
        DimensionFilter fr = DimensionFilter.of(java.util.Map.of(Dimension.COUNTRY, "FR"));
        assertThat(indexScans(DuckDbReads.seriesQuery("ad-7", from, to, Granularity.MINUTE, fr))).isEqualTo(1);
        // the answers are those of the rows: 90 + 30 minutes in range, 2 clicks each from FR
        assertThat(store.totals("ad-7", from, to, fr)).isEqualTo(new Counts(2 * 120, 2 * 120, 0, 20 * 120, 15 * 120));
        assertThat(store.series("ad-7", from, to, Granularity.MINUTE, fr)).hasSize(120);
    }

    private int indexScans(DuckDbReads.Query q) throws SQLException {
        Matcher m = Pattern.compile("Type: Index Scan").matcher(plan(q));
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    private String plan(DuckDbReads.Query q) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement ps = q.prepare(sql, "EXPLAIN ANALYZE "); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) plan.append(rs.getString(2));
        }
        return plan.toString();
    }

    /** The tables a statement's plan scans, each once, in plan order. */
    private List<String> scannedTables(DuckDbReads.Query q) throws SQLException {
        Matcher m = Pattern.compile("Table: (?:\\w+\\.)*(\\w+)").matcher(plan(q));
        List<String> out = new ArrayList<>();
        while (m.find()) if (!out.contains(m.group(1))) out.add(m.group(1));
        return out;
    }

    /**
     * The minute total rows live in their own table and the breakdown rows in the minute table; a
     * read of totals scans (by the ad index, for a one-ad series) only the former, a read with a
     * filter or a breakdown only the latter, and {@code rows()} still returns both.
     */
    @Test
    void minuteTotalsHaveTheirOwnTableWhichReadsOfTotalsAlone() throws Exception {
        fill();
        try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM " + DuckDbSchema.TOTALS
                + " WHERE " + DuckDbSchema.rowsOf(true) + "), (SELECT count(*) FROM " + DuckDbSchema.TOTALS + "), (SELECT count(*) FROM "
                + DuckDbSchema.TABLE + " WHERE " + DuckDbSchema.rowsOf(false) + "), (SELECT count(*) FROM " + DuckDbSchema.TABLE + ")")) {
            rs.next();
            assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).containsExactly(18_000L, 18_000L, 36_000L, 36_000L);
        }
        DuckDbReads.Query series = DuckDbReads.seriesQuery("ad-7", T0, T0 + 2 * HOUR, Granularity.MINUTE, DimensionFilter.NONE);
        assertThat(scannedTables(series)).containsExactly(DuckDbSchema.TOTALS);
        assertThat(indexScans(series)).isEqualTo(1);
        DimensionFilter fr = DimensionFilter.of(java.util.Map.of(Dimension.COUNTRY, "FR"));
        assertThat(scannedTables(DuckDbReads.seriesQuery("ad-7", T0, T0 + 2 * HOUR, Granularity.MINUTE, fr))).containsExactly(DuckDbSchema.TABLE);
        assertThat(scannedTables(DuckDbReads.breakdownQuery("ad-7", T0 + 30 * MINUTE, T0 + 90 * MINUTE, Dimension.COUNTRY, DimensionFilter.NONE)))
                .containsExactly(DuckDbSchema.TABLE);
        // a top of a sliding 60 minutes: minute total rows of every ad
        assertThat(scannedTables(DuckDbReads.topQuery(T0 + 30 * MINUTE, T0 + 90 * MINUTE, 10, null, dev.adclick.store.TopOrder.CLICKS, 0,
                DimensionFilter.NONE))).containsExactly(DuckDbSchema.TOTALS);
        assertThat(store.top(T0 + 30 * MINUTE, T0 + 90 * MINUTE, 1, null, dev.adclick.store.TopOrder.CLICKS, 0, DimensionFilter.NONE))
                .singleElement().satisfies(top -> assertThat(top.counts()).isEqualTo(new Counts(3 * 60, 2 * 60, 60, 30 * 60, 20 * 60)));
        assertThat(store.rows(T0, T0 + MINUTE)).hasSize(300).filteredOn(r -> r.dims().equals(Dimensions.TOTAL)).hasSize(100);
    }

    /**
     * Rebuilt in slices of at most 1,000 source rows (an hour of minutes is 18,000: 18 ad ranges),
     * every rollup row equals the one the stream's upserts computed, and the total rows of each
     * period lie in one run.
     */
    @Test
    void aSlicedRebuildGivesTheSameRowsWithEachPeriodsTotalsTogether() throws Exception {
        fill();
        List<String> hourRows = rows(CountTable.HOUR), dayRows = rows(CountTable.DAY);
        List<String> progress = new ArrayList<>();
        store.rebuildRollups(1_000, progress::add);
        assertThat(rows(CountTable.HOUR)).isEqualTo(hourRows);
        assertThat(rows(CountTable.DAY)).isEqualTo(dayRows);
        assertThat(progress).isNotEmpty().last().asString().contains("ad_clicks_day");
        for (CountTable t : List.of(CountTable.HOUR, CountTable.DAY)) {
            try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery("SELECT epoch_ms(" + t.timeColumn() + "), placement = '"
                    + Dimensions.ALL + "' FROM " + t.table() + " ORDER BY rowid")) {
                List<String> totalRuns = new ArrayList<>(); // the period of each run of total rows, in storage order
                boolean inRun = false;
                long totals = 0;
                while (rs.next()) {
                    boolean total = rs.getBoolean(2);
                    if (total && !inRun) totalRuns.add(Long.toString(rs.getLong(1)));
                    if (total && inRun && !totalRuns.get(totalRuns.size() - 1).equals(Long.toString(rs.getLong(1)))) {
                        totalRuns.add(Long.toString(rs.getLong(1)));
                    }
                    inRun = total;
                    totals += total ? 1 : 0;
                }
                assertThat(totalRuns).doesNotHaveDuplicates(); // no period's totals are split
                assertThat(totals).isEqualTo(100L * (t == CountTable.HOUR ? 3 : 2));
            }
        }
    }

    /**
     * A closing minute edge {@code [01:00, 01:30)} is read from the hour row of 01:00 while no minute
     * row lies in {@code [01:30, 02:00)} ({@link DuckDbHourEdge}), from the minutes once one does:
     * both give the range's exact sums, for totals, a top, a breakdown and an hour series.
     */
    @Test
    void aClosingMinuteEdgeReadsItsHourRowOnlyWhileNoLaterMinuteOfThatHourExists() throws Exception {
        for (long k = 0; k < 90; k++) { // ad-1: minutes 00:00 to 01:30, 3 clicks each (2 FR, 1 DE)
            store.upsert(List.of(new MinuteCount("ad-1", T0 + k * MINUTE, new Counts(3, 2, 1, 30, 20), 1),
                    new MinuteCount("ad-1", T0 + k * MINUTE, TOP_FR, new Counts(2, 2, 0, 20, 15), 1),
                    new MinuteCount("ad-1", T0 + k * MINUTE, SIDE_DE, new Counts(1, 0, 1, 10, 5), 1)));
        }
        long from = T0, to = T0 + 90 * MINUTE; // the hour [00:00, 01:00), then the edge [01:00, 01:30)
        // [01:00, 01:30) alone is one minute part; the hour table is read for the edge only
        assertThat(scannedTables(DuckDbReads.breakdownQuery("ad-1", T0 + HOUR, to, Dimension.COUNTRY, DimensionFilter.NONE)))
                .contains(CountTable.HOUR.table());
        assertThat(scannedTables(DuckDbReads.seriesQuery("ad-1", T0 + HOUR, to, Granularity.MINUTE, DimensionFilter.NONE)))
                .doesNotContain(CountTable.HOUR.table()); // minute buckets: never an hour row
        for (int round = 0; round < 2; round++) { // then with later minutes of ad-1 (in the hour row) and ad-2
            assertThat(store.totals("ad-1", from, to)).isEqualTo(new Counts(3 * 90, 2 * 90, 90, 30 * 90, 20 * 90));
            assertThat(store.top(from, to, 10, null, dev.adclick.store.TopOrder.CLICKS, 0, DimensionFilter.NONE))
                    .containsExactly(new dev.adclick.store.AdCounts("ad-1", new Counts(3 * 90, 2 * 90, 90, 30 * 90, 20 * 90)));
            assertThat(store.breakdown("ad-1", from, to, Dimension.COUNTRY, DimensionFilter.NONE)).containsExactly(
                    new dev.adclick.store.BreakdownRow("FR", new Counts(2 * 90, 2 * 90, 0, 20 * 90, 15 * 90)),
                    new dev.adclick.store.BreakdownRow("DE", new Counts(90, 0, 90, 10 * 90, 5 * 90)));
            assertThat(store.series("ad-1", T0, to, Granularity.HOUR, DimensionFilter.NONE)).containsExactly(
                    new dev.adclick.store.Bucket(T0, new Counts(3 * 60, 2 * 60, 60, 30 * 60, 20 * 60)),
                    new dev.adclick.store.Bucket(T0 + HOUR, new Counts(3 * 30, 2 * 30, 30, 30 * 30, 20 * 30)));
            store.upsert(List.of(new MinuteCount("ad-1", to + 5 * MINUTE, new Counts(7, 7, 0), 1),
                    new MinuteCount("ad-1", to + 5 * MINUTE, TOP_FR, new Counts(7, 7, 0), 1),
                    new MinuteCount("ad-2", to + 20 * MINUTE, new Counts(9, 9, 0), 1)));
        }
    }

    /** Every row of a rollup but its version (a rebuild's clock is a later one), in key order. */
    private List<String> rows(CountTable t) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery("SELECT " + t.keyColumns()
                + ", clicks, verified_clicks, suspicious_clicks, served_impressions, impressions FROM " + t.table()
                + " ORDER BY " + t.keyColumns())) {
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= 10; i++) b.append(rs.getString(i)).append('|');
                out.add(b.toString());
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }
}
