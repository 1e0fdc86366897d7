import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.core.dimension.Dimensions;
import dev.adclick.reconcile.ReconcileJob;
import dev.adclick.store.duckdb.DuckDbClickStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark of the reconcile job (not a test): one day of N archived clicks with dimensions as
 * Parquet partitioned dt/hour, reconciled on local[2] against a DuckDB store, next to DuckDB
 * computing the same rows (dedupe, fraud rules incl. the bot-device rule, the total row and one
 * breakdown row per (placement, country, device) per ad and minute) over the same files. Paired:
 * DuckDB, job in a cold JVM, DuckDB, job again (warm JVM, same store state, same work). After each
 * job run every stored row is compared with DuckDB's; one differing row fails the run.
 * Run it through bench/reconcile/run.sh; the target is docs/architecture.md, Service levels.
 */
public class ReconcileBench {
    static final String DAY = "2026-11-27";
    /** docs/architecture.md, Service levels: the job within 1.5x DuckDB's time, cold JVM. */
    static final double TARGET = 1.5;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i].substring(2), args[i + 1]);
        Path work = Path.of(a.get("work"));
        long clicks = Long.parseLong(a.getOrDefault("clicks", "10000000"));
        int ads = Integer.parseInt(a.getOrDefault("ads", "1000"));
        Path archive = work.resolve("archive");
        Path db = work.resolve("store.duckdb");
        Path pristine = work.resolve("store-before.duckdb");
        Files.createDirectories(work);

        System.out.printf("== reconcile benchmark: %,d clicks on %d ads, day %s, in %s%n", clicks, ads, DAY, work);
        long t = System.nanoTime();
        // a kept BENCH_DIR (A/B runs) reuses its archive: the same files for both sides
        boolean reused = Files.isDirectory(archive);
        if (!reused) generate(archive, clicks, ads);
        long bytes;
        try (var s = Files.walk(archive)) {
            bytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("generate: %.1f s (%,d bytes of Parquet in 24 hour partitions, DuckDB COPY)%n", secs(t), bytes);

        Map<CountKey, Counts> exact = duckDbRows(archive);
        long totals = exact.keySet().stream().filter(k -> k.dims().isTotal()).count();
        System.out.printf("exact:    %,d rows (%,d total rows, %,d breakdown rows)%n", exact.size(), totals, exact.size() - totals);
        // a kept BENCH_DIR reuses the store as the stream left it too (A/B runs; it is made from the same archive)
        if (reused && Files.isRegularFile(pristine)) {
            System.out.println("store:    the kept " + pristine);
        } else {
            Files.deleteIfExists(db);
            prefill(db, exact);
            Files.copy(db, pristine, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(pristine, db, StandardCopyOption.REPLACE_EXISTING);

        String[] job = {"--date", DAY, "--archive", archive.toString(), "--store", "duckdb:" + db, "--reconcile.master", "local[2]",
                "--reconcile.reports-dir", work.resolve("reports").toString()};
        // JOB_ARGS (A/B runs of settings): more job options, e.g. "--conf spark.shuffle.compress=false"
        String extra = System.getenv().getOrDefault("JOB_ARGS", "").trim();
        if (!extra.isEmpty()) job = java.util.stream.Stream.concat(java.util.Arrays.stream(job), java.util.Arrays.stream(extra.split("\\s+")))
                .toArray(String[]::new);
        System.out.println("job:      " + String.join(" ", job));
        double duck1 = duckDbSeconds(archive);
        System.out.printf("duckdb:   %.1f s for dedupe + fraud rules + total and breakdown rows per ad and minute%n", duck1);
        double cold = runJob(job, work, db, exact, "cold JVM");
        if ("0".equals(System.getenv("WARM"))) { // WARM=0: the cold pair only (short A/B runs)
            System.out.printf("ratio:    cold %.2fx DuckDB (%.1f s / %.1f s)%n", cold / duck1, cold, duck1);
            System.out.printf("target:   cold <= %.1fx DuckDB: %s (%.2fx)%n", TARGET, cold / duck1 <= TARGET ? "target met" : "target missed", cold / duck1);
            return;
        }
        Files.copy(pristine, db, StandardCopyOption.REPLACE_EXISTING); // the same store state: the same work again
        double duck2 = duckDbSeconds(archive);
        System.out.printf("duckdb:   %.1f s (second run)%n", duck2);
        double warm = runJob(job, work, db, exact, "warm JVM");

        System.out.printf("ratio:    cold %.2fx DuckDB (%.1f s / %.1f s), warm %.2fx (%.1f s / %.1f s)%n",
                cold / duck1, cold, duck1, warm / duck2, warm, duck2);
        System.out.printf("target:   cold <= %.1fx DuckDB: %s (%.2fx)%n", TARGET, cold / duck1 <= TARGET ? "target met" : "target missed", cold / duck1);
    }

    /** One job run against the store; its time, after checking every stored row of the day against DuckDB's. */
    static double runJob(String[] job, Path work, Path db, Map<CountKey, Counts> exact, String label) throws Exception {
        long t = System.nanoTime();
        int code = ReconcileJob.run(job, Map.of(), System.out, System.err, Clock.systemUTC());
        double s = secs(t);
        if (code != 0) throw new IllegalStateException("reconcile exited " + code);
        String report = Files.readString(work.resolve("reports/latest.json"));
        System.out.printf("spark:    %.1f s, %s (session start, read, dedupe, fraud, counts, diff; %s records, %s rows corrected,"
                        + " %s written; job's own duration_ms %s)%n", s, label, field(report, "records_read"),
                field(report, "rows_corrected"), field(report, "rows_written"), field(report, "duration_ms"));
        check(db, exact);
        return s;
    }

    /** Every stored row of the day equals DuckDB's row (a stored row DuckDB lacks must be all zeros). */
    static void check(Path db, Map<CountKey, Counts> exact) throws Exception {
        long from = Instant.parse(DAY + "T00:00:00Z").toEpochMilli();
        List<MinuteCount> after;
        List<dev.adclick.store.PeriodSeal> seals;
        try (DuckDbClickStore store = DuckDbClickStore.open(db)) {
            after = store.rows(from, from + 86_400_000L);
            seals = store.seals(from, from + 86_400_000L);
        }
        // the job writes only the rows that differ and seals the day once (docs/architecture.md, Sealed periods)
        long reconciled = after.stream().filter(m -> WriteVersions.isReconciled(m.version())).count();
        System.out.printf("seal:     %s; %,d of %,d stored rows carry a reconciled version (the rest keep the stream's)%n",
                seals, reconciled, after.size());
        if (seals.size() != 1 || seals.get(0).from() != from || seals.get(0).to() != from + 86_400_000L) {
            System.out.println("check:    the day is not sealed exactly once");
            System.exit(1);
        }
        Map<CountKey, Counts> stored = new HashMap<>();
        for (MinuteCount m : after) if (!m.counts().equals(Counts.ZERO)) stored.put(m.key(), m.counts());
        long differ = 0;
        String first = null;
        for (var e : exact.entrySet()) {
            if (!e.getValue().equals(stored.get(e.getKey()))) {
                differ++;
                if (first == null) first = e.getKey() + ": stored " + stored.get(e.getKey()) + ", DuckDB " + e.getValue();
            }
        }
        for (var k : stored.keySet()) if (!exact.containsKey(k) && differ++ == 0) first = k + ": stored " + stored.get(k) + ", DuckDB none";
        System.out.printf("check:    %,d stored rows vs %,d DuckDB rows: %s%n", stored.size(), exact.size(),
                differ == 0 ? "every row equal" : differ + " rows DIFFERENT, e.g. " + first);
        if (differ != 0) System.exit(1);
    }

    /** The store as the stream left it: the exact rows, but 1% of the keys one click too many (total and one breakdown row). */
    static void prefill(Path db, Map<CountKey, Counts> exact) throws Exception {
        long v = WriteVersions.stream(System.currentTimeMillis());
        Map<String, Boolean> off = new HashMap<>();
        List<MinuteCount> rows = new ArrayList<>(exact.size());
        for (var e : exact.entrySet()) {
            CountKey k = e.getKey();
            String key = k.adId() + "@" + k.minute();
            boolean wrong = Math.floorMod(key.hashCode(), 100) == 0;
            // per key: the total, and the first breakdown row met, get the extra click (so the total still sums)
            boolean bump = wrong && (k.dims().isTotal() || off.putIfAbsent(key, true) == null);
            Counts c = e.getValue();
            rows.add(new MinuteCount(k, bump ? c.plus(Counts.click(false)) : c, v));
        }
        long t = System.nanoTime();
        try (DuckDbClickStore store = DuckDbClickStore.open(db)) {
            for (int i = 0; i < rows.size(); i += 500_000) store.upsert(rows.subList(i, Math.min(rows.size(), i + 500_000)));
        }
        System.out.printf("store:    %,d rows written as the stream would (%,d keys one click off) in %.1f s%n", rows.size(), off.size(), secs(t));
    }

    static String field(String json, String name) {
        var m = java.util.regex.Pattern.compile("\"" + name + "\" : (\\d+)").matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * One day of clicks: ~2.5% duplicate click_ids (a retry a few ms later, same dimensions), one
     * third unverified, one bot ip_hash that clicks ~140 times a minute across ads (the across-ads
     * rule), 1% of clicks from a bot device (the bot-device rule), placements per ad, countries with
     * 5% missing (counted as unknown).
     */
    static void generate(Path archive, long n, int ads) throws Exception {
        String sql = "COPY (SELECT click_id, ad_id, 'imp-' || i AS impression_id, ts, ip_hash, 'ua-' || (i % 5000) AS ua_hash, verified,"
                + " placement, country, device,"
                + " strftime(make_timestamp(ts * 1000), '%Y-%m-%d') AS dt, strftime(make_timestamp(ts * 1000), '%H') AS hour FROM ("
                + "  SELECT i, 'c' || j AS click_id, 'ad-' || (hash(j) % " + ads + ") AS ad_id,"
                + "   epoch_ms(TIMESTAMP '" + DAY + " 00:00:00') + (i * 86400000 // " + n + ") AS ts,"
                + "   CASE WHEN i % 50 = 0 THEN 'bot-1' ELSE 'ip-' || (hash(i * 7) % 3000000) END AS ip_hash,"
                + "   i % 3 <> 0 AS verified,"
                + "   CASE WHEN hash(j) % " + ads + " % 4 = 0 OR j % 5 = 0 THEN 'sidebar' ELSE 'feed' END AS placement,"
                + "   CASE WHEN j % 20 = 7 THEN NULL WHEN j % 10 < 6 THEN 'US' ELSE 'DE' END AS country,"
                + "   CASE WHEN j % 100 = 3 THEN 'bot' WHEN j % 3 = 0 THEN 'desktop' ELSE 'mobile' END AS device"
                + "  FROM (SELECT i, CASE WHEN i % 40 = 1 THEN i - 1 ELSE i END AS j FROM range(" + n + ") t(i))))"
                + " TO '" + archive + "' (FORMAT parquet, PARTITION_BY (dt, hour), OVERWRITE_OR_IGNORE)";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads = 2");
            s.execute(sql);
        }
    }

    /**
     * The job's computation in DuckDB SQL over the same files (look-back: the day before has no
     * files, so there is nothing to look back at): dedupe (earliest ts; copies never share a ts in
     * this data, so the job's tie-breaks cannot matter), the bot-device rule, the count rules
     * (20 per ip and ad, 100 per ip, per minute, over the clicks the bot rule left), and per
     * (ad, minute) the total row and one breakdown row per normalised (placement, country, device).
     */
    static final String EXACT = "WITH raw AS (SELECT click_id, ad_id, ts, ip_hash, verified, placement, country, device"
            + "   FROM read_parquet('%s/**/*.parquet', hive_partitioning = 1) WHERE dt = '" + DAY + "'"
            + "   AND click_id IS NOT NULL AND ad_id IS NOT NULL AND ts IS NOT NULL),"
            + " d AS (SELECT min(ts) AS ts, arg_min((ad_id, ip_hash, verified, placement, country, device), ts) AS c FROM raw GROUP BY click_id),"
            + " e AS (SELECT ts // 60000 * 60000 AS minute, c[1] AS ad_id, c[2] AS ip, c[3] AS verified, c[4] AS p, c[5] AS co, c[6] AS dev,"
            + "   coalesce(c[6] = 'bot', false) AS bot FROM d),"
            + " u AS (SELECT minute, ip, ad_id, bot, p, co, dev, count(*) AS n, count(*) FILTER (WHERE verified) AS nv FROM e GROUP BY ALL),"
            + " f AS (SELECT *, bot OR (coalesce(ip, '') <> ''"
            + "   AND (sum(CASE WHEN bot THEN 0 ELSE n END) OVER (PARTITION BY minute, ip, ad_id) > 20"
            + "     OR sum(CASE WHEN bot THEN 0 ELSE n END) OVER (PARTITION BY minute, ip) > 100)) AS susp FROM u)"
            + " SELECT ad_id, minute, p, co, dev, GROUPING(p) AS total, sum(CASE WHEN susp THEN 0 ELSE n END) AS clicks,"
            + "   sum(CASE WHEN susp THEN 0 ELSE nv END) AS verified_clicks, sum(CASE WHEN susp THEN n ELSE 0 END) AS suspicious_clicks"
            + " FROM (SELECT ad_id, minute, n, nv, susp, " + norm("p") + " AS p, " + norm("co") + " AS co, " + norm("dev") + " AS dev FROM f)"
            + " GROUP BY GROUPING SETS ((ad_id, minute, p, co, dev), (ad_id, minute))";

    /** Dimensions.valueOf in SQL: null, blank and "*" are unknown. */
    static String norm(String c) {
        return "CASE WHEN " + c + " IS NULL OR trim(" + c + ") = '' OR " + c + " = '*' THEN 'unknown' ELSE " + c + " END";
    }

    /** Time of DuckDB's computation, its result materialised in DuckDB (fetching it through JDBC is not timed). */
    static double duckDbSeconds(Path archive) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads = 2");
            long t = System.nanoTime();
            s.execute("CREATE TEMP TABLE exact AS " + String.format(EXACT, archive));
            return secs(t);
        }
    }

    static Map<CountKey, Counts> duckDbRows(Path archive) throws Exception {
        Map<CountKey, Counts> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads = 2");
            try (ResultSet rs = s.executeQuery(String.format(EXACT, archive))) {
                while (rs.next()) {
                    Dimensions d = rs.getInt(6) == 1 ? Dimensions.TOTAL : Dimensions.of(rs.getString(3), rs.getString(4), rs.getString(5));
                    CountKey k = new CountKey(rs.getString(1), rs.getLong(2), d);
                    if (out.put(k, new Counts(rs.getLong(7), rs.getLong(8), rs.getLong(9))) != null) throw new IllegalStateException("twice: " + k);
                }
            }
        }
        return out;
    }
}
