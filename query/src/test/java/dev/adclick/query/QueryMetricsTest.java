package dev.adclick.query;

import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.store.ClickStore;
import dev.adclick.store.PipelineStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for the query service's {@code /metrics}: request and store call timers, freshness and reconcile gauges. */
class QueryMetricsTest extends QueryTestBase {
    private static final String CLICKS_ROUTE = "/api/v1/ads/:ad_id/clicks";

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        stop();
    }

    @Test
    void requestsAreTimedByRoutePatternAndStatusAndStoreCallsByOperation() throws Exception {
        start(dir, defaultKeys(), b -> b);
        String range = range(T0, T0 + HOUR);
        assertThat(get("/api/v1/ads/ad-1/clicks?" + range, ACME_KEY).status()).isEqualTo(200);
        assertThat(get("/api/v1/ads/ad-2/clicks?" + range, ACME_KEY).status()).isEqualTo(200);
        assertThat(get("/api/v1/ads/ad-3/clicks?" + range, ACME_KEY).status()).isEqualTo(403);
        assertThat(get("/api/v1/ads/ad-1/clicks?" + range, null).status()).isEqualTo(401);
        assertThat(get("/api/v1/ads/top?" + range, ADMIN_KEY).status()).isEqualTo(200);
        assertThat(get("/api/v1/no-such-thing", ADMIN_KEY).status()).isEqualTo(404);
        // the filtered reads go through the timed store too: a breakdown is its own operation
        assertThat(get("/api/v1/ads/ad-1/breakdown?" + range(T0, T0 + HOUR) + "&by=country&device=mobile", ADMIN_KEY).status()).isEqualTo(200);

        Answer m = get("/metrics", null); // no key needed, like the click service's
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.raw().headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        String text = m.body();
        assertThat(sample(text, "adclick_query_requests_seconds_count", "route=" + CLICKS_ROUTE, "method=GET", "status=200")).isEqualTo(2.0);
        assertThat(sample(text, "adclick_query_requests_seconds_count", "route=" + CLICKS_ROUTE, "status=403")).isEqualTo(1.0);
        assertThat(sample(text, "adclick_query_requests_seconds_count", "route=" + CLICKS_ROUTE, "status=401")).isEqualTo(1.0);
        assertThat(sample(text, "adclick_query_requests_seconds_count", "route=/api/v1/ads/top", "status=200")).isEqualTo(1.0);
        assertThat(sample(text, "adclick_query_requests_seconds_count", "route=other", "status=404")).isEqualTo(1.0);
        assertThat(text).doesNotContain("route=\"/api/v1/ads/ad-1").contains("adclick_query_requests_seconds_bucket{");

        assertThat(sample(text, "adclick_query_store_calls_seconds_count", "operation=series", "outcome=ok")).isEqualTo(2.0);
        assertThat(sample(text, "adclick_query_store_calls_seconds_count", "operation=reach", "outcome=ok")).isEqualTo(2.0);
        assertThat(sample(text, "adclick_query_store_calls_seconds_count", "operation=top", "outcome=ok")).isEqualTo(1.0);
        assertThat(sample(text, "adclick_query_store_calls_seconds_count", "operation=breakdown", "outcome=ok")).isEqualTo(1.0);
        assertThat(sample(text, "adclick_query_requests_seconds_count", "route=/api/v1/ads/:ad_id/breakdown", "status=200")).isEqualTo(1.0);
        assertThat(text).contains("jvm_memory_used_bytes", "jvm_threads_live_threads");

        // the scrape itself is counted under its own route by the next one
        assertThat(sample(get("/metrics", null).body(), "adclick_query_requests_seconds_count", "route=/metrics", "status=200"))
                .isEqualTo(1.0);
    }

    @Test
    void storeFailuresAreCountedByOperation() throws Exception {
        startOn(TestingClickStore.unavailable(), null);
        assertThat(get("/api/v1/ads/top?" + range(T0, T0 + HOUR), ADMIN_KEY).status()).isEqualTo(503);
        String text = get("/metrics", null).body();
        assertThat(sample(text, "adclick_query_store_calls_seconds_count", "operation=top", "outcome=error")).isEqualTo(1.0);
        assertThat(sample(text, "adclick_query_requests_seconds_count", "route=/api/v1/ads/top", "status=503")).isEqualTo(1.0);
        assertThat(sample(text, "adclick_query_store_calls_seconds_count", "operation=status", "outcome=error"))
                .as("the scrape's own status read failed too").isEqualTo(1.0);
        assertThat(sample(text, "adclick_query_freshness_visible_seconds")).isNaN();
    }

    @Test
    void freshnessGaugesShowBothFiguresFromThePipelineStatus() throws Exception {
        start(dir, defaultKeys(), b -> b);
        String before = get("/metrics", null).body();
        assertThat(sample(before, "adclick_query_freshness_visible_seconds")).isNaN();
        assertThat(sample(before, "adclick_query_freshness_watermark_lag_seconds")).isNaN();

        long now = System.currentTimeMillis();
        store.recordStatus("aggregate/0", new PipelineStatus(now - 7_000, now, 0, 0, 0, 1_300));
        restart(null); // the first server cached its empty read for a few seconds
        String text = get("/metrics", null).body();
        assertThat(sample(text, "adclick_query_freshness_visible_seconds")).isEqualTo(1.3);
        assertThat(sample(text, "adclick_query_freshness_watermark_lag_seconds")).isBetween(7.0, 17.0);
        assertThat(sample(text, "adclick_query_freshness_status_age_seconds")).isBetween(0.0, 10.0);
    }

    @Test
    void aScrapeAnswersWhileTheStoreHangs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ClickStore hanging = new HangingStatusStore(release);
        try {
            startOn(hanging, null);
            long start = System.nanoTime();
            Answer m = get("/metrics", null);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(m.status()).isEqualTo(200);
            assertThat(ms).as("answered after the scrape's bounded wait, not the store's").isLessThan(5_000);
            assertThat(sample(m.body(), "adclick_query_freshness_visible_seconds")).isNaN();
        } finally {
            release.countDown();
        }
    }

    @Test
    void reconcileGaugesShowTheNewestReportsCorrections() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("reports"));
        start(dir, defaultKeys(), b -> b.reconcileReportsDir(reports));
        String none = get("/metrics", null).body();
        assertThat(sample(none, "adclick_reconcile_last_corrections", "kind=clicks")).isNaN();
        assertThat(sample(none, "adclick_reconcile_last_run_timestamp_seconds")).isNaN();

        Files.writeString(reports.resolve("latest.json"), """
                {"period":"2026-11-27T10","outcome":"stored","finished_at":"2026-11-27T11:05:00Z",
                 "clicks_added":4,"clicks_removed":2,"rows_corrected":3,
                 "impressions":{"served_impressions_added":5,"served_impressions_removed":1,"impressions_added":7,"impressions_removed":0},
                 "reach":{"rows_corrected":2}}""");
        restart(reports); // the first server cached "no report" for a few seconds
        String text = get("/metrics", null).body();
        assertThat(sample(text, "adclick_reconcile_last_corrections", "kind=clicks")).isEqualTo(6.0);
        assertThat(sample(text, "adclick_reconcile_last_corrections", "kind=impressions")).isEqualTo(13.0);
        assertThat(sample(text, "adclick_reconcile_last_corrections", "kind=reach")).isEqualTo(2.0);
        assertThat(sample(text, "adclick_reconcile_last_run_timestamp_seconds"))
                .isEqualTo(java.time.Instant.parse("2026-11-27T11:05:00Z").getEpochSecond());
    }

    private void startOn(ClickStore s, Path reports) throws Exception {
        Path file = dir.resolve("catalog.json");
        writeCatalog(file, defaultKeys());
        catalog = AdCatalogHolder.fromFile(file);
        server = serve(s, reports);
    }

    /** A new server on the same store and catalogue: it reads the pipeline figures afresh. */
    private void restart(Path reports) {
        server.close();
        server = serve(store, reports);
    }

    private QueryServer serve(ClickStore s, Path reports) {
        return QueryServer.start(QueryOptions.builder().host("127.0.0.1").port(0).adminKey(ADMIN_KEY)
                .reconcileReportsDir(reports).build(), s, catalog);
    }

    /**
     * The value of the one sample of {@code metric} carrying every {@code label=value} given; null if none. Fails on two
     * matches, so a test cannot pass by reading the wrong series.
     */
    static Double sample(String text, String metric, String... labels) {
        Double found = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) continue;
            int end = line.indexOf(line.contains("{") ? '{' : ' ');
            if (end < 0 || !line.substring(0, end).equals(metric)) continue;
            String labelText = line.contains("{") ? line.substring(line.indexOf('{') + 1, line.lastIndexOf('}')) : "";
            List<String> have = Arrays.stream(labelText.split(",")).map(p -> p.replace("\"", "")).toList();
            if (!have.containsAll(List.of(labels))) continue;
            assertThat(found).as("one sample of " + metric + " " + List.of(labels) + " in\n" + text).isNull();
            String value = line.substring(line.lastIndexOf(' ') + 1);
            found = Double.parseDouble(value);
        }
        return found;
    }

    /** An empty store whose status read blocks until released: a store that hangs. */
    private static final class HangingStatusStore implements ClickStore {
        private final TestingClickStore.Empty empty = new TestingClickStore.Empty();
        private final CountDownLatch release;

        HangingStatusStore(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public Optional<PipelineStatus> status(long maxAgeMs) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }

        @Override public void upsert(java.util.Collection<dev.adclick.core.count.MinuteCount> rows) {}
        @Override public List<dev.adclick.store.Bucket> series(String adId, long from, long to, dev.adclick.store.Granularity g,
                                                              dev.adclick.core.dimension.DimensionFilter f) { return empty.series(adId, from, to, g, f); }
        @Override public dev.adclick.core.count.Counts totalsOf(java.util.Collection<String> ads, long from, long to,
                                                               dev.adclick.core.dimension.DimensionFilter f) { return empty.totalsOf(ads, from, to, f); }
        @Override public List<dev.adclick.store.AdCounts> top(long from, long to, int limit, java.util.Collection<String> onlyAds,
                                                             dev.adclick.store.TopOrder by, long min,
                                                             dev.adclick.core.dimension.DimensionFilter f) { return List.of(); }
        @Override public List<dev.adclick.store.BreakdownRow> breakdown(String adId, long from, long to, dev.adclick.core.dimension.Dimension by,
                                                                        dev.adclick.core.dimension.DimensionFilter f) { return List.of(); }
        @Override public dev.adclick.core.reach.UniqueUsers reach(java.util.Collection<String> adIds, long from, long to) { return empty.reach(adIds, from, to); }
        @Override public void upsertReach(java.util.Collection<dev.adclick.core.reach.HourReach> rows) {}
        @Override public List<dev.adclick.core.reach.HourReach> reachRows(long from, long to) { return List.of(); }
        @Override public List<dev.adclick.core.count.MinuteCount> rows(long from, long to) { return List.of(); }
        @Override public void recordStatus(String writerId, PipelineStatus status) {}
        @Override public void close() {}
    }
}
