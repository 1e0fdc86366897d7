package dev.adclick.ingest;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link PublicUrl}, the {@code public.url} setting and its option. */
class PublicUrlTest {
    @Test
    void httpAndHttpsUrlsAreTakenWithoutTheTrailingSlash() {
        assertThat(PublicUrl.normalize("https://ads.example.com/")).isEqualTo("https://ads.example.com");
        assertThat(PublicUrl.normalize("http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
        assertThat(PublicUrl.normalize(" https://example.com/adclick/ ")).isEqualTo("https://example.com/adclick");
        assertThat(IngestSettings.PUBLIC_URL.parse("https://ads.example.com", "test")).isEqualTo("https://ads.example.com");
    }

    @Test
    void anythingElseIsRefusedSayingWhy() {
        assertThatThrownBy(() -> PublicUrl.normalize("ftp://ads.example.com")).hasMessageContaining("http or https");
        assertThatThrownBy(() -> PublicUrl.normalize("ads.example.com")).hasMessageContaining("http or https");
        assertThatThrownBy(() -> PublicUrl.normalize("https:///path")).hasMessageContaining("no host");
        assertThatThrownBy(() -> PublicUrl.normalize("https://ads.example.com/?utm=x")).hasMessageContaining("query");
        assertThatThrownBy(() -> PublicUrl.normalize("https://ads.example.com/#top")).hasMessageContaining("fragment");
        assertThatThrownBy(() -> PublicUrl.normalize("https://user:pw@ads.example.com")).hasMessageContaining("password");
        assertThatThrownBy(() -> PublicUrl.normalize("https://ads example.com")).hasMessageContaining("not a URL");
    }

    @Test
    void theSettingAndTheOptionNameTheKeyAndWhatIsExpected() {
        assertThatThrownBy(() -> IngestSettings.PUBLIC_URL.parse("https://ads.example.com/?a=b", "environment variable ADCLICK_PUBLIC_URL"))
                .hasMessageContaining("public.url").hasMessageContaining("ADCLICK_PUBLIC_URL").hasMessageContaining(PublicUrl.EXPECTED);
        IngestOptions.Builder b = IngestTestBase.options("127.0.0.1:9092", "clicks", Path.of("spool")).publicUrl("javascript:alert(1)");
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("publicUrl").hasMessageContaining("http or https");
        assertThat(IngestTestBase.options("127.0.0.1:9092", "clicks", Path.of("spool")).publicUrl(" ").build().publicUrl()).isNull();
    }
}
