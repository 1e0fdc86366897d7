package dev.adclick.core.fraud;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link FraudRules}. */
class FraudRulesTest {
    private final FraudRules rules = FraudRules.defaults();

    @Test
    void ordinaryTrafficIsNeverSuspicious() {
        assertThat(rules.isSuspicious("ip", 3, 3)).as("a person clicking an ad a few times").isFalse();
        assertThat(rules.isSuspicious("ip", 20, 100)).as("exactly at the limits").isFalse();
    }

    @Test
    void moreThanTheLimitOnOneAdOrAcrossAdsIsSuspicious() {
        assertThat(rules.isSuspicious("ip", 21, 21)).isTrue();
        assertThat(rules.isSuspicious("ip", 5, 101)).isTrue();
    }

    @Test
    void clicksWithoutAnIpHashAreNeverFlagged() {
        assertThat(rules.isSuspicious(null, 1_000, 1_000)).isFalse();
        assertThat(rules.isSuspicious("", 1_000, 1_000)).isFalse();
    }

    @Test
    void defaultsAreEveryKnownRuleWithItsDefaultThreshold() {
        assertThat(rules.countRules()).extracting(CountRule::ruleId).containsExactly("max-clicks-per-ip-per-ad", "max-clicks-per-ip");
        assertThat(FraudRules.settings()).extracting(RuleSetting::settingKey, RuleSetting::defaultThreshold)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fraud.max-clicks-per-ip-per-ad", 20),
                        org.assertj.core.groups.Tuple.tuple("fraud.max-clicks-per-ip", 100));
        assertThat(rules.clickRules()).as("the bot rule is on by default").containsExactly(new BotDevice());
        assertThat(FraudRules.clickRuleSettings()).extracting(ClickRuleSetting::settingKey, ClickRuleSetting::defaultOn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fraud.bot-clicks", true));
    }

    @Test
    void thresholdsComeFromSettingKeys() {
        FraudRules r = FraudRules.fromThresholds(Map.of("fraud.max-clicks-per-ip", 7));
        assertThat(r.threshold(MaxClicksPerIp.SETTING)).isEqualTo(7);
        assertThat(r.threshold(MaxClicksPerIpPerAd.SETTING)).isEqualTo(20);
        assertThat(r.isSuspicious("ip", 1, 8)).isTrue();
        assertThatThrownBy(() -> FraudRules.fromThresholds(Map.of("fraud.max-clicks-per-ipp", 7)))
                .hasMessageContaining("unknown fraud rule setting").hasMessageContaining("fraud.max-clicks-per-ip-per-ad");
        assertThatThrownBy(() -> FraudRules.fromThresholds(Map.of("fraud.max-clicks-per-ip", 0)))
                .hasMessageContaining("fraud.max-clicks-per-ip must be >= 1");
    }

    @Test
    void rulesAreSerializableForFlink() throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(rules);
        }
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(rules);
        }
    }

    @Test
    void legacyConstructorRejectsBoundsThatMakeNoSense() {
        assertThatThrownBy(() -> new FraudRules(0, 10)).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> new FraudRules(50, 10)).hasMessageContaining("must be >=");
        assertThat(new FraudRules(20, 100).countRules()).isEqualTo(rules.countRules());
    }
}
