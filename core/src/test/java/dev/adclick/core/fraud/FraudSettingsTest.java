package dev.adclick.core.fraud;

import dev.adclick.core.config.Setting;
import dev.adclick.core.config.SettingValues;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link FraudSettings}: every rule is a setting, read and passed on under one key. */
class FraudSettingsTest {
    private static SettingValues values(Map<String, String> given) {
        return SettingValues.empty(FraudSettings.ALL).withAll(given, "test");
    }

    @Test
    void everyRuleHasItsSettingThresholdsThenClickRules() {
        assertThat(FraudSettings.ALL).extracting(Setting::key)
                .containsExactly("fraud.max-clicks-per-ip-per-ad", "fraud.max-clicks-per-ip", "fraud.bot-clicks");
        assertThat(FraudSettings.clickRule("fraud.bot-clicks").defaultValue()).isEqualTo("suspicious");
    }

    @Test
    void theBotRuleIsOnByDefaultAndCountedTurnsItOff() {
        assertThat(FraudSettings.rules(values(Map.of()))).isEqualTo(FraudRules.defaults());
        assertThat(FraudSettings.rules(values(Map.of())).isOn(BotDevice.SETTING)).isTrue();
        FraudRules off = FraudSettings.rules(values(Map.of("fraud.bot-clicks", "counted")));
        assertThat(off.isOn(BotDevice.SETTING)).isFalse();
        assertThat(off.countRules()).isEqualTo(FraudRules.defaults().countRules());
        assertThatThrownBy(() -> values(Map.of("fraud.bot-clicks", "yes"))).hasMessageContaining("fraud.bot-clicks")
                .hasMessageContaining("suspicious or counted");
    }

    @Test
    void valuesRoundTripThroughTheSettingsAsALauncherPassesThem() {
        FraudRules custom = FraudRules.fromSettings(Map.of("fraud.max-clicks-per-ip-per-ad", 7), Map.of("fraud.bot-clicks", false));
        Map<String, String> passed = FraudSettings.values(custom);
        assertThat(passed).containsExactly(Map.entry("fraud.max-clicks-per-ip-per-ad", "7"), Map.entry("fraud.max-clicks-per-ip", "100"),
                Map.entry("fraud.bot-clicks", "counted"));
        assertThat(FraudSettings.rules(values(passed))).isEqualTo(custom);
        assertThat(FraudSettings.values(FraudRules.defaults())).containsEntry("fraud.bot-clicks", "suspicious");
    }

    @Test
    void aKeyThatNamesNoRuleIsAnError() {
        assertThatThrownBy(() -> FraudRules.fromSettings(Map.of(), Map.of("fraud.bots", true)))
                .hasMessageContaining("unknown fraud rule setting").hasMessageContaining("fraud.bots").hasMessageContaining("fraud.bot-clicks");
    }
}
