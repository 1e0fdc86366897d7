package dev.adclick.cli.chaos;

import dev.adclick.query.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's chaos panel as a person sees it: Chromium logged in with the admin key, reading
 * what the panel drew (not the JSON behind it), so a panel that never renders fails the test.
 */
final class ChaosPanelInBrowser implements AutoCloseable {
    /** One drawn row of the per-minute table: minute (blank on a minute's 2nd and 3rd row), events, sent … doubled. */
    record Row(String minute, String events, String sent, String online, String reconciled, String lost, String doubled, boolean flagged) {}

    private final WebDriver browser;

    ChaosPanelInBrowser(String queryUrl, String adminKey, Path profile) {
        browser = HeadlessChromium.start(profile);
        browser.get(queryUrl + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(d -> d.findElement(By.id("login-key")).isDisplayed());
        browser.findElement(By.id("login-key")).sendKeys(adminKey);
        browser.findElement(By.id("login-button")).click();
        wait.until(d -> d.findElement(By.id("chaos-panel")).isDisplayed());
    }

    /** The panel's status line ("Active fault: …" or "No fault active"). */
    String activeLine() {
        return String.valueOf(js("return document.getElementById('chaos-active').innerText")).trim();
    }

    List<String> faultLog() {
        return strings(js("return Array.from(document.querySelectorAll('#chaos-log li')).map(li => li.innerText)"));
    }

    /**
     * The drawn rows, read in one script: the panel replaces its rows every few seconds, so reading
     * cell by cell through WebDriver could mix two redraws (or hit removed cells).
     */
    List<Row> rows() {
        Object drawn = js("return Array.from(document.querySelectorAll('#chaos-minutes tbody tr')).map(tr =>"
                + " Array.from(tr.cells).map(td => td.innerText).concat([tr.querySelector('td.bad') ? 'bad' : '']))");
        List<Row> out = new ArrayList<>();
        for (Object r : (List<?>) drawn) {
            List<String> td = strings(r);
            out.add(new Row(td.get(0), td.get(1), td.get(2), td.get(3), td.get(4), td.get(5), td.get(6), td.get(7).equals("bad")));
        }
        return out;
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private static List<String> strings(Object list) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) list) out.add(String.valueOf(o).trim());
        return out;
    }

    /** Waits (polling what is drawn) until the check holds; false on timeout. */
    boolean waitFor(Duration timeout, java.util.function.BooleanSupplier check) {
        try {
            new WebDriverWait(browser, timeout).pollingEvery(Duration.ofMillis(200)).until(d -> check.getAsBoolean());
            return true;
        } catch (org.openqa.selenium.TimeoutException e) {
            return false;
        }
    }

    /** A screenshot for people reading the CI output (the path is printed). */
    void screenshot(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        js("document.getElementById('chaos-panel').scrollIntoView()");
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("[chaos] screenshot of the chaos panel: " + file.toAbsolutePath());
    }

    @Override
    public void close() {
        browser.quit();
    }
}
