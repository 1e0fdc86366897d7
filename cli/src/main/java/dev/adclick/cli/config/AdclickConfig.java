package dev.adclick.cli.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Resolved configuration: built-in defaults, overridden by a properties file, overridden by
 * {@code ADCLICK_*} environment variables, overridden by explicit values (tests, flags).
 * Invalid values fail at start with a message naming the setting and what it should be.
 */
public final class AdclickConfig {
    private final Map<String, String> values;

    private AdclickConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Defaults, then the file (if not null), then the environment, then the overrides. */
    public static AdclickConfig load(Path file, Map<String, String> env, Map<String, String> overrides) throws IOException {
        Map<String, String> v = new HashMap<>();
        for (Setting s : Settings.ALL) if (s.defaultValue() != null) v.put(s.key(), s.defaultValue());
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            for (String k : p.stringPropertyNames()) {
                Setting s = find(k);
                if (s == null) throw new IllegalArgumentException("Unknown setting '" + k + "' in " + file + ". Run ./adclick settings to list them.");
                s.check(p.getProperty(k).trim(), file.toString());
                v.put(k, p.getProperty(k).trim());
            }
        }
        for (Setting s : Settings.ALL) {
            String e = env.get(s.envVar());
            if (e != null && !e.isBlank()) {
                s.check(e.trim(), "environment variable " + s.envVar());
                v.put(s.key(), e.trim());
            }
        }
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            Setting s = find(o.getKey());
            if (s == null) throw new IllegalArgumentException("Unknown setting '" + o.getKey() + "'");
            s.check(o.getValue(), "override");
            v.put(o.getKey(), o.getValue());
        }
        return new AdclickConfig(v);
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
        Map<String, String> v = new HashMap<>(values);
        Setting s = find(key);
        if (s == null) throw new IllegalArgumentException("Unknown setting '" + key + "'");
        s.check(value, "override");
        v.put(key, value);
        return new AdclickConfig(v);
    }

    private static Setting find(String key) {
        for (Setting s : Settings.ALL) if (s.key().equals(key)) return s;
        return null;
    }

    /** The value, or null when unset. */
    public String get(Setting s) {
        return values.get(s.key());
    }

    public boolean isSet(Setting s) {
        String v = values.get(s.key());
        return v != null && !v.isBlank();
    }

    public int getInt(Setting s) {
        return Integer.parseInt(values.get(s.key()));
    }

    public Duration getDuration(Setting s) {
        return parseDuration(values.get(s.key()));
    }

    public List<String> getList(Setting s) {
        String v = values.get(s.key());
        if (v == null || v.isBlank()) return List.of();
        return List.of(v.split("\\s*,\\s*"));
    }

    public Path dataDir() {
        return Path.of(values.get(Settings.DATA_DIR.key())).toAbsolutePath().normalize();
    }

    /** Accepts {@code 500ms}, {@code 10s}, {@code 5m}, {@code 24h}, {@code 2d} and ISO-8601 ({@code PT10S}). */
    static Duration parseDuration(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("p")) return Duration.parse(v.trim().toUpperCase(Locale.ROOT));
        if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        switch (s.charAt(s.length() - 1)) {
            case 's': return Duration.ofSeconds(n);
            case 'm': return Duration.ofMinutes(n);
            case 'h': return Duration.ofHours(n);
            case 'd': return Duration.ofDays(n);
            default: throw new NumberFormatException("no unit in " + v);
        }
    }
}
