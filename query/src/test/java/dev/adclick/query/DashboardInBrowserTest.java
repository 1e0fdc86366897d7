package dev.adclick.query;

import dev.adclick.core.count.CountKey;
import dev.adclick.core.reach.HourReach;
import dev.adclick.store.PipelineStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium over a store with known impressions and reach: what
 * the chart's datasets hold (read from Chart.js), the top table's impressions and CTR and its
 * rankings, and the impressions and reach cards. The counts lie a few minutes back, inside the
 * dashboard's last-hour window whenever the test runs. Leaves {@code query/target/dashboard.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardInBrowserTest extends QueryTestBase {
    private final long m1 = CountKey.minuteOf(System.currentTimeMillis()) - 5 * MINUTE;
    private final long m2 = m1 + 2 * MINUTE;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void startServerAndBrowser(@TempDir Path dir, @TempDir Path profile) throws Exception {
        start(dir, defaultKeys(), b -> b);
        // ad-1: 4 clicks on 50 rendered (8 %); ad-2: 5 clicks on 25 rendered (20 %)
        store.upsert(List.of(shown("ad-1", m1, 60, 40, 3), shown("ad-1", m2, 20, 10, 1), shown("ad-2", m1 + MINUTE, 30, 25, 5)));
        // c saw both ads: the advertiser reached 4 users
        store.upsertReach(List.of(reach("ad-1", HourReach.hourOf(m1), 1, "a", "b", "c"), reach("ad-2", HourReach.hourOf(m2), 1, "c", "d")));
        // the demo's figures: counts visible 1.3 s after their newest click, the watermark 7.7 s behind
        long now = System.currentTimeMillis();
        store.recordStatus("aggregate/0", new PipelineStatus(now - 7_700, now, 0, 0, 0, 1_300));

        browser = HeadlessChromium.start(profile);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.pollingEvery(Duration.ofMillis(200));
        signIn();
    }

    @AfterAll
    void stopAll() {
        if (browser != null) browser.quit();
        stop();
    }

    @Test
    void chartShowsClicksAndImpressionsPerMinuteOnTwoAxes() {
        List<Map<String, Object>> sets = waitForDatasets("impressions");
        assertThat(sets).extracting(d -> d.get("adId") + "/" + d.get("metric") + "/" + d.get("axis"))
                .containsExactly("ad-1/clicks/y", "ad-1/impressions/y1", "ad-2/clicks/y", "ad-2/impressions/y1", "ad-4/clicks/y",
                        "ad-4/impressions/y1");
        Map<String, Object> ad1Impressions = sets.get(1);
        assertThat(valueAt(ad1Impressions, m1)).isEqualTo(40.0);
        assertThat(valueAt(ad1Impressions, m2)).isEqualTo(10.0);
        assertThat(sum(ad1Impressions)).isEqualTo(50.0);
        assertThat(sum(sets.get(0))).isEqualTo(4.0);
        assertThat(sum(sets.get(3))).isEqualTo(25.0);
    }

    @Test
    void chartCanShowCtrInPercentInstead() {
        new Select(browser.findElement(By.id("chart-second"))).selectByValue("ctr");
        try {
            List<Map<String, Object>> sets = waitForDatasets("ctr");
            Map<String, Object> ad1Ctr = sets.get(1);
            assertThat(ad1Ctr.get("metric")).isEqualTo("ctr");
            assertThat(valueAt(ad1Ctr, m1)).isEqualTo(7.5); // 3 clicks / 40 rendered
            assertThat(valueAt(ad1Ctr, m2)).isEqualTo(10.0);
            assertThat(valueAt(ad1Ctr, m1 + MINUTE)).as("no impressions, no CTR").isNull();
        } finally {
            new Select(browser.findElement(By.id("chart-second"))).selectByValue("impressions");
            waitForDatasets("impressions");
        }
    }

    @Test
    void topTableShowsImpressionsAndCtrAndRanksByEach() {
        assertThat(topRows("clicks", null)).containsExactly("ad-2", "ad-1");
        assertThat(cell("ad-1", "clicks")).isEqualTo("4");
        assertThat(cell("ad-1", "impressions")).isEqualTo("50");
        assertThat(cell("ad-1", "ctr")).isEqualTo("8.00 %");
        assertThat(cell("ad-2", "ctr")).isEqualTo("20.00 %");
        assertThat(topRows("impressions", null)).containsExactly("ad-1", "ad-2");
        assertThat(topRows("ctr", null)).containsExactly("ad-2", "ad-1");
        assertThat(topRows("ctr", "30")).containsExactly("ad-1");
        topRows("clicks", null);
    }

    @Test
    void cardsShowThePeriodsImpressionsCtrAndReach() throws Exception {
        wait.until(d -> d.findElement(By.id("stat-reach")).getText().equals("4"));
        assertThat(browser.findElement(By.id("stat-impressions")).getText()).isEqualTo("75");
        assertThat(browser.findElement(By.id("stat-impressions-note")).getText()).startsWith("CTR 12.00 % · 9 clicks · 110 served");
        assertThat(browser.findElement(By.id("stat-reach-note")).getText()).contains("distinct users");
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void freshnessCardHeadlinesEventToVisibleAndLabelsTheWatermarkLag() {
        wait.until(d -> d.findElement(By.id("freshness")).getText().equals("1.3 s"));
        assertThat(browser.findElement(By.id("freshness-card")).getText()).contains("Freshness · event → visible");
        assertThat(browser.findElement(By.id("freshness-watermark")).getText()).startsWith("watermark lag ").contains(" s · watermark at ");
        assertThat(browser.findElement(By.id("freshness-note")).getText()).isEqualTo("from a click to its count showing here");
        assertThat(browser.findElement(By.id("freshness-card")).getAttribute("title")).contains("Event → visible:", "Watermark lag:");
    }

    private void signIn() {
        browser.get("http://127.0.0.1:" + server.port() + "/");
        wait.until(d -> d.findElement(By.id("login-key")).isDisplayed());
        browser.findElement(By.id("login-key")).sendKeys(ACME_KEY);
        browser.findElement(By.id("login-button")).click();
        wait.until(d -> d.findElement(By.id("top-ads")).isDisplayed());
    }

    /** The chart's datasets once its second metric is {@code metric} and the counts arrived. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> waitForDatasets(String metric) {
        return wait.until(d -> {
            List<Map<String, Object>> sets = (List<Map<String, Object>>) ((JavascriptExecutor) d)
                    .executeScript("return window.adclickDashboard.chartDatasets();");
            boolean ready = sets != null && sets.size() == 6 && metric.equals(sets.get(1).get("metric")) && sum(sets.get(0)) > 0;
            return ready ? sets : null;
        });
    }

    @SuppressWarnings("unchecked")
    private static Double valueAt(Map<String, Object> dataset, long minute) {
        for (List<Object> p : (List<List<Object>>) dataset.get("points")) {
            if (((Number) p.get(0)).longValue() == minute) return p.get(1) == null ? null : ((Number) p.get(1)).doubleValue();
        }
        throw new AssertionError("no point at " + iso(minute) + " in " + dataset.get("label"));
    }

    @SuppressWarnings("unchecked")
    private static double sum(Map<String, Object> dataset) {
        double sum = 0;
        for (List<Object> p : (List<List<Object>>) dataset.get("points")) if (p.get(1) != null) sum += ((Number) p.get(1)).doubleValue();
        return sum;
    }

    /** Ranks the table by {@code by} (with a minimum of impressions, if given) and returns its ad ids once redrawn. */
    private List<String> topRows(String by, String minImpressions) {
        new Select(browser.findElement(By.id("top-by"))).selectByValue(by);
        String min = minImpressions == null ? "0" : minImpressions;
        if (by.equals("ctr")) {
            WebElement input = browser.findElement(By.id("top-min-impressions"));
            input.clear();
            input.sendKeys(min, "\t"); // the change event fires when the field is left
        }
        String expected = by + "/" + (by.equals("ctr") ? min : "0");
        // the table is drawn in the same step that keeps its answer; one script reads both, between two redraws
        return wait.until(d -> {
            Object rows = js("const t = window.adclickDashboard.lastTop;"
                    + "return t && t.by + '/' + t.min_impressions === arguments[0]"
                    + " ? [...document.querySelectorAll('#top-ads tr[data-ad-id]')].map(r => r.dataset.adId) : null;", expected);
            return rows == null ? null : ((List<?>) rows).stream().map(String::valueOf).toList();
        });
    }

    /** A cell's text, read in one script: the table is redrawn every few seconds. */
    private String cell(String adId, String column) {
        return String.valueOf(js("const c = document.querySelector(\"#top-ads tr[data-ad-id='\" + arguments[0] + \"'] td.\" + arguments[1]);"
                + "return c ? c.textContent.trim() : null;", adId, column));
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }
}
