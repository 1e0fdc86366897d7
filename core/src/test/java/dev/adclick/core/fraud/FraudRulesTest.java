package dev.adclick.core.fraud;

import org.junit.jupiter.api.Test;

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
    void constructorRejectsBoundsThatMakeNoSense() {
        assertThatThrownBy(() -> new FraudRules(0, 10)).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> new FraudRules(50, 10)).hasMessageContaining("must be >=");
    }
}
