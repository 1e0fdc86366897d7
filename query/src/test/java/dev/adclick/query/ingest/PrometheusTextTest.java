package dev.adclick.query.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link PrometheusText}. */
class PrometheusTextTest {
    private static final String TEXT = """
            # HELP adclick_clicks_total Clicks by outcome
            # TYPE adclick_clicks_total counter
            adclick_clicks_total{outcome="accepted"} 1234.0
            adclick_clicks_total{outcome="duplicate"} 5.0
            adclick_clicks_total{host="a",outcome="duplicate",} 2
            adclick_clicks_total_created{outcome="duplicate"} 1.7645E9
            adclick_clicks_totalx{outcome="duplicate"} 99
            adclick_clicks_total{outcome="duplicates"} 99
            other_metric{outcome="duplicate"} 99
            adclick_clicks_total{outcome="rejected"} 1.0E3 1764288000000
            """;

    @Test
    void sumsOnlyTheWantedMetricAndLabelValue() {
        assertThat(PrometheusText.sum(TEXT, "adclick_clicks_total", "outcome", "duplicate")).isEqualTo(7);
        assertThat(PrometheusText.sum(TEXT, "adclick_clicks_total", "outcome", "rejected")).isEqualTo(1000);
        assertThat(PrometheusText.sum(TEXT, "adclick_clicks_total", "outcome", "missing")).isZero();
        assertThat(PrometheusText.sum("", "adclick_clicks_total", "outcome", "duplicate")).isZero();
    }

    @Test
    void aMatchingSampleThatIsNotANumberIsRefused() {
        assertThatThrownBy(() -> PrometheusText.sum("adclick_clicks_total{outcome=\"rejected\"} lots", "adclick_clicks_total", "outcome", "rejected"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
