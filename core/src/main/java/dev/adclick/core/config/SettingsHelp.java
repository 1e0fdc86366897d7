package dev.adclick.core.config;

import java.util.Collection;
import java.util.Locale;

/** The one help text format of settings, for {@code --help} of jobs and {@code ./adclick settings}. */
public final class SettingsHelp {
    private SettingsHelp() {}

    /** One entry per setting: {@code --key}, environment variable, default, description, earlier keys. */
    public static String describe(Collection<? extends Setting<?>> settings) {
        StringBuilder b = new StringBuilder();
        for (Setting<?> s : settings) {
            String def = s.defaultValue() == null ? "(unset)" : s.defaultValue().isEmpty() ? "(empty)" : s.defaultValue();
            b.append(String.format(Locale.ROOT, "  %-34s %-40s default: %s%n      %s%n", s.key(), s.envVar(), def, s.description()));
            if (!s.oldKeys().isEmpty()) b.append("      (also read under the earlier key ").append(String.join(", ", s.oldKeys())).append(")\n");
        }
        return b.toString();
    }
}
