package dev.adclick.store.clickhouse;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.reach.HourReach;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.core.dimension.DimensionFilter;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.store.AdCounts;
import dev.adclick.store.BreakdownRow;
import dev.adclick.store.Bucket;
import dev.adclick.store.ClickStore;
import dev.adclick.store.CountTable;
import dev.adclick.store.Granularity;
import dev.adclick.store.PeriodSeal;
import dev.adclick.store.PipelineStatus;
import dev.adclick.store.StoreUnavailableException;
import dev.adclick.store.TopOrder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static dev.adclick.store.clickhouse.ClickHouseSchema.MAX_DATETIME_SECONDS;

/**
 * {@link ClickStore} on a ClickHouse server, through its HTTP interface ({@link ClickHouseHttp};
 * see there why not the official client).
 *
 * <p>Delivery: each {@link #upsert} is one HTTP POST of {@code JSONEachRow} into a
 * {@code ReplacingMergeTree(version)} table (then the rollups' recompute), and every read picks the
 * highest version per key with {@code argMax} (see {@link ClickHouseReads}), so it wins at once, not only after background
 * merges, and a lower version written later never wins. Retrying an upsert with the same rows is
 * harmless. ClickHouse commits an insert per partition (UTC day), so a failed upsert may have
 * landed in some days and not others; the caller's retry of the same rows makes the result whole.
 * Thread-safe; holds no connection.
 *
 * <p>Sharded ({@link ClickHouseLocation#sharded()}): the same statements go to the
 * {@code Distributed} table {@code ad_clicks_minute} on the endpoint server, which forwards each
 * row to the shard of {@code cityHash64(ad_id)} — synchronously ({@code insert_distributed_sync=1}),
 * so an upsert that returned is readable at once from any server, and one that failed is retried
 * by the caller like any other. Reads fan out to every shard and merge the {@code argMax} states;
 * a shard that is down fails the read rather than answering with part of the counts.
 */
public final class ClickHouseClickStore implements ClickStore {
    /** Newer servers refuse one INSERT into more than 100 partitions (max_partitions_per_insert_block). */
    static final int MAX_DAYS_PER_INSERT = 90;
    private static final long DAY_MS = 86_400_000L;

    private final ClickHouseLocation location;
    private final ClickHouseHttp http;
    private final String table;
    private final String statusTable;
    private final ClickHouseReach reach;
    private final ClickHouseReads reads;
    private final ClickHouseSeals seals;
    private volatile boolean closed;

    private ClickHouseClickStore(ClickHouseLocation location) {
        this.location = location;
        this.http = new ClickHouseHttp(location);
        this.table = location.database() + "." + ClickHouseSchema.TABLE;
        this.statusTable = location.database() + "." + ClickHouseSchema.STATUS_TABLE;
        this.reach = new ClickHouseReach(http, location.database());
        this.reads = new ClickHouseReads(http, location.database());
        this.seals = new ClickHouseSeals(http, location.database());
    }

    /** Opens the store at {@code http://host:port/database?user=&password=}, creating database and tables if missing. */
    public static ClickHouseClickStore open(String url) throws StoreUnavailableException {
        return open(ClickHouseLocation.parse(url));
    }

    /**
     * Opens the store, creating database and tables if missing; in sharded mode on every shard
     * (see {@link ClickHouseShards}).
     */
    public static ClickHouseClickStore open(ClickHouseLocation location) throws StoreUnavailableException {
        ClickHouseClickStore store = new ClickHouseClickStore(location);
        if (location.sharded()) {
            ClickHouseShards.createTables(location);
        } else {
            store.http.execute(ClickHouseSchema.createDatabase(location.database()));
            ClickHouseMigration.migrate(store.http, location.database(), "");
            for (CountTable t : CountTable.values()) store.http.execute(ClickHouseSchema.createTable(location.database(), t));
            store.http.execute(ClickHouseSchema.createStatusTable(location.database()));
            ClickHouseSchema.addMissingStatusColumns(store.http, location.database(), ClickHouseSchema.STATUS_TABLE);
            store.http.execute(ClickHouseSchema.createReachTable(location.database()));
            store.http.execute(ClickHouseSeals.createTable(location.database(), ClickHouseSeals.TABLE));
        }
        return store;
    }

    /**
     * Per chunk of at most {@link #MAX_DAYS_PER_INSERT} days: one {@code JSONEachRow} INSERT of the
     * minute rows (one block per UTC day: a key's total and breakdown rows become visible together),
     * then the recompute of the hour and day rollups they touch ({@link ClickHouseRollups}).
     */
    @Override
    public void upsert(Collection<MinuteCount> rows) throws StoreUnavailableException {
        checkOpen();
        if (rows.isEmpty()) return;
        for (MinuteCount r : rows) checkStorable(r);
        rows = seals.unsealed(rows); // a sealed period takes no lower version (ClickHouseSeals: the race)
        if (rows.isEmpty()) return;
        String insert = "INSERT INTO " + table + " (" + CountTable.MINUTE.keyColumns() + ", " + CountColumn.join("", "")
                + ", version) FORMAT JSONEachRow";
        for (List<MinuteCount> chunk : chunksOfDays(rows)) {
            http.insert(insert, jsonEachRow(chunk));
            ClickHouseRollups.recompute(http, location.database(), chunk);
        }
    }

    @Override
    public List<Bucket> series(String adId, long from, long to, Granularity g, DimensionFilter filter) throws StoreUnavailableException {
        checkOpen();
        return reads.series(adId, from, to, g, filter);
    }

    @Override
    public Counts totalsOf(Collection<String> onlyAds, long from, long to, DimensionFilter filter) throws StoreUnavailableException {
        checkOpen();
        return reads.totals(onlyAds, from, to, filter);
    }

    @Override
    public List<AdCounts> top(long from, long to, int limit, Collection<String> onlyAds, TopOrder by, long minImpressions,
                              DimensionFilter filter) throws StoreUnavailableException {
        checkOpen();
        return reads.top(from, to, limit, onlyAds, by, minImpressions, filter);
    }

    @Override
    public List<BreakdownRow> breakdown(String adId, long from, long to, Dimension by, DimensionFilter filter)
            throws StoreUnavailableException {
        checkOpen();
        return reads.breakdown(adId, from, to, by, filter);
    }

    @Override
    public void upsertReach(Collection<HourReach> rows) throws StoreUnavailableException {
        checkOpen();
        reach.upsert(seals.unsealedReach(rows));
    }

    /** The rows, then the reach rows, then the seal: the order a rerun repairs ({@link ClickHouseSeals}). */
    @Override
    public void seal(PeriodSeal seal, Collection<MinuteCount> rows, Collection<HourReach> reachRows) throws StoreUnavailableException {
        upsert(rows);
        upsertReach(reachRows);
        seals.record(seal);
    }

    @Override
    public List<PeriodSeal> seals(long from, long to) throws StoreUnavailableException {
        checkOpen();
        return seals.overlapping(from, to);
    }

    @Override
    public List<HourReach> reachRows(long from, long to) throws StoreUnavailableException {
        checkOpen();
        return reach.rows(from, to);
    }

    @Override
    public UniqueUsers reach(Collection<String> adIds, long from, long to) throws StoreUnavailableException {
        checkOpen();
        return reach.users(adIds, from, to);
    }

    @Override
    public List<MinuteCount> rows(long from, long to) throws StoreUnavailableException {
        checkOpen();
        return reads.rows(from, to);
    }

    @Override
    public void recordStatus(String writerId, PipelineStatus st) throws StoreUnavailableException {
        if (st.updatedAt() < 0) throw new IllegalArgumentException("updatedAt must be >= 0, was " + st.updatedAt());
        checkOpen();
        byte[] body = JsonEachRow.of(g -> {
            g.writeStartObject();
            g.writeStringField("writer_id", writerId);
            g.writeNumberField("watermark", st.watermark());
            g.writeNumberField("updated_at", st.updatedAt());
            g.writeNumberField("duplicates", st.duplicates());
            g.writeNumberField("invalid", st.invalid());
            g.writeNumberField("too_late", st.tooLate());
            g.writeNumberField(ClickHouseSchema.VISIBLE_LAG, st.visibleLagKnown() ? st.visibleLagMs() : PipelineStatus.UNKNOWN_LAG);
            g.writeEndObject();
        });
        http.insert("INSERT INTO " + statusTable + " (writer_id, watermark, updated_at, duplicates, invalid, too_late, "
                + ClickHouseSchema.VISIBLE_LAG + ") FORMAT JSONEachRow", body);
    }

    @Override
    public Optional<PipelineStatus> status(long maxAgeMs) throws StoreUnavailableException {
        checkOpen();
        // One row per writer, a handful in all: combine here rather than trust how each server
        // version orders WHERE and FINAL on a non-key column.
        List<PipelineStatus> writers = http.select("SELECT watermark, updated_at, duplicates, invalid, too_late, "
                        + ClickHouseSchema.VISIBLE_LAG + " FROM " + statusTable + " FINAL",
                n -> new PipelineStatus(n.get("watermark").asLong(), n.get("updated_at").asLong(), n.get("duplicates").asLong(),
                        n.get("invalid").asLong(), n.get("too_late").asLong(), n.get(ClickHouseSchema.VISIBLE_LAG).asLong()));
        if (writers.isEmpty()) return Optional.empty();
        long newest = writers.stream().mapToLong(PipelineStatus::updatedAt).max().getAsLong();
        List<PipelineStatus> live = writers.stream().filter(w -> w.updatedAt() >= newest - maxAgeMs).toList();
        return Optional.of(new PipelineStatus(
                live.stream().mapToLong(PipelineStatus::watermark).min().getAsLong(), newest,
                live.stream().mapToLong(PipelineStatus::duplicates).sum(),
                live.stream().mapToLong(PipelineStatus::invalid).sum(),
                live.stream().mapToLong(PipelineStatus::tooLate).sum(),
                live.stream().mapToLong(PipelineStatus::visibleLagMs).reduce(PipelineStatus.UNKNOWN_LAG, PipelineStatus::worstVisibleLag)));
    }

    /** The store's location, without the password. */
    public ClickHouseLocation location() {
        return location;
    }

    @Override
    public void close() {
        closed = true; // HttpClient of Java 17 has nothing to close; idle connections time out
    }

    @Override
    public String toString() {
        return "ClickHouseClickStore[" + location + "]";
    }

    private void checkOpen() throws StoreUnavailableException {
        if (closed) throw new StoreUnavailableException("ClickHouse store " + location + " is closed", null);
    }

    private static void checkStorable(MinuteCount r) {
        if (r.minute() < 0 || r.minute() / 1000 > MAX_DATETIME_SECONDS) {
            throw new IllegalArgumentException("minute outside ClickHouse DateTime range (1970..2106): " + r);
        }
        if (r.version() < 0) throw new IllegalArgumentException("version must be >= 0 (UInt64): " + r);
    }

    /** Splits a batch so no INSERT spans more than {@link #MAX_DAYS_PER_INSERT} UTC days; usually one chunk. */
    static List<List<MinuteCount>> chunksOfDays(Collection<MinuteCount> rows) {
        long firstDay = rows.stream().mapToLong(r -> r.minute() / DAY_MS).min().orElse(0);
        long lastDay = rows.stream().mapToLong(r -> r.minute() / DAY_MS).max().orElse(0);
        if (lastDay - firstDay < MAX_DAYS_PER_INSERT) return List.of(List.copyOf(rows));
        List<MinuteCount> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(MinuteCount::minute));
        List<List<MinuteCount>> chunks = new ArrayList<>();
        List<MinuteCount> current = new ArrayList<>();
        long chunkFirstDay = sorted.get(0).minute() / DAY_MS;
        for (MinuteCount r : sorted) {
            long day = r.minute() / DAY_MS;
            if (day - chunkFirstDay >= MAX_DAYS_PER_INSERT) {
                chunks.add(current);
                current = new ArrayList<>();
                chunkFirstDay = day;
            }
            current.add(r);
        }
        chunks.add(current);
        return chunks;
    }

    private static byte[] jsonEachRow(List<MinuteCount> rows) {
        return JsonEachRow.of(g -> {
            for (MinuteCount r : rows) {
                g.writeStartObject();
                g.writeStringField("ad_id", r.adId());
                g.writeNumberField("minute", r.minute() / 1000); // epoch seconds: no zone involved
                for (Dimension d : Dimension.values()) g.writeStringField(d.field(), r.dims().get(d));
                for (CountColumn c : CountColumn.ALL) g.writeNumberField(c.column(), r.counts().get(c));
                g.writeNumberField("version", r.version());
                JsonEachRow.endRow(g);
            }
        });
    }
}
