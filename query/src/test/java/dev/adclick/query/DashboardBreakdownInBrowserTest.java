package dev.adclick.query;

import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.dimension.Dimensions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's breakdowns in a real headless Chromium: the tables and bar charts by placement,
 * country and device of the chosen ads, their update when new counts arrive, a filter applied by
 * clicking a key (chips, every view filtered) and removed, and the CSV of what is shown. Leaves
 * {@code query/target/dashboard-breakdown.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBreakdownInBrowserTest extends QueryTestBase {
    private static final Dimensions HOME_US_MOBILE = new Dimensions("home", "US", "mobile");
    private static final Dimensions SIDE_NL_DESKTOP = new Dimensions("side", "NL", "desktop");
    private final long m1 = CountKey.minuteOf(System.currentTimeMillis()) - 5 * MINUTE;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void startServerAndBrowser(@TempDir Path dir, @TempDir Path profile) throws Exception {
        start(dir, defaultKeys(), b -> b);
        // ad-1: 3 clicks from US mobile on home, 1 from NL desktop on side; ad-2: 2 from NL desktop
        write("ad-1", m1, Map.of(HOME_US_MOBILE, new Counts(3, 3, 0, 10, 10), SIDE_NL_DESKTOP, new Counts(1, 1, 0, 4, 4)));
        write("ad-2", m1, Map.of(SIDE_NL_DESKTOP, new Counts(2, 2, 0, 5, 5)));
        browser = HeadlessChromium.start(profile);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.pollingEvery(Duration.ofMillis(200));
        browser.get("http://127.0.0.1:" + server.port() + "/");
        wait.until(d -> d.findElement(By.id("login-key")).isDisplayed());
        browser.findElement(By.id("login-key")).sendKeys(ACME_KEY);
        browser.findElement(By.id("login-button")).click();
        wait.until(d -> d.findElement(By.id("breakdown-country")).isDisplayed());
    }

    @AfterAll
    void stopAll() {
        if (browser != null) browser.quit();
        stop();
    }

    /** The total row and its breakdown rows together, as every writer writes them. */
    private void write(String ad, long minute, Map<Dimensions, Counts> byDims) throws Exception {
        List<MinuteCount> rows = new ArrayList<>();
        Counts total = Counts.ZERO;
        for (Map.Entry<Dimensions, Counts> e : byDims.entrySet()) {
            rows.add(new MinuteCount(ad, minute, e.getKey(), e.getValue(), System.nanoTime()));
            total = total.plus(e.getValue());
        }
        rows.add(new MinuteCount(ad, minute, Dimensions.TOTAL, total, System.nanoTime()));
        store.upsert(rows);
    }

    @Test
    void breakdownsUpdateFilterEveryViewAndDownloadAsCsv() throws Exception {
        // the chosen ads (ad-1, ad-2, ad-4) summed per key, most clicks first
        waitForTable("country", List.of("NL=3", "US=3"));
        waitForTable("placement", List.of("home=3", "side=3"));
        waitForTable("device", List.of("desktop=3", "mobile=3"));
        assertThat(js("return window.adclickDashboard.breakdownChart('country');"))
                .isEqualTo(Map.of("labels", List.of("NL", "US"), "clicks", List.of(3L, 3L)));

        // new clicks: the tables and bars follow (the same minute, absolute counts of a higher version)
        write("ad-1", m1, Map.of(HOME_US_MOBILE, new Counts(7, 7, 0, 12, 12), SIDE_NL_DESKTOP, new Counts(1, 1, 0, 4, 4)));
        waitForTable("country", List.of("US=7", "NL=3"));
        wait.until(d -> Map.of("labels", List.of("US", "NL"), "clicks", List.of(7L, 3L))
                .equals(js("return window.adclickDashboard.breakdownChart('country');")));

        // a click on a key filters every view by it and shows a chip
        js("document.querySelector(\"#breakdown-country tr[data-key='NL']\").click();");
        wait.until(d -> "country: NL×".equals(js("const c = document.querySelector('#filter-chips .chip');"
                + "return c ? c.textContent : null;")));
        waitForTable("placement", List.of("side=3"));
        waitForTable("device", List.of("desktop=3"));
        wait.until(d -> "ad-2=2,ad-1=1".equals(js("const t = window.adclickDashboard.lastTop;"
                + "return t ? t.ads.map(a => a.ad_id + '=' + a.clicks).join(',') : null;")));
        wait.until(d -> "3".equals(browser.findElement(By.id("stat-impressions-note")).getText().split(" · ")[1].split(" ")[0]));
        assertThat(browser.findElement(By.id("stat-reach")).getText()).isEqualTo("—");
        assertThat(js("return window.adclickDashboard.filters();")).isEqualTo(Map.of("country", "NL"));

        // the CSV is what the tables show; split on CRLF in the page (a WebDriver string may not keep a CR)
        assertThat(js("return window.adclickDashboard.breakdownCsv().split('\\r\\n');")).isEqualTo(List.of(
                "by,key,clicks,verified_clicks,suspicious_clicks,served_impressions,impressions,ctr",
                "placement,side,3,3,0,9,9,0.3333333333333333",
                "country,NL,3,3,0,9,9,0.3333333333333333",
                "device,desktop,3,3,0,9,9,0.3333333333333333",
                ""));

        // for a look by hand: the breakdowns under a filter
        js("document.querySelector('.breakdowns').scrollIntoView();");
        java.io.File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.FILE);
        java.nio.file.Files.copy(shot.toPath(), Path.of("target", "dashboard-breakdown.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        // removing the chip shows everything again
        js("document.querySelector('#filter-chips .chip-remove').click();");
        waitForTable("placement", List.of("home=7", "side=3"));
        assertThat(js("return window.adclickDashboard.filters();")).isEqualTo(Map.of());
        assertThat(browser.findElement(By.id("filter-chips")).isDisplayed()).isFalse();
    }

    /** Waits until a breakdown table shows exactly these rows (key=clicks), read in one script between redraws. */
    private void waitForTable(String dim, List<String> expected) {
        wait.until(d -> expected.equals(js("return [...document.querySelectorAll('#breakdown-' + arguments[0] + ' tr[data-key]')]"
                + ".map(r => r.dataset.key + '=' + r.querySelector('td.clicks').textContent);", dim)));
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }
}
