package dev.adclick.cli.reconcile;

import dev.adclick.core.fraud.FraudSettings;
import dev.adclick.aggregator.AggregatorSettings;
import dev.adclick.query.QuerySettings;
import dev.adclick.cli.config.AdclickConfig;
import dev.adclick.cli.config.Settings;
import dev.adclick.cli.stack.ServiceOptions;
import dev.adclick.cli.stack.StackSecrets;

import dev.adclick.core.archive.ArchiveSettings;
import dev.adclick.core.catalog.ApiKeys;
import dev.adclick.core.config.Setting;
import dev.adclick.core.reconcile.PeriodClosing;
import dev.adclick.core.reconcile.ReconcileSettings;
import dev.adclick.store.StoreLocations;
import dev.adclick.store.StoreSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the child process that runs the Spark reconcile job ({@code reconcile/bin/reconcile}) for
 * one period against this configuration's stack. A child JVM keeps Spark's classpath apart from
 * Kafka's and Flink's (docs/architecture.md, Two ways to run). Used by {@code ./adclick reconcile} and by the schedule.
 */
public final class ReconcileLauncher {
    /** Exit codes of the job (reconcile/README.md). */
    public static final int NOT_CLOSED = 3;
    public static final int NO_ARCHIVE_DATA = 5;

    /** Settings the job reads as the stack has them, so that stream and batch apply the same rules. */
    static final List<Setting<?>> SHARED_WITH_JOB = sharedWithJob();

    private ReconcileLauncher() {}

    private static List<Setting<?>> sharedWithJob() {
        List<Setting<?>> l = new ArrayList<>(FraudSettings.ALL);
        l.addAll(PeriodClosing.SETTINGS);
        return List.copyOf(l);
    }

    /** The query API of a stack started with this configuration, seen from this machine. */
    public static String configuredQueryUrl(AdclickConfig config) {
        return "http://127.0.0.1:" + config.get(QuerySettings.PORT);
    }

    /**
     * When a period of this configuration is closed ({@link PeriodClosing}), refused when the job's
     * watermark can trail its events for longer than the safety margin (docs/architecture.md, Watermark).
     */
    public static PeriodClosing closing(AdclickConfig config) {
        Duration hold = config.get(AggregatorSettings.OUT_OF_ORDERNESS).plus(config.get(AggregatorSettings.IDLE_TIMEOUT));
        return new PeriodClosing(config.get(AggregatorSettings.ALLOWED_LATENESS), config.get(AggregatorSettings.CHECKPOINT_INTERVAL),
                config.get(PeriodClosing.SAFETY_MARGIN))
                .requireAbove(hold, AggregatorSettings.OUT_OF_ORDERNESS.key() + " + " + AggregatorSettings.IDLE_TIMEOUT.key());
    }

    /**
     * @param stackQueryUrl the running stack's query API, e.g. {@code http://127.0.0.1:8081}
     * @param periodFlag    {@code --hour} or {@code --date}
     * @param period        e.g. {@code 2026-11-27T10} or {@code 2026-11-27}
     */
    public static ProcessBuilder processFor(AdclickConfig config, String stackQueryUrl, String periodFlag, String period,
                                            List<String> extraArgs) throws IOException {
        closing(config); // a margin the watermark can outlast is refused before anything runs
        Path launcher = Path.of(System.getProperty("adclick.home", ".")).resolve("reconcile/bin/reconcile");
        if (!Files.isExecutable(launcher)) {
            throw new IOException(launcher + " is missing; run ./adclick from the project folder (it builds the reconcile module).");
        }
        // A store that belongs to the stack process (DuckDB) is reached through its admin API;
        // a shared store (ClickHouse) is written directly.
        String store = StoreLocations.ownedByOneProcess(ServiceOptions.storeLocation(config))
                ? "adclick+" + stackQueryUrl : config.get(Settings.STORE);
        List<String> cmd = new ArrayList<>(List.of(launcher.toString(), periodFlag, period));
        cmd.addAll(ArchiveSettings.ARCHIVE.asArgs(ServiceOptions.archiveUri(config)));
        cmd.addAll(StoreSettings.STORE.asArgs(store));
        cmd.addAll(ReconcileSettings.REPORTS_DIR.asArgs(ServiceOptions.reconcileReportsDir(config).toString()));
        cmd.addAll(config.asArgs(SHARED_WITH_JOB));
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put(ApiKeys.ADMIN_KEY.envVar(), StackSecrets.resolve(config).adminKey());
        return pb;
    }
}
