package dev.adclick.e2e;

import dev.adclick.cli.stack.EmbeddedStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.adclick.query.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium: log in with an API key, send clicks, and see the
 * chart and the top-ads table show the new counts within seconds. Leaves a screenshot in
 * {@code e2e/target/dashboard.png}.
 */
class DashboardBrowserTest extends StackTestBase {

    @TempDir
    static Path dataDir;
    @TempDir
    static Path browserProfile;
    static EmbeddedStack stack;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        stack = startStack(dataDir);
        browser = HeadlessChromium.start(browserProfile);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (stack != null) stack.close();
    }

    @Test
    void loggedInAdvertiserSeesNewClicksInChartAndTopTableWithinSeconds() throws Exception {
        startOfAFreshMinute(20);
        browser.get(stack.queryUrl() + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> d.findElement(By.id("login-key")).isDisplayed());

        // A wrong key is refused in words.
        browser.findElement(By.id("login-key")).sendKeys("not-a-key");
        browser.findElement(By.id("login-button")).click();
        wait.until(d -> !d.findElement(By.id("login-error")).getText().isBlank());

        // The advertiser Acme logs in; then 7 people click Acme's ad-001.
        WebElement key = browser.findElement(By.id("login-key"));
        key.clear();
        key.sendKeys("demo-key-acme");
        browser.findElement(By.id("login-button")).click();
        wait.until(d -> d.findElement(By.id("top-ads")).isDisplayed());
        for (int user = 1; user <= 7; user++) {
            assertThat(get(stack.ingestUrl() + "/ads/ad-001/click", "192.0.2." + user, BROWSER).statusCode()).isEqualTo(302);
        }
        // ...and 5 people click Globex's ad-005, which Acme must not see.
        for (int user = 1; user <= 5; user++) {
            assertThat(get(stack.ingestUrl() + "/ads/ad-005/click", "198.51.100." + user, BROWSER).statusCode()).isEqualTo(302);
        }

        WebDriverWait live = new WebDriverWait(browser, Duration.ofSeconds(40));
        live.pollingEvery(Duration.ofMillis(500));
        live.until(d -> {
            List<WebElement> cells = d.findElements(By.cssSelector("#top-ads tr[data-ad-id='ad-001'] td.clicks"));
            return !cells.isEmpty() && cells.get(0).getText().trim().equals("7");
        });
        // What Chart.js itself holds after its update, not what the page fetched.
        double drawn = live.until(d -> {
            double sum = drawnSum(d, "ad-001", "clicks");
            return sum == 7 ? sum : null;
        });
        assertThat(drawn).isEqualTo(7);

        // Globex's clicks are counted (the admin sees them), yet after a refresh Acme's dashboard shows none of them.
        long foreign = awaitValue(() -> adminClicks("ad-005"), 5L, Duration.ofSeconds(40));
        assertThat(foreign).as("ad-005's clicks through the admin key").isEqualTo(5);
        awaitRefreshes(live, 2); // the second one started after ad-005 was counted
        assertThat(browser.findElements(By.cssSelector("#top-ads tr[data-ad-id='ad-005']"))).isEmpty();
        assertThat(datasets(browser)).extracting(m -> m.get("adId")).doesNotContain("ad-005").contains("ad-001");

        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The chart's datasets as Chart.js holds them: [{adId, metric, axis, label, points: [[ms, y]]}]. */
    @SuppressWarnings("unchecked")
    private static List<java.util.Map<String, Object>> datasets(WebDriver d) {
        Object v = ((JavascriptExecutor) d).executeScript("return window.adclickDashboard.chartDatasets();");
        return v == null ? List.of() : (List<java.util.Map<String, Object>>) v;
    }

    /** The sum of the points Chart.js holds for one ad and metric. */
    @SuppressWarnings("unchecked")
    private static double drawnSum(WebDriver d, String adId, String metric) {
        double sum = 0;
        for (java.util.Map<String, Object> set : datasets(d)) {
            if (!adId.equals(set.get("adId")) || !metric.equals(set.get("metric"))) continue;
            for (List<Object> p : (List<List<Object>>) set.get("points")) if (p.get(1) != null) sum += ((Number) p.get(1)).doubleValue();
        }
        return sum;
    }

    /** Waits until the dashboard has shown {@code n} new top-ads answers (each refresh sets a new one). */
    private static void awaitRefreshes(WebDriverWait wait, int n) {
        for (int i = 0; i < n; i++) {
            ((JavascriptExecutor) browser).executeScript("window.__seenTop = window.adclickDashboard.lastTop;");
            wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                    "return window.adclickDashboard.lastTop !== null && window.adclickDashboard.lastTop !== window.__seenTop;"));
        }
    }

    private static long adminClicks(String adId) {
        try {
            long now = System.currentTimeMillis();
            return api(stack, "/api/v1/ads/" + adId + "/totals?from=" + iso(now - 10 * MINUTE) + "&to=" + iso(now + MINUTE)).path("clicks").asLong();
        } catch (Exception e) {
            return -1;
        }
    }
}
