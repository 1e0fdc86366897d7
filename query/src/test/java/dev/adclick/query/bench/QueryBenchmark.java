package dev.adclick.query.bench;

import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.core.catalog.AdCatalogLoader;
import dev.adclick.core.count.CountColumn;
import dev.adclick.core.dimension.Dimension;
import dev.adclick.query.QueryOptions;
import dev.adclick.query.QueryServer;
import dev.adclick.store.TopOrder;
import dev.adclick.store.duckdb.DuckDbClickStore;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Benchmark, not a test (run by {@code bench/query/run.sh}): fills a DuckDB store with minute rows
 * of issue 13's shape ({@link BenchData}: total and breakdown rows), lets the store build its hour
 * and day rollups ({@link DuckDbClickStore#rebuildRollups()}), then times each read three ways: the
 * store's own statement over plain JDBC ({@link StoreStatement}), the {@code ClickStore} call, and
 * HTTP through {@link QueryServer}. Before timing, sample answers are checked: HTTP equals JDBC, and
 * both equal the same read computed from the minute table alone; a wrong answer aborts the run.
 *
 * <p>Arguments: {@code dataDir [ads=100000] [minutes=75] [deepAds=10] [samples=300]} (0 samples:
 * fill and rebuild only). Every ad has
 * minute rows over the last {@code minutes} (≥ 60: the last whole hour and the last 60 minutes);
 * the first {@code deepAds} ads also have 30 days before that, for the 30-day breakdown.
 */
public final class QueryBenchmark {
    /** The start of the last {@code minutes} of data (a UTC midnight). */
    private static final long T0 = Instant.parse("2026-11-27T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000L, HOUR = 60 * MINUTE, DAY = 24 * HOUR;
    private static final int DEEP_DAYS = 30;
    private static final String ADMIN_KEY = "bench-admin-key";
    /**
     * DuckDB may take up to this much memory (its default is 80 % of RAM, on a machine shared by
     * several people): system property {@code bench.duckdbMemory}, default 4GB. The rollup rebuild
     * goes in slices so that 100k ads × 75 minutes fits (as one transaction it needed more).
     */
    private static final String DUCKDB_MEMORY = System.getProperty("bench.duckdbMemory", "4GB");
    /**
     * HTTP requests of each read before it is timed (system property {@code bench.httpWarmup}; 0: none, the timing
     * of the runs before 2026-12-04 19:46): the JIT compiles the request path (client, Netty, Vert.x, the handler,
     * its JSON) over the first thousands of requests, on the same 2 cores as the request, while the JDBC and store
     * ways are DuckDB's native code, warm from the fill; a server answers far more requests than that. Paired runs:
     * docs/benchmarks.md, Query API, "where the store call on a Vert.x worker loses its time".
     */
    private static final int HTTP_WARMUP = Integer.getInteger("bench.httpWarmup", 2000);
    /** ... for at most this long per read: the sliding tops take ~100 ms a request and run the same code as the whole hour's top. */
    private static final long HTTP_WARMUP_NANOS = 20_000_000_000L;
    /** Samples whose answers are checked, per read. */
    private static final int CHECKED = 10;

    @FunctionalInterface
    private interface Op {
        void run(int i) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-query");
        int ads = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int minutes = args.length > 2 ? Integer.parseInt(args[2]) : 75;
        int deepAds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int samples = args.length > 4 ? Integer.parseInt(args[4]) : 300;
        if (minutes < 60 || deepAds < 1 || deepAds > ads) throw new IllegalArgumentException("need minutes >= 60 and 1 <= deepAds <= ads");
        new QueryBenchmark().run(dir, ads, minutes, deepAds, samples);
    }

    private void run(Path dir, int ads, int minutes, int deepAds, int samples) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve("bench.duckdb");
        Files.deleteIfExists(file);
        Files.deleteIfExists(Path.of(file + ".wal"));
        long end = T0 + minutes * MINUTE;
        long lastWholeHour = Math.floorDiv(end, HOUR) * HOUR - HOUR;
        SplittableRandom pick = new SplittableRandom(42);
        String[] anyAd = new String[2 * samples + 10], deepAd = new String[2 * samples + 10];
        for (int i = 0; i < anyAd.length; i++) {
            anyAd[i] = BenchData.adId(BenchData.measuredAd(pick.nextInt(ads)));
            deepAd[i] = BenchData.adId(pick.nextInt(deepAds));
        }
        List<BenchRead> reads = List.of(
                BenchRead.series("one ad, 24 h by minute", end - DAY, end, i -> anyAd[i], 10, 1.5),
                BenchRead.top("top 10 ads, last whole hour (hour rollup)", lastWholeHour, lastWholeHour + HOUR, TopOrder.CLICKS, 0, 20),
                // the sliding 60 minutes the dashboard asks for: minute rows only, no service level (docs/benchmarks.md)
                BenchRead.top("top 10 ads, last 60 minutes (minutes)", end - HOUR, end, TopOrder.CLICKS, 0, Double.NaN),
                BenchRead.top("top 10 ads by CTR, last 60 minutes", end - HOUR, end, TopOrder.CTR, 100, Double.NaN),
                BenchRead.breakdown("one ad, 30 days by country", end - DEEP_DAYS * DAY, end, i -> deepAd[i], Dimension.COUNTRY, 20));

        try (DuckDbClickStore store = DuckDbClickStore.open(file); // creates the schema exactly as the store does
             Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath())) { // the same database instance
            try (Statement s = c.createStatement()) {
                s.execute("SET memory_limit = '" + DUCKDB_MEMORY + "'");
            }
            BenchData data = new BenchData(T0);
            long t = System.nanoTime();
            long rows = data.fill(c, 0, deepAds, -DEEP_DAYS * 1440L, 0) + data.fill(c, 0, ads, 0, minutes);
            System.out.printf(Locale.ROOT, "filled %,d minute rows in %.1f s: %,d ads x %d minutes, and %d of them x %d days before%n",
                    rows, (System.nanoTime() - t) / 1e9, ads, minutes, deepAds, DEEP_DAYS);
            t = System.nanoTime();
            long rebuildStart = t;
            store.rebuildRollups(line -> System.out.printf(Locale.ROOT, "  rebuild %5.1f s: %s%n", (System.nanoTime() - rebuildStart) / 1e9, line));
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
            }
            System.out.printf(Locale.ROOT, "rollups rebuilt by the store in %.1f s; file %,d MB%n%s", (System.nanoTime() - t) / 1e9,
                    Files.size(file) >> 20, BenchData.describe(c));
            if (samples == 0) return; // fill and rebuild only: that the data fits, not how fast it reads

            AdCatalog empty = AdCatalogLoader.parse(new ByteArrayInputStream("{\"advertisers\":[],\"ads\":[]}".getBytes(StandardCharsets.UTF_8)), "bench");
            CallClock clock = new CallClock(samples);
            try (QueryServer server = QueryServer.start(QueryOptions.builder().port(0).adminKey(ADMIN_KEY).build(), clock.wrap(store),
                    AdCatalogHolder.fixed(empty)); BenchHttp http = BenchHttp.fromSystemProperties(ADMIN_KEY)) {
                System.out.println("HTTP client: " + http.describe() + "; " + HTTP_WARMUP + " HTTP requests (at most "
                        + HTTP_WARMUP_NANOS / 1_000_000_000L + " s) before each read's timing");
                String base = "http://127.0.0.1:" + server.port() + "/api/v1";
                List<String> sql = new ArrayList<>();
                System.out.printf(Locale.ROOT, "%-42s %15s %15s %15s %10s  %s%n", "query (p50 / p99 ms)", "JDBC", "store", "HTTP",
                        "HTTP/JDBC", "target (HTTP p99)");
                for (BenchRead r : reads) {
                    StoreStatement st = StoreStatement.capture(c, () -> r.viaStore(store, 0));
                    sql.add("-- " + r.name() + "\n" + st.sql + ";\n");
                    check(r, st, c, http, base);
                    warmUp(samples, i -> http.get(base + r.url(i)));
                    clock.clear();
                    double[][] ms = time(samples, i -> r.viaJdbc(st, c, i), i -> r.viaStore(store, i), i -> clock.request(i, () -> http.get(base + r.url(i))));
                    report(r, ms[0], ms[1], ms[2]);
                    double[][] sides = clock.sides();
                    System.out.printf(Locale.ROOT, "  HTTP around the server's store call(s): before p50 / p99 %s ms (client -> handlers -> worker), after %s ms (worker -> JSON -> client)%n",
                            pair(sides[0]), pair(sides[1]));
                }
                // the request path without a store call, for reading the HTTP column: what is left is the store call on a worker
                double[] floor = time(samples, i -> http.get(base + "/me"))[0];
                System.out.printf(Locale.ROOT, "HTTP floor (GET /api/v1/me: auth, router, JSON, no store call): p50 / p99 %s ms%n", pair(floor));
                Files.write(dir.resolve("statements.sql"), sql);
                System.out.println("the store's statements (the JDBC baseline): " + dir.resolve("statements.sql"));
            }
        }
    }

    /**
     * HTTP answer = JDBC answer = the minute table's answer, for {@link #CHECKED} samples; a
     * breakdown's rows also sum to the ad's total rows over the range. Throws on any difference.
     */
    private static void check(BenchRead r, StoreStatement st, Connection c, BenchHttp http, String base) throws Exception {
        int n = r.ad() == null ? 1 : CHECKED; // a top is the same question every time
        for (int i = 0; i < n; i++) {
            List<String> viaHttp = r.fromJson(new JsonObject(http.get(base + r.url(i))));
            List<String> viaJdbc = r.viaJdbc(st, c, i);
            List<String> reference = r.reference(c, i);
            if (viaHttp.isEmpty() || !viaHttp.equals(viaJdbc) || !viaHttp.equals(reference)) {
                throw new IllegalStateException(r.name() + ", sample " + i + ": answers differ\n  HTTP      " + viaHttp
                        + "\n  JDBC      " + viaJdbc + "\n  minutes   " + reference);
            }
            if (r.kind() == BenchRead.Kind.BREAKDOWN) {
                JsonObject totals = new JsonObject(http.get(base + "/ads/" + r.adOf(i) + "/totals?from=" + Instant.ofEpochMilli(r.from())
                        + "&to=" + Instant.ofEpochMilli(r.to())));
                long[] sums = BenchRead.sums(viaHttp);
                for (CountColumn col : CountColumn.ALL) {
                    if (totals.getLong(col.column()) != sums[col.ordinal()]) {
                        throw new IllegalStateException(r.name() + ", sample " + i + ": breakdown rows sum to " + Arrays.toString(sums)
                                + ", totals are " + totals);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "  checked %s: %d sample(s), HTTP = JDBC = minute table%s%n", r.name(), n,
                r.kind() == BenchRead.Kind.BREAKDOWN ? ", rows sum to totals" : "");
    }

    /** {@link #HTTP_WARMUP} runs of {@code op} on the samples past the timed ones (other ads than those timed), or {@link #HTTP_WARMUP_NANOS}. */
    private static void warmUp(int samples, Op op) throws Exception {
        long start = System.nanoTime();
        for (int k = 0; k < HTTP_WARMUP && System.nanoTime() - start < HTTP_WARMUP_NANOS; k++) op.run(samples + k % (samples + 10));
    }

    /**
     * Latencies in ms of {@code samples} runs of each op, sorted, after {@code samples / 10} (at
     * least 5) warm-up runs. The ops take turns on each sample, so a load that comes and goes on a
     * shared machine weighs on all of them alike and their ratio stays fair.
     */
    private static double[][] time(int samples, Op... ops) throws Exception {
        for (int i = 0; i < Math.max(5, samples / 10); i++) {
            for (Op op : ops) op.run(samples + i);
        }
        double[][] ms = new double[ops.length][samples];
        for (int i = 0; i < samples; i++) {
            for (int k = 0; k < ops.length; k++) {
                long start = System.nanoTime();
                ops[k].run(i);
                ms[k][i] = (System.nanoTime() - start) / 1e6;
            }
        }
        for (double[] m : ms) Arrays.sort(m);
        return ms;
    }

    /** One line: p50 / p99 of each way, the HTTP/JDBC ratio of the p99s, and the target with MET or MISSED. */
    private static void report(BenchRead r, double[] jdbc, double[] store, double[] http) {
        double ratio = pct(http, 99) / pct(jdbc, 99);
        if (Double.isNaN(r.targetP99Ms())) {
            System.out.printf(Locale.ROOT, "%-42s %15s %15s %15s %9.2fx  no target (sliding minutes; the service level's last hour is the whole hour)%n",
                    r.name(), pair(jdbc), pair(store), pair(http), ratio);
            return;
        }
        boolean met = pct(http, 99) <= r.targetP99Ms() && (Double.isNaN(r.maxRatio()) || ratio <= r.maxRatio());
        String target = "p99 <= " + fmt(r.targetP99Ms()) + " ms" + (Double.isNaN(r.maxRatio()) ? "" : ", <= " + r.maxRatio() + "x JDBC");
        System.out.printf(Locale.ROOT, "%-42s %15s %15s %15s %9.2fx  %s: %s%n", r.name(), pair(jdbc), pair(store), pair(http), ratio,
                target, met ? "MET" : "MISSED");
    }

    private static String pair(double[] sorted) {
        return fmt(pct(sorted, 50)) + " / " + fmt(pct(sorted, 99));
    }

    private static String fmt(double ms) {
        return String.format(Locale.ROOT, ms < 10 ? "%.1f" : "%.0f", ms);
    }

    private static double pct(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
