package dev.adclick.query;

import com.sun.net.httpserver.HttpServer;
import dev.adclick.store.PipelineStatus;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@code /freshness} and {@code /stats}: pipeline status from the store, ingest counters scraped. */
class PipelineEndpointsTest extends QueryTestBase {
    @TempDir
    Path dir;

    private final List<HttpServer> fakeIngest = new ArrayList<>();

    @AfterEach
    void tearDown() {
        stop();
        fakeIngest.forEach(s -> s.stop(0));
    }

    @Test
    void freshnessIsNullUntilTheAggregatorReportsThenLagIsNowMinusWatermark() throws Exception {
        start(dir, defaultKeys(), b -> b);
        assertThat(get("/api/v1/freshness", ACME_KEY).json()).isEqualTo(new JsonObject("""
                {"visible_lag_ms":null,"watermark_lag_ms":null,"watermark":null,"lag_ms":null,"updated_at":null}"""));

        long now = System.currentTimeMillis();
        store.recordStatus("aggregate/0", new PipelineStatus(now - 5_000, now, 0, 0, 0, 1_300));
        store.recordStatus("aggregate/1", new PipelineStatus(now - 7_000, now, 0, 0, 0, 900));
        JsonObject f = get("/api/v1/freshness", ACME_KEY).json();
        assertThat(f.getString("watermark")).isEqualTo(iso(now - 7_000)); // the slowest writer decides
        assertThat(f.getString("updated_at")).isEqualTo(iso(now));
        assertThat(f.getLong("watermark_lag_ms")).isBetween(7_000L, 17_000L);
        assertThat(f.getLong("lag_ms")).as("the old name of the watermark lag").isEqualTo(f.getLong("watermark_lag_ms"));
        assertThat(f.getLong("visible_lag_ms")).as("event → visible: the worst writer's last write").isEqualTo(1_300);
    }

    @Test
    void aStatusWithoutTheEventToVisibleFigureAnswersNullForIt() throws Exception {
        start(dir, defaultKeys(), b -> b);
        long now = System.currentTimeMillis();
        store.recordStatus("aggregate/0", new PipelineStatus(now - 5_000, now, 0, 0, 0));
        JsonObject f = get("/api/v1/freshness", ACME_KEY).json();
        assertThat(f.getValue("visible_lag_ms")).isNull();
        assertThat(f.getLong("watermark_lag_ms")).isGreaterThanOrEqualTo(5_000L);
    }

    @Test
    void aWriterWithoutWatermarkYetMeansNoWatermark() throws Exception {
        start(dir, defaultKeys(), b -> b);
        store.recordStatus("aggregate/0", new PipelineStatus(Long.MIN_VALUE, System.currentTimeMillis(), 0, 0, 0));
        JsonObject f = get("/api/v1/freshness", ACME_KEY).json();
        assertThat(f.getValue("watermark")).isNull();
        assertThat(f.getValue("lag_ms")).isNull();
        assertThat(f.getValue("watermark_lag_ms")).isNull();
    }

    @Test
    void statsSumIngestCountersOverInstancesAndCountAnUnreachableOneAsUnavailable() throws Exception {
        String one = fakeIngest("""
                # HELP adclick_clicks_total Clicks by outcome
                # TYPE adclick_clicks_total counter
                adclick_clicks_total{outcome="accepted"} 100.0
                adclick_clicks_total{outcome="duplicate"} 7.0
                adclick_clicks_total{outcome="rejected"} 2.0
                adclick_clicks_total_created{outcome="duplicate"} 1.7E9
                """);
        String two = fakeIngest("""
                adclick_clicks_total{instance="b",outcome="duplicate",} 3
                adclick_clicks_total{instance="b",outcome="rejected",} 1
                """);
        String down = "http://127.0.0.1:" + freePort() + "/metrics";
        start(dir, defaultKeys(), b -> b.ingestMetricsUrls(List.of(one, two, down)));
        store.upsert(List.of(row("ad-1", T0, 5, 3, 4), row("ad-3", T0, 1, 1, 9)));
        store.recordStatus("aggregate/0", new PipelineStatus(T0, System.currentTimeMillis(), 11, 5, 6));

        JsonObject stats = get("/api/v1/stats?" + range(T0, T0 + HOUR), ACME_KEY).json();
        assertThat(stats).isEqualTo(new JsonObject("""
                {"from":"2026-11-27T10:00:00Z","to":"2026-11-27T11:00:00Z","suspicious_clicks":4,
                 "totals":{"clicks":5,"verified_clicks":3,"suspicious_clicks":4,"served_impressions":0,"impressions":0,"ctr":null,
                           "unique_users":0,"unique_users_lower":0,"unique_users_upper":0},
                 "layer2_duplicates":11,"invalid":5,"too_late":6,"layer1_duplicates":10,"rejected":3,
                 "ingest_instances":3,"ingest_unavailable":1}"""));
        assertThat(get("/api/v1/stats?" + range(T0, T0 + HOUR), ADMIN_KEY).json().getLong("suspicious_clicks")).isEqualTo(13);
    }

    @Test
    void statsWithEveryIngestDownAnswerNullCountersNotAnError() throws Exception {
        String down = "http://127.0.0.1:" + freePort() + "/metrics";
        start(dir, defaultKeys(), b -> b.ingestMetricsUrls(List.of(down)));
        Answer a = get("/api/v1/stats?" + range(T0, T0 + HOUR), ACME_KEY);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().getValue("layer1_duplicates")).isNull();
        assertThat(a.json().getValue("rejected")).isNull();
        assertThat(a.json().getValue("layer2_duplicates")).isNull();
        assertThat(a.json().getInteger("ingest_unavailable")).isEqualTo(1);
    }

    private String fakeIngest(String metrics) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/metrics", ex -> {
            byte[] body = metrics.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        s.start();
        fakeIngest.add(s);
        return "http://127.0.0.1:" + s.getAddress().getPort() + "/metrics";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
