package dev.adclick.cli.reconcile;

import dev.adclick.cli.StackOptions;
import dev.adclick.cli.config.AdclickConfig;
import dev.adclick.cli.config.Settings;
import dev.adclick.cli.stack.ServiceOptions;
import dev.adclick.cli.stack.StackSecrets;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./adclick reconcile}: recounts a closed hour or day from the archive with Spark and
 * corrects the running stack's store.
 *
 * <p>Spark runs in a child JVM with the reconcile module's own classpath ({@code reconcile/bin/reconcile}),
 * because Spark's classpath must not mix with Kafka's and Flink's (DESIGN §2). The stack process
 * owns the DuckDB file, so the job reads and writes rows through the stack's admin API
 * ({@code adclick+http://…}, admin key in the child's environment). A shared store (ClickHouse)
 * is written directly.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Recount a closed UTC hour or day from the archive and correct the stored counts (the stack must be running).")
public final class ReconcileCommand implements Callable<Integer> {
    @Mixin
    StackOptions options;

    @ArgGroup(multiplicity = "1")
    Period period;

    static final class Period {
        @Option(names = "--hour", required = true, description = "UTC hour, e.g. 2026-11-27T10")
        String hour;
        @Option(names = "--date", required = true, description = "UTC day, e.g. 2026-11-27")
        String date;
    }

    @Option(names = "--dry-run", description = "Compute and report the corrections, write nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        AdclickConfig config = options.load();
        Path home = Path.of(System.getProperty("adclick.home", "."));
        Path launcher = home.resolve("reconcile/bin/reconcile");
        if (!Files.isExecutable(launcher)) {
            System.err.println("adclick: " + launcher + " is missing; run ./adclick from the project folder (it builds the reconcile module).");
            return 1;
        }
        boolean sharedStore = config.isSet(Settings.STORE) && !config.get(Settings.STORE).startsWith("duckdb:");
        String store = sharedStore ? config.get(Settings.STORE) : "adclick+http://127.0.0.1:" + config.getInt(Settings.QUERY_PORT);

        List<String> cmd = new ArrayList<>(List.of(launcher.toString(),
                period.hour != null ? "--hour" : "--date", period.hour != null ? period.hour : period.date,
                "--archive", ServiceOptions.archiveUri(config),
                "--store", store,
                "--reports-dir", config.dataDir().resolve("reconcile-reports").toString(),
                "--allowed-lateness", config.get(Settings.ALLOWED_LATENESS),
                "--checkpoint-interval", config.get(Settings.CHECKPOINT_INTERVAL),
                "--max-clicks-per-ip-per-ad", config.get(Settings.FRAUD_PER_IP_PER_AD),
                "--max-clicks-per-ip-across-ads", config.get(Settings.FRAUD_PER_IP)));
        if (dryRun) cmd.add("--dry-run");
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("ADCLICK_ADMIN_KEY", StackSecrets.resolve(config).adminKey());
        return pb.start().waitFor();
    }
}
