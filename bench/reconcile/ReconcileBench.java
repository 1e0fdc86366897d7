import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.reconcile.ReconcileJob;
import dev.adclick.store.duckdb.DuckDbClickStore;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark of the reconcile job (not a test): one day of N archived clicks as Parquet partitioned
 * dt/hour, reconciled on local[2] against a DuckDB store, next to DuckDB running the same dedupe +
 * fraud + aggregation over the same files. Run it through bench/reconcile/run.sh.
 */
public class ReconcileBench {
    static final String DAY = "2026-11-27";

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i].substring(2), args[i + 1]);
        Path work = Path.of(a.get("work"));
        long clicks = Long.parseLong(a.getOrDefault("clicks", "10000000"));
        int ads = Integer.parseInt(a.getOrDefault("ads", "1000"));
        Path archive = work.resolve("archive");
        Path db = work.resolve("store.duckdb");
        Files.createDirectories(work);

        System.out.printf("== reconcile benchmark: %,d clicks on %d ads, day %s, in %s%n", clicks, ads, DAY, work);
        long t = System.nanoTime();
        generate(archive, clicks, ads);
        double genS = secs(t);
        long bytes;
        try (var s = Files.walk(archive)) {
            bytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("generate: %.1f s (%,d bytes of Parquet in 24 hour partitions, DuckDB COPY)%n", genS, bytes);

        t = System.nanoTime();
        List<MinuteCount> online = duckDbExact(archive, true);
        double duckS = secs(t);
        System.out.printf("duckdb:   %.1f s for dedupe + fraud rules + per-ad per-minute counts (%,d rows)%n", duckS, online.size());

        // The store as the stream left it: the exact counts, but 1% of the rows off by one click.
        try (DuckDbClickStore store = DuckDbClickStore.open(db)) {
            List<MinuteCount> rows = new ArrayList<>(online.size());
            long v = WriteVersions.stream(System.currentTimeMillis());
            for (int i = 0; i < online.size(); i++) {
                MinuteCount m = online.get(i);
                rows.add(i % 100 == 0 ? new MinuteCount(m.adId(), m.minute(), new Counts(m.clicks() + 1, m.verifiedClicks(), m.suspiciousClicks()), v)
                        : m.withVersion(v));
            }
            store.upsert(rows);
        }

        String[] job = {"--date", DAY, "--archive", archive.toString(), "--store", "duckdb:" + db, "--reconcile.master", "local[2]",
                "--reconcile.reports-dir", work.resolve("reports").toString()};
        t = System.nanoTime();
        int code = ReconcileJob.run(job, Map.of(), System.out, System.err, Clock.systemUTC());
        double sparkS = secs(t);
        if (code != 0) throw new IllegalStateException("reconcile exited " + code);
        String report = Files.readString(work.resolve("reports/latest.json"));
        System.out.printf("spark:    %.1f s for the whole job on local[2] (session start, read, dedupe, fraud, counts, diff, %s rows written;"
                + " job's own duration_ms %s)%n", sparkS, field(report, "rows_written"), field(report, "duration_ms"));

        t = System.nanoTime();
        code = ReconcileJob.run(job, Map.of(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), System.err, Clock.systemUTC());
        double secondS = secs(t);
        String second = Files.readString(work.resolve("reports/latest.json"));
        System.out.printf("spark:    %.1f s for a second run (idempotent: %s rows corrected, %s written)%n", secondS,
                field(second, "rows_corrected"), field(second, "rows_written"));

        try (DuckDbClickStore store = DuckDbClickStore.open(db)) {
            long from = java.time.Instant.parse(DAY + "T00:00:00Z").toEpochMilli();
            List<MinuteCount> after = store.rows(from, from + 86_400_000L);
            long storeClicks = after.stream().mapToLong(MinuteCount::clicks).sum();
            long duckClicks = online.stream().mapToLong(MinuteCount::clicks).sum();
            System.out.printf("check:    store clicks after reconcile %,d, DuckDB's exact clicks %,d -> %s%n", storeClicks, duckClicks,
                    storeClicks == duckClicks ? "equal" : "DIFFERENT");
            if (storeClicks != duckClicks) System.exit(1);
        }
    }

    static String field(String json, String name) {
        var m = java.util.regex.Pattern.compile("\"" + name + "\" : (\\d+)").matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * One day of clicks: ~2.5% duplicate click_ids (a retry a few ms later), one third unverified,
     * and one bot ip_hash that clicks ~140 times a minute across ads (flagged by the across-ads rule).
     */
    static void generate(Path archive, long n, int ads) throws Exception {
        String sql = "COPY (SELECT click_id, ad_id, 'imp-' || i AS impression_id, ts, ip_hash, 'ua-' || (i % 5000) AS ua_hash, verified,"
                + " strftime(make_timestamp(ts * 1000), '%Y-%m-%d') AS dt, strftime(make_timestamp(ts * 1000), '%H') AS hour FROM ("
                + "  SELECT i, 'c' || CASE WHEN i % 40 = 1 THEN i - 1 ELSE i END AS click_id,"
                + "   'ad-' || (hash(CASE WHEN i % 40 = 1 THEN i - 1 ELSE i END) % " + ads + ") AS ad_id,"
                + "   epoch_ms(TIMESTAMP '" + DAY + " 00:00:00') + (i * 86400000 // " + n + ") AS ts,"
                + "   CASE WHEN i % 50 = 0 THEN 'bot-1' ELSE 'ip-' || (hash(i * 7) % 3000000) END AS ip_hash,"
                + "   i % 3 <> 0 AS verified FROM range(" + n + ") t(i)))"
                + " TO '" + archive + "' (FORMAT parquet, PARTITION_BY (dt, hour), OVERWRITE_OR_IGNORE)";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads = 2");
            s.execute(sql);
        }
    }

    /** The same dedupe + fraud rules (defaults 20 / 100) + aggregation in DuckDB SQL, over the same files. */
    static List<MinuteCount> duckDbExact(Path archive, boolean collect) throws Exception {
        String sql = "WITH raw AS (SELECT click_id, ad_id, ts, ip_hash, verified FROM read_parquet('" + archive + "/**/*.parquet', hive_partitioning = 1)"
                + "   WHERE dt = '" + DAY + "'),"
                + " d AS (SELECT click_id, min(ts) AS ts, arg_min(ad_id, ts) AS ad_id, arg_min(ip_hash, ts) AS ip_hash, arg_min(verified, ts) AS verified"
                + "   FROM raw GROUP BY click_id),"
                + " g AS (SELECT ts // 60000 * 60000 AS minute, ip_hash, ad_id, count(*) AS n, count(*) FILTER (WHERE verified) AS v"
                + "   FROM d GROUP BY ALL),"
                + " f AS (SELECT *, coalesce(ip_hash, '') <> '' AND (n > 20 OR sum(n) OVER (PARTITION BY minute, ip_hash) > 100) AS susp FROM g)"
                + " SELECT ad_id, minute, sum(CASE WHEN susp THEN 0 ELSE n END), sum(CASE WHEN susp THEN 0 ELSE v END), sum(CASE WHEN susp THEN n ELSE 0 END)"
                + " FROM f GROUP BY ad_id, minute";
        List<MinuteCount> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads = 2");
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) out.add(new MinuteCount(rs.getString(1), rs.getLong(2), new Counts(rs.getLong(3), rs.getLong(4), rs.getLong(5)), 0));
            }
        }
        return out;
    }
}
