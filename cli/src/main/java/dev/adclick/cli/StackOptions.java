package dev.adclick.cli;

import dev.adclick.cli.config.AdclickConfig;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Options shared by the commands that start or talk to the stack. */
public final class StackOptions {
    @Option(names = {"-c", "--config"}, description = "Properties file with settings (see ./adclick settings). Environment variables ADCLICK_* override it.")
    Path configFile;

    @Option(names = "--data-dir", description = "Data directory (default ./data, or ADCLICK_DATA_DIR).")
    Path dataDir;

    /** The configuration from defaults, file, environment and these flags. */
    public AdclickConfig load() throws IOException {
        Map<String, String> overrides = new HashMap<>();
        if (dataDir != null) overrides.put("data.dir", dataDir.toString());
        return AdclickConfig.load(configFile, System.getenv(), overrides);
    }
}
