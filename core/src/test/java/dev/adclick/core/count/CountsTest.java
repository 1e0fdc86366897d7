package dev.adclick.core.count;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link Counts} and {@link CountColumn}. */
class CountsTest {
    @Test
    void sumsAndDifferencesArePerColumn() {
        Counts a = new Counts(5, 3, 1);
        Counts b = new Counts(2, 1, 4);
        assertThat(a.plus(b)).isEqualTo(new Counts(7, 4, 5));
        assertThat(a.minus(b)).isEqualTo(new Counts(3, 2, -3));
        assertThat(a.minus(a).isZero()).isTrue();
        assertThat(Counts.click(true).plus(Counts.click(false)).plus(Counts.suspiciousClick())).isEqualTo(new Counts(2, 1, 1));
    }

    @Test
    void columnsNameTheTableAndJsonFieldsInOrder() {
        assertThat(CountColumn.join("", "")).isEqualTo("clicks, verified_clicks, suspicious_clicks, served_impressions, impressions");
        assertThat(CountColumn.join("excluded.", "")).startsWith("excluded.clicks, excluded.verified_clicks");
        Map<String, Long> json = Map.of("clicks", 4L, "verified_clicks", 2L, "suspicious_clicks", 9L,
                "served_impressions", 300L, "impressions", 250L);
        Counts read = Counts.of(c -> json.get(c.column()));
        assertThat(read).isEqualTo(new Counts(4, 2, 9, 300, 250));
        for (CountColumn c : CountColumn.ALL) assertThat(read.get(c)).isEqualTo(json.get(c.column()));
    }

    @Test
    void accumulatesIntoAnArrayInColumnOrder() {
        long[] acc = new long[CountColumn.ALL.size()];
        new Counts(1, 1, 0).addTo(acc);
        new Counts(-1, 0, 3).addTo(acc);
        Counts.impression(true).addTo(acc);
        Counts.impression(false).addTo(acc);
        Counts.impression(false).addTo(acc);
        assertThat(Counts.of(acc)).isEqualTo(new Counts(0, 1, 3, 2, 1));
        assertThatThrownBy(() -> Counts.of(new long[2])).hasMessageContaining("expected 5");
    }

    @Test
    void ctrIsClicksPerRenderedImpressionAndNullWithoutImpressions() {
        assertThat(new Counts(3, 0, 0, 500, 200).ctr()).isEqualTo(0.015);
        assertThat(new Counts(3, 0, 0, 500, 0).ctr()).isNull();
        assertThat(Counts.ZERO.ctr()).isNull();
    }

    @Test
    void absoluteCountsAreChecked() {
        assertThat(new Counts(2, 1, 0).checkAbsolute()).isEqualTo(new Counts(2, 1, 0));
        assertThatThrownBy(() -> new Counts(0, 0, -1).checkAbsolute()).hasMessageContaining("suspicious_clicks=-1");
        assertThatThrownBy(() -> new Counts(1, 2, 0).checkAbsolute()).hasMessageContaining("verifiedClicks > clicks");
    }
}
