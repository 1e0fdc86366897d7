package dev.adclick.query.bench;

import dev.adclick.core.count.CountColumn;
import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.core.catalog.AdCatalogLoader;
import dev.adclick.query.QueryOptions;
import dev.adclick.query.QueryServer;
import dev.adclick.store.ClickStore;
import dev.adclick.store.Granularity;
import dev.adclick.store.duckdb.DuckDbClickStore;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Benchmark, not a test (run by {@code bench/query/run.sh}): fills a DuckDB store with
 * {@code ads × minutes} rows through SQL, then times the main queries three ways: plain JDBC with
 * the store's SQL, the {@link ClickStore} call, and HTTP through {@link QueryServer}.
 *
 * <p>Arguments: {@code dataDir [ads=100000] [minutes=100] [samples=300] [order=minute|ad|minute+index]}.
 * Order {@code minute} writes rows minute by minute, as the stream does; {@code ad} clusters them by
 * ad; {@code minute+index} adds an ART index on {@code ad_id} alone (the store has none today).
 */
public final class QueryBenchmark {
    private static final long T0 = Instant.parse("2026-11-27T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000L;
    private static final long DAY = 1_440 * MINUTE;
    private static final String ADMIN_KEY = "bench-admin-key";

    /** The store's SQL (DuckDbClickStore), repeated here to time it without the store around it. */
    private static final String SERIES_SQL = "SELECT (epoch_ms(minute) // ?) * ? AS bucket, sum(clicks), sum(verified_clicks), sum(suspicious_clicks)"
            + " FROM ad_clicks_minute WHERE ad_id = ? AND minute >= epoch_ms(?) AND minute < epoch_ms(?)"
            + " GROUP BY bucket ORDER BY bucket";
    private static final String TOP_SQL = "SELECT ad_id, sum(clicks) AS c FROM ad_clicks_minute"
            + " WHERE minute >= epoch_ms(?) AND minute < epoch_ms(?) GROUP BY ad_id HAVING sum(clicks) > 0 ORDER BY c DESC, ad_id LIMIT ?";

    private final int ads;
    private final int minutes;
    private final int samples;

    private QueryBenchmark(int ads, int minutes, int samples) {
        this.ads = ads;
        this.minutes = minutes;
        this.samples = samples;
    }

    /** One timed operation; throws to abort the run. */
    @FunctionalInterface
    private interface Op {
        void run(int i) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-query");
        int ads = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int minutes = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int samples = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        String order = args.length > 4 ? args[4] : "minute";
        new QueryBenchmark(ads, minutes, samples).run(dir, order);
    }

    private void run(Path dir, String order) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve("bench-" + order + ".duckdb");
        Files.deleteIfExists(file);
        Files.deleteIfExists(Path.of(file + ".wal"));
        DuckDbClickStore.open(file).close(); // creates the schema exactly as the store does

        long t = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath())) {
            fill(c, order);
            System.out.printf(Locale.ROOT, "filled %,d rows (%d ads x %d minutes, order by %s) in %.1f s%n",
                    (long) ads * minutes, ads, minutes, order, (System.nanoTime() - t) / 1e9);
            System.out.printf(Locale.ROOT, "%-44s %9s %9s %9s%n", "query", "p50 ms", "p99 ms", "max ms");
            report("JDBC   one ad, 24 h by minute", time(i -> jdbcSeries(c, randomAd(i))));
            report("JDBC   top 10 ads, last hour", time(i -> jdbcTop(c)));
        }

        try (ClickStore store = DuckDbClickStore.open(file)) {
            report("store  one ad, 24 h by minute", time(i -> store.series(randomAd(i), T0, T0 + DAY, Granularity.MINUTE)));
            report("store  top 10 ads, last hour", time(i -> store.top(lastHourFrom(), lastHourTo(), 10, null)));

            AdCatalog empty = AdCatalogLoader.parse(new java.io.ByteArrayInputStream("{\"advertisers\":[],\"ads\":[]}".getBytes()), "bench");
            try (QueryServer server = QueryServer.start(QueryOptions.builder().port(0).adminKey(ADMIN_KEY).build(), store,
                    AdCatalogHolder.fixed(empty))) {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + server.port() + "/api/v1";
                String day = "from=" + Instant.ofEpochMilli(T0) + "&to=" + Instant.ofEpochMilli(T0 + DAY);
                String hour = "from=" + Instant.ofEpochMilli(lastHourFrom()) + "&to=" + Instant.ofEpochMilli(lastHourTo());
                report("HTTP   one ad, 24 h by minute", time(i -> httpGet(http, base + "/ads/" + randomAd(i) + "/clicks?" + day + "&granularity=minute")));
                report("HTTP   top 10 ads, last hour", time(i -> httpGet(http, base + "/ads/top?" + hour + "&limit=10")));
                report("HTTP   top 10 ads by CTR, last hour", time(i -> httpGet(http, base + "/ads/top?" + hour + "&limit=10&by=ctr&min_impressions=100")));
            }
        }
    }

    /**
     * Inserts through SQL ({@code range()}), bypassing the staging upsert, which is built for the
     * stream's batches and not for ten million rows at once.
     */
    private void fill(Connection c, String order) throws Exception {
        String orderBy = order.startsWith("ad") ? "a, m" : "m, a";
        try (Statement s = c.createStatement()) {
            // the values follow CountColumn: clicks, verified, suspicious, served and rendered impressions (CTR 1-5 %)
            s.execute("INSERT INTO ad_clicks_minute (ad_id, minute, " + CountColumn.join("", "") + ", version)"
                    + " SELECT 'ad-' || lpad(a::VARCHAR, 6, '0'), epoch_ms(" + T0 + " + m * 60000),"
                    + "   clicks, clicks // 2, (a + m) % 3, clicks * (30 + (a % 70)), clicks * (20 + (a % 80)), 1"
                    + " FROM (SELECT a.range AS a, m.range AS m, 1 + ((a.range * 7919 + m.range * 104729) % 20) AS clicks"
                    + "       FROM range(" + ads + ") a, range(" + minutes + ") m)"
                    + " ORDER BY " + orderBy);
            if (order.endsWith("+index")) s.execute("CREATE INDEX bench_ad_id ON ad_clicks_minute (ad_id)");
            s.execute("CHECKPOINT");
        }
    }

    private String randomAd(int i) {
        return String.format(Locale.ROOT, "ad-%06d", new SplittableRandom(i).nextInt(ads));
    }

    private long lastHourTo() {
        return T0 + minutes * MINUTE;
    }

    private long lastHourFrom() {
        return lastHourTo() - 60 * MINUTE;
    }

    private void jdbcSeries(Connection c, String ad) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(SERIES_SQL)) {
            ps.setLong(1, MINUTE);
            ps.setLong(2, MINUTE);
            ps.setString(3, ad);
            ps.setLong(4, T0);
            ps.setLong(5, T0 + DAY);
            int n = drain(ps);
            if (n != minutes) throw new IllegalStateException(ad + ": expected " + minutes + " buckets, got " + n);
        }
    }

    private void jdbcTop(Connection c) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(TOP_SQL)) {
            ps.setLong(1, lastHourFrom());
            ps.setLong(2, lastHourTo());
            ps.setInt(3, 10);
            if (drain(ps) != 10) throw new IllegalStateException("expected 10 top ads");
        }
    }

    private static int drain(PreparedStatement ps) throws Exception {
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) n++;
        }
        return n;
    }

    private static void httpGet(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + ADMIN_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
    }

    /** Latencies in ms of {@code samples} runs after {@code samples / 10} warm-up runs. */
    private double[] time(Op op) throws Exception {
        for (int i = 0; i < Math.max(5, samples / 10); i++) op.run(1_000_000 + i);
        double[] ms = new double[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            op.run(i);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static void report(String name, double[] sorted) {
        System.out.printf(Locale.ROOT, "%-44s %9.2f %9.2f %9.2f%n", name, pct(sorted, 50), pct(sorted, 99), sorted[sorted.length - 1]);
    }

    private static double pct(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
