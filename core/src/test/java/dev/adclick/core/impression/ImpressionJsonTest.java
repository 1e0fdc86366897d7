package dev.adclick.core.impression;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link ImpressionJson}: the topic format of {@code impressions}. */
class ImpressionJsonTest {
    private static final long TS = 1_764_288_000_123L;

    @Test
    void roundTripsEveryField() throws Exception {
        Impression i = new Impression("imp-1", "ad-7", ImpressionKind.RENDERED, TS, "home", "ip-h", "ua-h");
        i.setCountry("NL");
        i.setDevice("mobile");
        String json = ImpressionJson.toJson(i);
        assertThat(json).isEqualTo("{\"v\":1,\"impression_id\":\"imp-1\",\"ad_id\":\"ad-7\",\"kind\":\"rendered\",\"ts\":" + TS
                + ",\"placement\":\"home\",\"country\":\"NL\",\"device\":\"mobile\",\"ip_hash\":\"ip-h\",\"ua_hash\":\"ua-h\"}");
        assertThat(ImpressionJson.parse(json)).isEqualTo(i);
        assertThat(ImpressionJson.parse(json).dedupeId()).isEqualTo("imp-1/rendered");
    }

    @Test
    void optionalFieldsMayBeNullOrAbsentAndExtraFieldsAreIgnored() throws Exception {
        Impression i = ImpressionJson.parse("{\"impression_id\":\"i\",\"ad_id\":\"a\",\"kind\":\"served\",\"ts\":5,\"placement\":null,\"new\":1}");
        assertThat(i.getKind()).isEqualTo(ImpressionKind.SERVED);
        assertThat(i.getPlacement()).isNull();
        assertThat(i.getIpHash()).isNull();
    }

    @Test
    void badMessagesSayWhatIsWrong() {
        assertThatThrownBy(() -> ImpressionJson.parse("{\"impression_id\":\"i\",\"ad_id\":\"a\",\"kind\":\"clicked\",\"ts\":5}"))
                .isInstanceOf(InvalidImpressionException.class).hasMessageContaining("kind must be served or rendered");
        assertThatThrownBy(() -> ImpressionJson.parse("{\"ad_id\":\"a\",\"kind\":\"served\",\"ts\":5}")).hasMessage("impression_id is missing");
        assertThatThrownBy(() -> ImpressionJson.parse("{\"impression_id\":\"i\",\"ad_id\":\"a\",\"kind\":\"served\",\"ts\":\"now\"}"))
                .hasMessageContaining("epoch milliseconds");
        assertThatThrownBy(() -> ImpressionJson.parse("{\"v\":2,\"impression_id\":\"i\",\"ad_id\":\"a\",\"kind\":\"served\",\"ts\":5}"))
                .hasMessageContaining("unsupported format version");
        assertThatThrownBy(() -> ImpressionJson.parse("not json")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> ImpressionJson.parse(new byte[0])).hasMessage("empty message");
    }
}
