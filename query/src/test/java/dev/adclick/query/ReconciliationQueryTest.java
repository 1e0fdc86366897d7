package dev.adclick.query;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@code /api/v1/reconciliation/latest}: the newest reconcile report, scoped to the caller. */
class ReconciliationQueryTest extends QueryTestBase {
    private static final String REPORT = """
            {"period":"2026-11-27T10","from":"2026-11-27T10:00:00Z","to":"2026-11-27T11:00:00Z","outcome":"stored",
             "finished_at":"2026-11-27T11:05:00Z","store":"duckdb:/secret/path","rows_checked":3,"rows_corrected":2,
             "per_ad":[{"ad_id":"ad-1","clicks_added":4,"clicks_removed":0},{"ad_id":"ad-3","clicks_added":0,"clicks_removed":2}],
             "largest_differences":[{"ad_id":"ad-3","minute":"2026-11-27T10:05:00Z","clicks_delta":-2}],
             "archive":{"files":["file:///secret/archive/part-0.parquet"]}}""";

    @TempDir
    Path dir;

    @AfterEach
    void stopServer() {
        stop();
    }

    @Test
    void nothingToShowBeforeTheFirstRun() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("reports"));
        start(dir, defaultKeys(), b -> b.reconcileReportsDir(reports));
        Answer a = get("/api/v1/reconciliation/latest", ACME_KEY);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().containsKey("latest")).isTrue();
        assertThat(a.json().getValue("latest")).isNull();
    }

    @Test
    void adminSeesTheWholeReportAndAnAdvertiserOnlyItsOwnAds() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("reports"));
        Files.writeString(reports.resolve("latest.json"), REPORT);
        start(dir, defaultKeys(), b -> b.reconcileReportsDir(reports));

        JsonObject admin = get("/api/v1/reconciliation/latest", ADMIN_KEY).json().getJsonObject("latest");
        assertThat(admin).isEqualTo(new JsonObject(REPORT));

        JsonObject acme = get("/api/v1/reconciliation/latest", ACME_KEY).json().getJsonObject("latest");
        assertThat(acme.getString("period")).isEqualTo("2026-11-27T10");
        assertThat(acme.getJsonArray("per_ad")).hasSize(1);
        assertThat(acme.getJsonArray("per_ad").getJsonObject(0).getString("ad_id")).isEqualTo("ad-1");
        assertThat(acme.getJsonArray("largest_differences")).isEmpty();
        assertThat(acme.encode()).doesNotContain("secret").doesNotContain("rows_corrected");
    }

    @Test
    void requiresAKey() throws Exception {
        start(dir, defaultKeys(), b -> b);
        assertThat(get("/api/v1/reconciliation/latest", null).status()).isEqualTo(401);
        assertThat(get("/api/v1/reconciliation/latest", ADMIN_KEY).json().getValue("latest")).isNull();
    }
}
