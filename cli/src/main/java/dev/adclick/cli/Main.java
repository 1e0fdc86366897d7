package dev.adclick.cli;

import dev.adclick.cli.demo.DemoCommand;
import dev.adclick.cli.reconcile.ReconcileCommand;
import dev.adclick.cli.service.IngestCommand;
import dev.adclick.cli.service.QueryCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./adclick}. */
@Command(name = "adclick", mixinStandardHelpOptions = true, version = "adclick 0.1.0",
        description = "Real-time ad click aggregator: counts every click once, per ad per minute.",
        subcommands = {RunCommand.class, DemoCommand.class, ReconcileCommand.class, IngestCommand.class, QueryCommand.class, SettingsCommand.class})
public final class Main {
    public static void main(String[] args) {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // People read this: the message, not a stack trace (it is in the log).
            commandLine.getErr().println("adclick: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        int code = cmd.execute(args.length == 0 ? new String[] {"--help"} : args);
        System.exit(code);
    }
}
