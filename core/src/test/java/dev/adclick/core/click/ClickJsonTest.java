package dev.adclick.core.click;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link ClickJson}: the topic format of docs/architecture.md, Contracts, topic `clicks`. */
class ClickJsonTest {
    private static final Click CLICK = new Click("i-imp1", "ad-001", "imp1", 1764288000123L, "iph", "uah", true, "home", "NL", "mobile");

    @Test
    void writesTheDocumentedFieldsAndReadsThemBack() throws Exception {
        String json = ClickJson.toJson(CLICK);
        assertThat(json).isEqualTo("{\"v\":2,\"click_id\":\"i-imp1\",\"ad_id\":\"ad-001\",\"impression_id\":\"imp1\","
                + "\"ts\":1764288000123,\"ip_hash\":\"iph\",\"ua_hash\":\"uah\",\"verified\":true,"
                + "\"placement\":\"home\",\"country\":\"NL\",\"device\":\"mobile\"}");
        assertThat(ClickJson.parse(ClickJson.toBytes(CLICK))).isEqualTo(CLICK);
    }

    @Test
    void aVersionOneRecordStillParsesWithItsDimensionsNull() throws Exception {
        Click v1 = ClickJson.parse("{\"v\":1,\"click_id\":\"i-imp1\",\"ad_id\":\"ad-001\",\"impression_id\":\"imp1\","
                + "\"ts\":1764288000123,\"ip_hash\":\"iph\",\"ua_hash\":\"uah\",\"verified\":true}");
        assertThat(v1).isEqualTo(new Click("i-imp1", "ad-001", "imp1", 1764288000123L, "iph", "uah", true));
        assertThat(v1.getPlacement()).isNull();
        assertThat(v1.getCountry()).isNull();
        assertThat(v1.getDevice()).isNull();
        assertThat(dev.adclick.core.dimension.Dimension.keyOf(v1.getCountry())).isEqualTo("unknown");
        Click nulls = ClickJson.parse("{\"v\":2,\"click_id\":\"c\",\"ad_id\":\"a\",\"ts\":1,\"placement\":null,\"country\":null,\"device\":null}");
        assertThat(nulls.getPlacement()).isNull();
    }

    @Test
    void nullImpressionIsWrittenAsNullAndUnknownFieldsAreIgnored() throws Exception {
        Click c = new Click("f-1", "ad-9", null, 5L, null, null, false);
        assertThat(ClickJson.toJson(c)).contains("\"impression_id\":null");
        Click parsed = ClickJson.parse("{\"v\":1,\"click_id\":\"f-1\",\"ad_id\":\"ad-9\",\"ts\":5,\"extra\":[1,2]}");
        assertThat(parsed).isEqualTo(c);
    }

    @Test
    void minuteIsTheStartOfTheUtcMinute() {
        assertThat(new Click("c", "a", null, 1764288059999L, null, null, false).minute()).isEqualTo(1764288000000L);
        assertThat(new Click("c", "a", null, 1764288060000L, null, null, false).minute()).isEqualTo(1764288060000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{not json", "[]", "42", "null",
            "{\"v\":3,\"click_id\":\"c\",\"ad_id\":\"a\",\"ts\":1}", "{\"v\":0,\"click_id\":\"c\",\"ad_id\":\"a\",\"ts\":1}",
            "{\"click_id\":\"c\",\"ad_id\":\"a\",\"ts\":1,\"country\":7}", "{\"click_id\":\"c\",\"ad_id\":\"a\",\"ts\":1,\"device\":[\"bot\"]}",
            "{\"click_id\":\"c\",\"ts\":1}", "{\"ad_id\":\"a\",\"ts\":1}",
            "{\"click_id\":\"\",\"ad_id\":\"a\",\"ts\":1}", "{\"click_id\":7,\"ad_id\":\"a\",\"ts\":1}",
            "{\"click_id\":\"c\",\"ad_id\":\"a\"}", "{\"click_id\":\"c\",\"ad_id\":\"a\",\"ts\":\"soon\"}",
            "{\"click_id\":\"c\",\"ad_id\":\"a\",\"ts\":1.5}", "{\"click_id\":\"c\",\"ad_id\":\"a\",\"ts\":-3}",
            "{\"click_id\":\"c\",\"ad_id\":\"a\",\"ts\":1,\"verified\":\"yes\"}",
            "{\"click_id\":\"c\",\"ad_id\":\"a\",\"ts\":1,\"ip_hash\":5}"})
    void rejectsWhatIsNotAClickWithAMessage(String json) {
        assertThatThrownBy(() -> ClickJson.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidClickException.class)
                .satisfies(e -> assertThat(e.getMessage()).isNotBlank().doesNotContain("Exception"));
    }

    @Test
    void readsLikeATreeDid() throws Exception {
        // the streaming reader keeps the tree's rules: the last of a repeated field wins, unknown nested values are
        // skipped whole, nothing after the object is read
        Click c = ClickJson.parse("{\"click_id\":\"x\",\"nested\":{\"click_id\":\"no\",\"a\":[1,{\"ts\":0}]},\"ad_id\":\"a\","
                + "\"ts\":7,\"click_id\":\"c\",\"verified\":null} trailing");
        assertThat(c).isEqualTo(new Click("c", "a", null, 7L, null, null, false));
        assertThat(ClickJson.parse("{\"click_id\":\"c\",\"ad_id\":\"a\",\"ts\":17642880001230}").getTs()).isEqualTo(17642880001230L);
        assertThatThrownBy(() -> ClickJson.parse("{\"click_id\":\"c\",\"ad_id\":\"a\",\"ts\":99999999999999999999}"))
                .isInstanceOf(InvalidClickException.class).hasMessageContaining("epoch milliseconds");
        assertThatThrownBy(() -> ClickJson.parse("{\"v\":\"2\",\"click_id\":\"c\",\"ad_id\":\"a\",\"ts\":1}"))
                .isInstanceOf(InvalidClickException.class).hasMessage("unsupported format version \"2\"");
        assertThatThrownBy(() -> ClickJson.parse("{\"click_id\":\"c\",\"ad_id\":{\"id\":\"a\"},\"ts\":1}"))
                .isInstanceOf(InvalidClickException.class).hasMessage("ad_id must be a string");
        assertThatThrownBy(() -> ClickJson.parse("{\"click_id\":\"c\",\"ad_id\":\"a\",\"ts\":1"))
                .isInstanceOf(InvalidClickException.class).hasMessageStartingWith("not JSON");
    }

    @Test
    void rejectsOverlongIds() {
        String longId = "x".repeat(dev.adclick.core.topic.MessageFields.MAX_ID_LENGTH + 1);
        assertThatThrownBy(() -> ClickJson.parse("{\"click_id\":\"" + longId + "\",\"ad_id\":\"a\",\"ts\":1}"))
                .isInstanceOf(InvalidClickException.class).hasMessageContaining("longer than");
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButInvalidClick() {
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            byte[] garbage = new byte[random.nextInt(64)];
            random.nextBytes(garbage);
            try {
                ClickJson.parse(garbage);
            } catch (InvalidClickException expected) {
                // the only allowed failure
            }
        }
    }
}
