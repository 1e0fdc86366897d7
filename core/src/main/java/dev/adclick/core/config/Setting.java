package dev.adclick.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One setting, defined once next to the code that owns it: its key, default, description and how a
 * value is read and checked. The same key is used everywhere: in the config file ({@code key=value}),
 * as an argument of a job or service ({@code --key value}), and as the environment variable
 * {@link #envVar()}. Launchers build their arguments, environment and help text from these
 * definitions (docs/architecture.md, "Settings").
 *
 * @param <T> the type code reads
 */
public final class Setting<T> {
    private final String key;
    private final String defaultValue;
    private final String description;
    private final Function<String, T> parser;
    private final String expected;
    private final List<String> oldKeys;

    private Setting(String key, String defaultValue, String description, Function<String, T> parser, String expected,
                    List<String> oldKeys) {
        if (!key.matches("[a-z0-9]+([.-][a-z0-9]+)*")) throw new IllegalArgumentException("bad setting key '" + key + "'");
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = Objects.requireNonNull(description, "description");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.expected = Objects.requireNonNull(expected, "expected");
        this.oldKeys = List.copyOf(oldKeys);
        if (defaultValue != null) parse(defaultValue, "its default");
    }

    // ---- factories: one per kind of value --------------------------------------------------------

    /** Free text; {@code defaultValue} null means unset. */
    public static Setting<String> text(String key, String defaultValue, String description) {
        return new Setting<>(key, defaultValue, description, v -> v, "text", List.of());
    }

    /** Text that {@code valid} accepts; {@code expected} says what that is, for error messages. */
    public static Setting<String> text(String key, String defaultValue, String description, Predicate<String> valid, String expected) {
        return new Setting<>(key, defaultValue, description, v -> {
            if (!valid.test(v)) throw new IllegalArgumentException();
            return v;
        }, expected, List.of());
    }

    /** One of a fixed list of words. */
    public static Setting<String> oneOf(String key, String defaultValue, String description, String... choices) {
        List<String> c = List.of(choices);
        return text(key, defaultValue, description, c::contains, String.join(" or ", c));
    }

    /** A comma-separated list (blank: empty). */
    public static Setting<List<String>> list(String key, String defaultValue, String description) {
        return new Setting<>(key, defaultValue, description,
                v -> v.isBlank() ? List.of() : List.of(v.trim().split("\\s*,\\s*")), "a comma-separated list", List.of());
    }

    /** A whole number of at least {@code min}. */
    public static Setting<Integer> integer(String key, int defaultValue, int min, String description) {
        return new Setting<>(key, String.valueOf(defaultValue), description, v -> {
            int n = Integer.parseInt(v.trim());
            if (n < min) throw new IllegalArgumentException();
            return n;
        }, "a whole number >= " + min, List.of());
    }

    /** A whole number of at least {@code min}, or unset (null). */
    public static Setting<Integer> integerOrUnset(String key, int min, String description) {
        return new Setting<>(key, null, description, v -> {
            int n = Integer.parseInt(v.trim());
            if (n < min) throw new IllegalArgumentException();
            return n;
        }, "a whole number >= " + min, List.of());
    }

    /** A TCP port (0: any free one). */
    public static Setting<Integer> port(String key, int defaultValue, String description) {
        return new Setting<>(key, String.valueOf(defaultValue), description, v -> {
            int n = Integer.parseInt(v.trim());
            if (n < 0 || n > 65535) throw new IllegalArgumentException();
            return n;
        }, "a port number (0-65535)", List.of());
    }

    /** A duration of at least {@code min}, written as {@link Durations} reads it. */
    public static Setting<Duration> duration(String key, String defaultValue, Duration min, String description) {
        return new Setting<>(key, defaultValue, description, v -> {
            Duration d = Durations.parse(v);
            if (d.compareTo(min) < 0) throw new IllegalArgumentException();
            return d;
        }, "a duration >= " + Durations.format(min) + " like 500ms, 10s, 5m, 24h or PT10S", List.of());
    }

    /** {@code true} or {@code false}, default false. */
    public static Setting<Boolean> flag(String key, String description) {
        return flag(key, false, description);
    }

    /** {@code true} or {@code false}. */
    public static Setting<Boolean> flag(String key, boolean defaultValue, String description) {
        return new Setting<>(key, Boolean.toString(defaultValue), description, v -> {
            if (!v.equals("true") && !v.equals("false")) throw new IllegalArgumentException();
            return Boolean.parseBoolean(v);
        }, "true or false", List.of());
    }

    // ---- variants ----------------------------------------------------------------------------------

    /** The same setting, also read under earlier keys (so old command lines and files keep working). */
    public Setting<T> alsoKnownAs(String... earlierKeys) {
        List<String> all = new ArrayList<>(oldKeys);
        all.addAll(Arrays.asList(earlierKeys));
        return new Setting<>(key, defaultValue, description, parser, expected, all);
    }

    /**
     * The same setting (same key, meaning and checks) with the default of one deployable, for a
     * setting whose sensible default depends on where it runs (e.g. a job jar's store location).
     */
    public Setting<T> withDefault(String newDefault) {
        return new Setting<>(key, newDefault, description, parser, expected, oldKeys);
    }

    // ---- reading -----------------------------------------------------------------------------------

    /**
     * Reads a value.
     *
     * @param source where the value came from, for the message ("environment variable …")
     * @throws IllegalArgumentException naming the key, the value, what is expected and how to fix it
     */
    public T parse(String raw, String source) {
        try {
            return parser.apply(raw.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Setting " + key + " (" + source + ") is '" + raw + "' but must be " + expected
                    + ". Fix it, or unset it to use the default" + (defaultValue == null ? "" : " (" + defaultValue + ")") + ".");
        }
    }

    /** The parsed default, or null when the setting has none. */
    public T defaultParsed() {
        return defaultValue == null ? null : parse(defaultValue, "its default");
    }

    /** True if {@code k} is this setting's key or one of its earlier keys. */
    public boolean hasKey(String k) {
        return key.equals(k) || oldKeys.contains(k);
    }

    public String key() { return key; }
    /** The default as written in a config file, or null: unset. */
    public String defaultValue() { return defaultValue; }
    public String description() { return description; }
    /** What a valid value looks like. */
    public String expected() { return expected; }
    public List<String> oldKeys() { return oldKeys; }

    /** The environment variable that overrides this setting: {@code ADCLICK_} + key in capitals. */
    public String envVar() {
        return "ADCLICK_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** {@code --key value}, the form jobs and services read. */
    public List<String> asArgs(String value) {
        return List.of("--" + key, value);
    }

    @Override
    public String toString() {
        return key;
    }
}
