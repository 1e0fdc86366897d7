package dev.adclick.core.fraud;

import dev.adclick.core.click.Click;
import dev.adclick.core.count.CountKey;
import dev.adclick.core.count.Counts;
import dev.adclick.core.dimension.Device;
import dev.adclick.core.dimension.Dimensions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link BotDevice} as one rule of {@link FraudRules}: bot clicks are suspicious by themselves. */
class BotDeviceTest {
    private static final long T0 = 1_764_288_000_000L; // a whole minute

    private static Click click(String id, String ip, String device) {
        return new Click(id, "ad", null, T0 + 1, ip, "ua", true, "p1", "US", device);
    }

    @Test
    void flagsExactlyTheBotDevice() {
        BotDevice rule = new BotDevice();
        assertThat(rule.flags(click("a", "ip", Device.BOT.json()))).isTrue();
        for (Device d : Device.values()) if (d != Device.BOT) assertThat(rule.flags(click("a", "ip", d.json()))).as(d.json()).isFalse();
        assertThat(rule.flags(click("a", "ip", null))).as("unknown device (v1 clicks)").isFalse();
    }

    @Test
    void botClicksAreSuspiciousEvenWithoutAnIpAndTakeNoPartInTheGroups() {
        FraudRules rules = FraudRules.defaults();
        List<Click> clicks = new ArrayList<>();
        for (int i = 0; i < 20; i++) clicks.add(click("human-" + i, "ip-1", "desktop")); // exactly at the per-ad threshold
        for (int i = 0; i < 5; i++) clicks.add(click("bot-" + i, "ip-1", "bot"));
        clicks.add(click("bot-noip", null, "bot"));
        assertThat(rules.suspiciousClickIds(clicks)).containsExactlyInAnyOrder("bot-0", "bot-1", "bot-2", "bot-3", "bot-4", "bot-noip");

        FraudRules off = FraudRules.fromSettings(Map.of(), Map.of(BotDevice.SETTING.settingKey(), false));
        assertThat(off.clickRules()).isEmpty();
        assertThat(off.suspiciousClickIds(clicks)).as("bots counted: 25 clicks of ip-1 on the ad are over the threshold")
                .hasSize(25).doesNotContain("bot-noip");
    }

    @Test
    void aBotClickIsSuspiciousInItsOwnBreakdownRow() {
        Map<CountKey, Counts> rows = FraudRules.defaults().rowsOf(List.of(click("h", "ip", "desktop"), click("b", "ip", "bot")));
        assertThat(rows).containsOnly(
                Map.entry(new CountKey("ad", T0), new Counts(1, 1, 1)),
                Map.entry(new CountKey("ad", T0, Dimensions.of("p1", "US", "desktop")), new Counts(1, 1, 0)),
                Map.entry(new CountKey("ad", T0, Dimensions.of("p1", "US", "bot")), new Counts(0, 0, 1)));
    }
}
