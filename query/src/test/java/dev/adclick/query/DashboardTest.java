package dev.adclick.query;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the dashboard page and its vendored assets are served at {@code /} without a key (what
 * the page shows in a browser: {@link DashboardInBrowserTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardTest extends QueryTestBase {
    @BeforeAll
    void startServer(@TempDir Path dir) throws Exception {
        start(dir, defaultKeys(), b -> b);
    }

    @AfterAll
    void stopServer() {
        stop();
    }

    @Test
    void pageIsServedAtRootWithTheStableElementIds() throws Exception {
        Answer page = get("/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.raw().headers().firstValue("content-security-policy")).isPresent();
        assertThat(page.body()).contains("id=\"login-key\"", "id=\"login-button\"", "id=\"login-error\"", "id=\"chart\"",
                "id=\"top-ads\"", "id=\"freshness\"", "id=\"freshness-watermark\"", "Freshness · event → visible", "id=\"stat-duplicates\"", "id=\"stat-rejected\"", "id=\"stat-suspicious\"",
                "id=\"chart-second\"", "id=\"top-by\"", "id=\"top-min-impressions\"", "id=\"stat-impressions\"", "id=\"stat-reach\"",
                "vendor/chart.umd.min.js", "dashboard-chart.js", "dashboard-panels.js", "dashboard-breakdown.js", "dashboard.js",
                "id=\"breakdown-placement\"", "id=\"breakdown-country\"", "id=\"breakdown-device\"", "id=\"filter-chips\"",
                "id=\"breakdown-download\"");
    }

    @Test
    void scriptsStylesAndTheVendoredChartLibraryAreServedWithoutAKey() throws Exception {
        Answer chart = get("/vendor/chart.umd.min.js", null);
        assertThat(chart.status()).isEqualTo(200);
        assertThat(chart.raw().headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("javascript"));
        assertThat(chart.body()).startsWith("/*!\n * Chart.js v4.");
        assertThat(get("/vendor/chart.js-LICENSE.md", null).body()).contains("MIT");

        Answer js = get("/dashboard.js", null);
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.body()).contains("adclickDashboard", "lastSeries", "chartDatasets", "sessionStorage");
        for (String part : new String[] {"/dashboard-chart.js", "/dashboard-panels.js", "/dashboard-breakdown.js"}) {
            Answer a = get(part, null);
            assertThat(a.status()).as(part).isEqualTo(200);
            assertThat(a.raw().headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("javascript"));
        }
        assertThat(get("/dashboard.css", null).status()).isEqualTo(200);
    }

    @Test
    void missingAssetIs404AndPathTraversalIsRefused() throws Exception {
        assertThat(get("/nope.js", null).status()).isEqualTo(404);
        assertThat(get("/../openapi/openapi.json", null).status()).isIn(400, 404);
        assertThat(get("/%2e%2e/openapi/openapi.json", null).status()).isIn(400, 404);
    }
}
