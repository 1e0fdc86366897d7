package dev.adclick.cli.service;

import dev.adclick.cli.config.AdclickConfig;
import dev.adclick.core.config.Setting;

/** What the single-service commands share: checking required settings, running until stopped. */
final class Services {
    private Services() {}

    static void require(AdclickConfig config, Setting<?> setting, String why) {
        if (!config.isSet(setting)) {
            throw new IllegalArgumentException("Set " + setting.key() + " (or " + setting.envVar() + "): " + why + ".");
        }
    }
}
