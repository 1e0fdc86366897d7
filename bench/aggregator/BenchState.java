import dev.adclick.aggregator.BenchTruth;
import dev.adclick.core.count.CountColumn;
import dev.adclick.store.ClickStore;
import dev.adclick.core.count.CountKey;
import dev.adclick.store.CountTable;
import dev.adclick.store.PipelineStatus;
import dev.adclick.store.duckdb.DuckDbClickStore;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the aggregator benchmark's job holds and leaves behind (bench/aggregator): its state's size
 * (checkpoints, heap) and the store against the generated truth.
 */
final class BenchState {
    /** The benchmark's log (log4j2-bench.properties), where the checkpoint coordinator's lines are read. */
    static final Path LOG = Path.of("aggregator/target/bench/bench.log");

    private BenchState() {
    }

    /**
     * The job's state after the backlog: heap after a full collection against before the job, and
     * the checkpoints, after waiting (≤ 30 s) for one more to complete so that the last one holds
     * the whole backlog's state (the dedupe TTL is in processing time: every backlog id is still held).
     */
    static void report(Path dir, long heapBeforeMb) throws Exception {
        String before = checkpoints();
        long deadline = System.currentTimeMillis() + 30_000;
        while (checkpoints().equals(before) && System.currentTimeMillis() < deadline) Thread.sleep(200);
        long heap = heapUsedMb();
        AggregatorBenchmark.out("state after the backlog: heap used %,d MB after GC (%,d MB before the job: the job holds %,d MB); checkpoints: %s; checkpoint dir %.1f MB",
                heap, heapBeforeMb, heap - heapBeforeMb, checkpoints(), sizeBytes(dir.resolve("checkpoints")) / 1e6);
    }

    /** The bytes under {@code dir}; Flink deletes subsumed checkpoints meanwhile, so a walk that loses a file tries again. */
    private static long sizeBytes(Path dir) throws Exception {
        for (int attempt = 1; ; attempt++) {
            if (!Files.exists(dir)) return 0;
            try (var s = Files.walk(dir)) {
                return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            } catch (java.io.UncheckedIOException e) {
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException) || attempt == 5) throw e;
            }
        }
    }

    /**
     * Exactness, after the freshness phase moved the watermark hours past the backlog (every backlog
     * minute closed): every (ad, minute) of the backlog in the store equals the generated truth, and
     * so does the duplicates count. Waits for it (the last closing writes are flushed asynchronously).
     */
    static boolean exact(ClickStore store, Path file, BenchTruth truth) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        List<String> diff;
        long dups;
        PipelineStatus status;
        do {
            diff = truth.differences(minuteTotals(file, truth.from(), truth.to()));
            status = store.status(60_000).orElse(null);
            dups = status == null ? -1 : status.duplicates();
            if (diff.isEmpty() && dups == truth.duplicates()) break;
            Thread.sleep(500);
        } while (System.currentTimeMillis() < deadline);
        boolean ok = diff.isEmpty() && dups == truth.duplicates();
        AggregatorBenchmark.out("exactness: %s; duplicates dropped %,d, truth %,d; too late (archived, not counted online) %,d: %s",
                truth.size(), dups, truth.duplicates(), status == null ? -1 : status.tooLate(),
                ok ? "store = truth per (ad, minute)" : "FAILED RUN, " + diff.size() + " (ad, minute) keys differ, e.g. " + diff.subList(0, Math.min(5, diff.size())));
        return ok;
    }

    /**
     * The store's minute total rows in [from, to) as ad -> minute start -> [clicks+suspicious, served,
     * rendered], in one statement over a second connection to the store's DuckDB file (the same
     * database instance in this process). The store's API reads one ad's series at a time, which at
     * 1M ads (~400k of them in the backlog) took too long; the table and columns are the store's own names.
     */
    static Map<String, Map<Long, long[]>> minuteTotals(Path file, long from, long to) throws Exception {
        String minute = CountTable.MINUTE.timeColumn();
        String sql = "SELECT " + CountKey.AD_ID + ", epoch_ms(" + minute + "), sum(" + CountColumn.CLICKS.column() + " + " + CountColumn.SUSPICIOUS_CLICKS.column()
                + "), sum(" + CountColumn.SERVED_IMPRESSIONS.column() + "), sum(" + CountColumn.IMPRESSIONS.column() + ") FROM " + DuckDbClickStore.MINUTE_TOTALS_TABLE
                + " WHERE " + minute + " >= epoch_ms(?) AND " + minute + " < epoch_ms(?) GROUP BY ALL";
        Map<String, Map<Long, long[]>> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath()); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] v = {rs.getLong(3), rs.getLong(4), rs.getLong(5)};
                    if (v[0] + v[1] + v[2] > 0) out.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getLong(2), v);
                }
            }
        }
        return out;
    }

    /** Heap in use after a full collection, in MB: before the job and after its backlog, the difference is what the job holds (state on heap). */
    static long heapUsedMb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    /** The checkpoint coordinator's line for a completed checkpoint, with its size (Flink 2.2, CheckpointCoordinator). */
    private static final Pattern COMPLETED = Pattern.compile("Completed checkpoint (\\d+) for job \\S+ \\((\\d+) bytes, checkpointDuration=(\\d+) ms");

    /**
     * The completed checkpoints so far (benchmark log, log4j2-bench.properties) as one line: how
     * many, the largest and the last one's size, and their durations; with the hashmap backend each
     * checkpoint is full, so its size is the state's serialized size at that moment.
     */
    static String checkpoints() throws Exception {
        List<long[]> done = new ArrayList<>(); // {id, bytes, ms}
        if (Files.exists(LOG)) {
            for (String line : Files.readAllLines(LOG)) {
                Matcher m = COMPLETED.matcher(line);
                if (m.find()) done.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
            }
        }
        if (done.isEmpty()) return "no completed checkpoint in " + LOG;
        long maxBytes = 0, maxMs = 0;
        List<Long> ms = new ArrayList<>();
        for (long[] c : done) {
            maxBytes = Math.max(maxBytes, c[1]);
            maxMs = Math.max(maxMs, c[2]);
            ms.add(c[2]);
        }
        java.util.Collections.sort(ms);
        long[] last = done.get(done.size() - 1);
        return String.format(java.util.Locale.ROOT, "%d completed, largest %.1f MB, last (#%d) %.1f MB; duration p50 %d ms, max %d ms",
                done.size(), maxBytes / 1e6, last[0], last[1] / 1e6, ms.get(ms.size() / 2), maxMs);
    }

    /** [triggered, completed] epoch millis of every completed checkpoint in the benchmark's log (log4j2-bench.properties). */
    static List<long[]> checkpointSpans() throws Exception {
        List<long[]> spans = new ArrayList<>();
        if (!Files.exists(LOG)) return spans;
        Map<String, Long> triggered = new java.util.HashMap<>();
        java.util.regex.Pattern trig = java.util.regex.Pattern.compile("Triggering checkpoint (\\d+) .*@ (\\d+)");
        java.util.regex.Pattern done = java.util.regex.Pattern.compile("^(\\d+) .*Completed checkpoint (\\d+) ");
        for (String line : Files.readAllLines(LOG)) {
            java.util.regex.Matcher m = trig.matcher(line);
            if (m.find()) triggered.put(m.group(1), Long.parseLong(m.group(2)));
            m = done.matcher(line);
            if (m.find() && triggered.containsKey(m.group(2))) spans.add(new long[] {triggered.get(m.group(2)), Long.parseLong(m.group(1))});
        }
        return spans;
    }
}
