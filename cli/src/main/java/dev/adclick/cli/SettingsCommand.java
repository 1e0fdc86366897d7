package dev.adclick.cli;

import dev.adclick.cli.config.Setting;
import dev.adclick.cli.config.Settings;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code ./adclick settings}: every setting, its environment variable and default. */
@Command(name = "settings", mixinStandardHelpOptions = true, description = "List every setting with its environment variable and default.")
public final class SettingsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (Setting s : Settings.ALL) {
            System.out.printf("%-32s %-40s default: %s%n    %s%n", s.key(), s.envVar(),
                    s.defaultValue() == null ? "(unset)" : s.defaultValue().isEmpty() ? "(empty)" : s.defaultValue(), s.description());
        }
        return 0;
    }
}
