package dev.adclick.cli;

import dev.adclick.cli.config.Settings;
import dev.adclick.core.config.SettingsHelp;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code ./adclick settings}: every setting, its environment variable and default. */
@Command(name = "settings", mixinStandardHelpOptions = true, description = "List every setting with its environment variable and default.")
public final class SettingsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.print(SettingsHelp.describe(Settings.ALL));
        return 0;
    }
}
