package dev.adclick.cli.config;

import dev.adclick.core.config.Setting;
import dev.adclick.core.config.SettingValues;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolved configuration: built-in defaults, overridden by a properties file, overridden by
 * {@code ADCLICK_*} environment variables, overridden by explicit values (tests, flags).
 * Invalid values fail at start with a message naming the setting and what it should be.
 */
public final class AdclickConfig {
    private final SettingValues values;

    private AdclickConfig(SettingValues values) {
        this.values = values;
    }

    /** Defaults, then the file (if not null), then the environment, then the overrides. */
    public static AdclickConfig load(Path file, Map<String, String> env, Map<String, String> overrides) throws IOException {
        SettingValues v = SettingValues.empty(Settings.ALL);
        if (file != null && !Files.isReadable(file)) throw new IOException("cannot read config file " + file);
        try {
            if (file != null) v = v.withFile(file);
            return new AdclickConfig(v.withEnvironment(env).withAll(overrides, "override"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("Unknown setting")
                    ? e.getMessage().replaceFirst(";.*", ". Run ./adclick settings to list them.") : e.getMessage(), e);
        }
    }

    /** Defaults plus overrides only (no file, no environment): what tests use. */
    public static AdclickConfig of(Map<String, String> overrides) {
        try {
            return load(null, Map.of(), overrides);
        } catch (IOException e) {
            throw new IllegalStateException("no file was read", e);
        }
    }

    /** A copy with more overrides. */
    public AdclickConfig with(String key, String value) {
        return new AdclickConfig(values.withAll(Map.of(key, value), "override"));
    }

    /** The value, or null when unset. */
    public <T> T get(Setting<T> s) {
        return values.get(s);
    }

    /** The value as written (in the file, the environment or the default), or null. */
    public String raw(Setting<?> s) {
        return values.raw(s);
    }

    public boolean isSet(Setting<?> s) {
        return values.isSet(s);
    }

    /** These settings' values as {@code --key value} arguments, for a job or service in another process. */
    public List<String> asArgs(Collection<? extends Setting<?>> settings) {
        return values.asArgs(settings);
    }

    /** These settings' values (given or default; unset ones left out) by key. */
    public Map<String, String> rawValues(Collection<? extends Setting<?>> settings) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Setting<?> s : settings) if (values.raw(s) != null) m.put(s.key(), values.raw(s));
        return m;
    }

    public Path dataDir() {
        return Path.of(values.get(Settings.DATA_DIR)).toAbsolutePath().normalize();
    }
}
