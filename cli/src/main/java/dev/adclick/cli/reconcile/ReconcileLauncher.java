package dev.adclick.cli.reconcile;

import dev.adclick.cli.config.AdclickConfig;
import dev.adclick.cli.config.Settings;
import dev.adclick.cli.stack.ServiceOptions;
import dev.adclick.cli.stack.StackSecrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the child process that runs the Spark reconcile job ({@code reconcile/bin/reconcile}) for
 * one period against this configuration's stack. A child JVM keeps Spark's classpath apart from
 * Kafka's and Flink's (DESIGN §2). Used by {@code ./adclick reconcile} and by the schedule.
 */
public final class ReconcileLauncher {
    /** Exit codes of the job (reconcile/README.md). */
    public static final int NOT_CLOSED = 3;
    public static final int NO_ARCHIVE_DATA = 5;

    private ReconcileLauncher() {}

    /** The query API of a stack started with this configuration, seen from this machine. */
    public static String configuredQueryUrl(AdclickConfig config) {
        return "http://127.0.0.1:" + config.getInt(Settings.QUERY_PORT);
    }

    /**
     * @param stackQueryUrl the running stack's query API, e.g. {@code http://127.0.0.1:8081}
     * @param periodFlag    {@code --hour} or {@code --date}
     * @param period        e.g. {@code 2026-11-27T10} or {@code 2026-11-27}
     */
    public static ProcessBuilder processFor(AdclickConfig config, String stackQueryUrl, String periodFlag, String period,
                                            List<String> extraArgs) throws IOException {
        Path launcher = Path.of(System.getProperty("adclick.home", ".")).resolve("reconcile/bin/reconcile");
        if (!Files.isExecutable(launcher)) {
            throw new IOException(launcher + " is missing; run ./adclick from the project folder (it builds the reconcile module).");
        }
        // The stack holds a DuckDB file: go through its admin API. A shared store is written directly.
        boolean sharedStore = config.isSet(Settings.STORE) && !config.get(Settings.STORE).startsWith("duckdb:");
        String store = sharedStore ? config.get(Settings.STORE) : "adclick+" + stackQueryUrl;
        List<String> cmd = new ArrayList<>(List.of(launcher.toString(), periodFlag, period,
                "--archive", ServiceOptions.archiveUri(config),
                "--store", store,
                "--reports-dir", ServiceOptions.reconcileReportsDir(config).toString(),
                "--allowed-lateness", config.get(Settings.ALLOWED_LATENESS),
                "--checkpoint-interval", config.get(Settings.CHECKPOINT_INTERVAL),
                "--max-clicks-per-ip-per-ad", config.get(Settings.FRAUD_PER_IP_PER_AD),
                "--max-clicks-per-ip-across-ads", config.get(Settings.FRAUD_PER_IP)));
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("ADCLICK_ADMIN_KEY", StackSecrets.resolve(config).adminKey());
        return pb;
    }
}
