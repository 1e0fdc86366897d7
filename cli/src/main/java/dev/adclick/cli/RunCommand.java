package dev.adclick.cli;

import dev.adclick.cli.config.AdclickConfig;
import dev.adclick.cli.stack.EmbeddedStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code ./adclick run}: the whole stack in this process until Ctrl-C. Makes no traffic of its own. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Start the whole stack (Kafka, Redis, Flink, DuckDB, click service, query API) in one process.")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    StackOptions options;

    @Override
    public Integer call() throws Exception {
        EmbeddedStack stack = startAndPrint(options.load());
        Shutdown.awaitThenClose(() -> stack.close(Shutdown.STOPPED));
        return 0;
    }

    /** {@code from=…&to=…} for today (UTC): a range the API accepts (at most 31 days) that holds today's traffic. */
    static String todayRange() {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        return "from=" + today.atStartOfDay().toInstant(java.time.ZoneOffset.UTC) + "&to=" + today.plusDays(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
    }

    static EmbeddedStack startAndPrint(AdclickConfig config) throws Exception {
        System.out.println("Starting adclick, data in " + config.dataDir());
        long t0 = System.nanoTime();
        EmbeddedStack stack = EmbeddedStack.start(config, line -> System.out.println("  started  " + line));
        System.out.printf("adclick is up in %.1f s.%n", (System.nanoTime() - t0) / 1e9);
        System.out.println();
        System.out.println("  Dashboard   " + stack.queryUrl() + "/   (admin key: " + stack.adminKey() + ")");
        System.out.println("  Serve an ad curl '" + stack.ingestUrl() + "/ads/serve?placement=home'");
        System.out.println("  Query       curl -H 'Authorization: Bearer " + stack.adminKey() + "' '" + stack.queryUrl()
                + "/api/v1/ads/top?" + todayRange() + "&limit=10'");
        System.out.println();
        System.out.println("Press Ctrl-C to stop.");
        return stack;
    }
}
