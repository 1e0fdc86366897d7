package dev.adclick.e2e;

import dev.adclick.cli.stack.EmbeddedStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
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
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @TempDir
    static Path dataDir;
    @TempDir
    static Path browserProfile;
    static EmbeddedStack stack;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assertThat(new File(CHROMIUM)).as("Chromium is needed: apt-get install chromium chromium-driver").exists();
        assertThat(new File(CHROMEDRIVER)).as("ChromeDriver is needed: apt-get install chromium-driver").exists();
        stack = startStack(dataDir);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // The machine has no network beyond loopback: keep Chromium from reaching out.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + browserProfile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
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
            assertThat(get(stack.ingestUrl() + "/ads/ad-001/click", "192.0.2." + user, "dashboard-browser").statusCode()).isEqualTo(302);
        }

        WebDriverWait live = new WebDriverWait(browser, Duration.ofSeconds(40));
        live.pollingEvery(Duration.ofMillis(500));
        live.until(d -> {
            List<WebElement> cells = d.findElements(By.cssSelector("#top-ads tr[data-ad-id='ad-001'] td.clicks"));
            return !cells.isEmpty() && cells.get(0).getText().trim().equals("7");
        });
        Object chartTotal = live.until(d -> {
            Object v = ((JavascriptExecutor) d).executeScript(
                    "const s = window.adclickDashboard && window.adclickDashboard.lastSeries && window.adclickDashboard.lastSeries['ad-001'];"
                            + "return s ? s.reduce((a, p) => a + p[1], 0) : null;");
            return v != null && ((Number) v).longValue() == 7 ? v : null;
        });
        assertThat(((Number) chartTotal).longValue()).isEqualTo(7);
        // Acme sees only its own ads.
        assertThat(browser.findElements(By.cssSelector("#top-ads tr[data-ad-id='ad-005']"))).isEmpty();

        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
