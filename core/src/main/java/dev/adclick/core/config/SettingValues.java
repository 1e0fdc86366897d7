package dev.adclick.core.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Values of a known list of {@link Setting}s, as their raw text, checked when they are set and
 * parsed when they are read. Keys are canonical: a value given under an earlier key of a setting
 * is stored under its current key. Keys starting with one of the pass-through prefixes (e.g.
 * {@code kafka.} for client properties) are kept as they are. Immutable and serializable (a Flink
 * job carries its options to the task managers).
 */
public final class SettingValues implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> knownKeys;
    private final List<String> passThroughPrefixes;
    private final LinkedHashMap<String, String> raw;
    private transient List<Setting<?>> known;

    private SettingValues(List<Setting<?>> known, List<String> passThroughPrefixes, Map<String, String> raw) {
        this.known = List.copyOf(known);
        this.knownKeys = known.stream().map(Setting::key).toList();
        this.passThroughPrefixes = List.copyOf(passThroughPrefixes);
        this.raw = new LinkedHashMap<>(raw);
    }

    /** No values yet: every setting at its default. */
    public static SettingValues empty(Collection<? extends Setting<?>> known, String... passThroughPrefixes) {
        return new SettingValues(List.copyOf(known), List.of(passThroughPrefixes), Map.of());
    }

    /**
     * Reads {@code --key value} or {@code --key=value} arguments; {@code --config FILE} loads a
     * properties file first, and the other arguments override it.
     *
     * @throws IllegalArgumentException naming an unknown key or a bad value
     */
    public SettingValues withArgs(String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        String config = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new IllegalArgumentException("expected --key value, got '" + a + "'");
            String key = a.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else {
                if (i + 1 >= args.length) throw new IllegalArgumentException("--" + key + " needs a value");
                value = args[++i];
            }
            if (key.equals("config")) config = value; else given.put(key, value);
        }
        SettingValues v = this;
        if (config != null) v = v.withFile(Path.of(config));
        return v.withAll(given, "argument");
    }

    /** Adds the values of a properties file. */
    public SettingValues withFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) m.put(k, p.getProperty(k));
        return withAll(m, file.toString());
    }

    /** Adds the {@code ADCLICK_*} variables of the known settings found in {@code env}. */
    public SettingValues withEnvironment(Map<String, String> env) {
        SettingValues v = this;
        for (Setting<?> s : settings()) {
            String e = env.get(s.envVar());
            if (e != null && !e.isBlank()) v = v.with(s.key(), e, "environment variable " + s.envVar());
        }
        return v;
    }

    /** Adds values by key (current or earlier keys of known settings, or pass-through keys). */
    public SettingValues withAll(Map<String, String> values, String source) {
        SettingValues v = this;
        for (Map.Entry<String, String> e : values.entrySet()) v = v.with(e.getKey(), e.getValue(), source);
        return v;
    }

    /** A copy with one more value. */
    public <T> SettingValues with(Setting<T> s, String value) {
        return with(s.key(), value, "override");
    }

    private SettingValues with(String key, String value, String source) {
        if (value == null) throw new IllegalArgumentException(key + " needs a value");
        Map<String, String> m = new LinkedHashMap<>(raw);
        Setting<?> s = find(key);
        if (s != null) {
            s.parse(value, source);
            m.put(s.key(), value.trim());
        } else if (passThroughPrefixes.stream().anyMatch(key::startsWith)) {
            m.put(key, value.trim());
        } else {
            throw new IllegalArgumentException("Unknown setting '" + key + "' (" + source + "); known settings: "
                    + String.join(", ", knownKeys));
        }
        return new SettingValues(settings(), passThroughPrefixes, m);
    }

    /** The value, parsed: the given one, else the default, else null. */
    public <T> T get(Setting<T> s) {
        String v = raw.get(s.key());
        if (v == null) v = settingOf(s).defaultValue();
        return v == null ? null : s.parse(v, "given");
    }

    /** The raw text: the given one, else the default, else null. */
    public String raw(Setting<?> s) {
        String v = raw.get(s.key());
        return v != null ? v : settingOf(s).defaultValue();
    }

    /** True when a non-blank value was given or the setting has a non-blank default. */
    public boolean isSet(Setting<?> s) {
        String v = raw(s);
        return v != null && !v.isBlank();
    }

    /** True when a value was given (not just the default). */
    public boolean isGiven(Setting<?> s) {
        return raw.containsKey(s.key());
    }

    /** The pass-through values under {@code prefix}, without it. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (k.startsWith(prefix) && find(k) == null) out.put(k.substring(prefix.length()), v);
        });
        return out;
    }

    /**
     * The given and default values of {@code settings} as {@code --key value} arguments, so that a
     * launcher hands another process exactly these settings.
     */
    public List<String> asArgs(Collection<? extends Setting<?>> settings) {
        List<String> out = new ArrayList<>();
        for (Setting<?> s : settings) {
            String v = raw(s);
            if (v != null) out.addAll(s.asArgs(v));
        }
        return out;
    }

    /** Every value (given or default) by key, pass-through values included. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        if (known == null) return new LinkedHashMap<>(raw);
        for (Setting<?> s : settings()) if (raw(s) != null) m.put(s.key(), raw(s));
        raw.forEach(m::putIfAbsent);
        return m;
    }

    /** The known settings. */
    public List<Setting<?>> settings() {
        if (known == null) throw new IllegalStateException("setting definitions are not available after deserialization");
        return known;
    }

    private Setting<?> find(String key) {
        for (Setting<?> s : settings()) if (s.hasKey(key)) return s;
        return null;
    }

    private Setting<?> settingOf(Setting<?> s) {
        // after deserialization the definitions are gone; the caller's own definition is the same one
        if (known == null) return s;
        Setting<?> mine = find(s.key());
        if (mine == null) throw new IllegalArgumentException("setting " + s.key() + " is not one of " + knownKeys);
        return mine;
    }

    @Override
    public String toString() {
        return raw.toString();
    }
}
