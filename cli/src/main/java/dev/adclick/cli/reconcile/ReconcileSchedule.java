package dev.adclick.cli.reconcile;

import dev.adclick.cli.config.AdclickConfig;
import dev.adclick.cli.config.Settings;
import dev.adclick.core.reconcile.PeriodClosing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reconciles each hour (or day) of the embedded stack once it is closed ({@code reconcile.schedule},
 * off by default): once a minute it looks for the newest closed period and, if that period was not
 * handled yet, runs the Spark job for it in a child JVM, one run at a time. The job's output goes to
 * {@code <data.dir>/reconcile-schedule.log}; its report is what the dashboard shows.
 */
public final class ReconcileSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileSchedule.class);

    private final AdclickConfig config;
    private final String stackQueryUrl;
    private final boolean daily;
    private final PeriodClosing closing;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reconcile-schedule");
        t.setDaemon(true);
        return t;
    });
    private String lastHandled;
    private volatile Process running;

    private ReconcileSchedule(AdclickConfig config, String stackQueryUrl) {
        this.config = config;
        this.stackQueryUrl = stackQueryUrl;
        this.daily = "daily".equals(config.get(Settings.RECONCILE_SCHEDULE));
        this.closing = ReconcileLauncher.closing(config);
    }

    /** Starts the schedule, or returns null when {@code reconcile.schedule} is off. */
    private final java.util.Set<String> reconciled = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public static ReconcileSchedule startIfEnabled(AdclickConfig config, String stackQueryUrl) {
        if ("off".equals(config.get(Settings.RECONCILE_SCHEDULE))) return null;
        ReconcileSchedule s = new ReconcileSchedule(config, stackQueryUrl);
        s.timer.scheduleWithFixedDelay(s::tick, 1, 60, TimeUnit.SECONDS);
        return s;
    }

    private void tick() {
        String period = closing.latestClosed(daily, Instant.now()).label();
        if (period.equals(lastHandled)) return;
        Path log = config.dataDir().resolve("reconcile-schedule.log");
        try {
            ProcessBuilder pb = ReconcileLauncher.processFor(config, stackQueryUrl, daily ? "--date" : "--hour", period, List.of("--quiet"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            LOG.info("Scheduled reconciliation of {} started (output in {})", period, log);
            running = pb.start();
            int code = running.waitFor();
            running = null;
            if (code == ReconcileLauncher.NOT_CLOSED) {
                LOG.info("Scheduled reconciliation of {}: not closed yet, will try again", period);
                return;
            }
            lastHandled = period;
            if (code == 0 || code == ReconcileLauncher.NO_ARCHIVE_DATA) reconciled.add(period);
            if (code == 0) LOG.info("Scheduled reconciliation of {} stored its corrections", period);
            else if (code == ReconcileLauncher.NO_ARCHIVE_DATA) LOG.info("Scheduled reconciliation of {}: no clicks archived for it", period);
            else LOG.warn("Scheduled reconciliation of {} failed with exit code {}; see {}", period, code, log);
        } catch (IOException e) {
            lastHandled = period;
            LOG.warn("Scheduled reconciliation of {} could not start: {}", period, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Labels of the periods ({@code 2026-12-03T13} or {@code 2026-12-03}) this schedule reconciled (the chaos panel's "after reconcile"). */
    public java.util.Set<String> reconciledPeriods() {
        return java.util.Set.copyOf(reconciled);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        Process p = running;
        if (p != null) p.destroy();
    }
}
