package dev.adclick.cli.reconcile;

import dev.adclick.cli.StackOptions;
import dev.adclick.cli.config.AdclickConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./adclick reconcile}: recounts a closed hour or day from the archive with Spark and
 * corrects the running stack's store.
 *
 * <p>Spark runs in a child JVM with the reconcile module's own classpath ({@code reconcile/bin/reconcile}),
 * because Spark's classpath must not mix with Kafka's and Flink's (docs/architecture.md, Two ways to run). The stack process
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
        boolean hourly = period.hour != null;
        ProcessBuilder pb = ReconcileLauncher.processFor(config, ReconcileLauncher.configuredQueryUrl(config), hourly ? "--hour" : "--date", hourly ? period.hour : period.date,
                dryRun ? List.of("--dry-run") : List.of());
        return pb.inheritIO().start().waitFor();
    }
}
