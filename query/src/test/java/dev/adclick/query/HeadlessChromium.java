package dev.adclick.query;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's Chromium under ChromeDriver, headless, for the dashboard's browser tests (this module's
 * and e2e's, through this module's test-jar). A missing browser is an error that says what to install.
 */
public final class HeadlessChromium {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private HeadlessChromium() {}

    /** @param profile an empty directory for the browser profile (a test's temp dir) */
    public static WebDriver start(Path profile) {
        assertThat(new File(CHROMIUM)).as("Chromium is needed: apt-get install chromium chromium-driver").exists();
        assertThat(new File(CHROMEDRIVER)).as("ChromeDriver is needed: apt-get install chromium-driver").exists();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // The machine has no network beyond loopback: keep Chromium from reaching out.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
