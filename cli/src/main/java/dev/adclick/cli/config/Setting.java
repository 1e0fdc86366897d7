package dev.adclick.cli.config;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * One configuration setting: its key in the config file, its environment variable, its default
 * and what it means. {@link Settings} lists them all; {@code ./adclick settings} prints them.
 *
 * @param key          key in the properties file, e.g. {@code ingest.port}
 * @param defaultValue value when neither the file nor the environment sets it ({@code null}: unset)
 * @param description  one line for people
 * @param validator    accepts the raw string; {@link #check} names the key when it rejects
 * @param expected     what a valid value looks like, for the error message
 */
public record Setting(String key, String defaultValue, String description, Predicate<String> validator, String expected) {

    /** The environment variable that overrides this setting: {@code ADCLICK_} + key in capitals. */
    public String envVar() {
        return "ADCLICK_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    void check(String value, String source) {
        if (value != null && !validator.test(value)) {
            throw new IllegalArgumentException("Setting " + key + " (" + source + ") is '" + value + "' but must be "
                    + expected + ". Fix it in the config file or unset " + envVar() + ".");
        }
    }
}
