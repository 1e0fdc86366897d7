package dev.adclick.core.fraud;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link FraudRules#suspiciousClickIds}, the reference the stream and the batch job agree with. */
class FraudReferenceTest {
    @Test
    void everyDefaultRuleFlagsOneOverItsThresholdAndNotAtIt() {
        FraudRules rules = FraudRules.defaults();
        FraudScenarios.Scenario s = FraudScenarios.around(rules, 1);
        assertThat(rules.suspiciousClickIds(s.clicks())).containsAll(s.flagged()).doesNotContainAnyElementsOf(s.notFlagged());
    }

    @Test
    void aPerClickRuleFlagsItsClicksAndLeavesThemOutOfTheGroups() {
        FraudRules rules = FraudScenarios.defaultsWithAClickRule();
        FraudScenarios.Scenario s = FraudScenarios.around(rules, 2);
        assertThat(rules.suspiciousClickIds(s.clicks())).containsAll(s.flagged()).contains("crowd-1", "crowd-199")
                .allMatch(id -> id.startsWith("crowd-1") || s.flagged().contains(id));
    }
}
