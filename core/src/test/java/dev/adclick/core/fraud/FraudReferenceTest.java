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
        ClickRule unverified = new ClickRule() {
            @Override public boolean flags(dev.adclick.core.click.Click c) { return c.getClickId().startsWith("crowd-"); }
            @Override public String ruleId() { return "test-crowd"; }
            @Override public String description() { return "test only"; }
        };
        FraudRules rules = new FraudRules(java.util.List.of(new MaxClicksPerIpPerAd(20), unverified));
        FraudScenarios.Scenario s = FraudScenarios.around(rules, 2);
        assertThat(rules.suspiciousClickIds(s.clicks())).containsAll(s.flagged())
                .allMatch(id -> id.startsWith("crowd-") || s.flagged().contains(id));
    }
}
