package dev.adclick.query;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests that bad parameters of every kind answer 400 with a message for people. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParameterValidationTest extends QueryTestBase {
    @BeforeAll
    void startServer(@TempDir Path dir) throws Exception {
        start(dir, defaultKeys(), b -> b.maxRangeDays(31).maxBuckets(2_000));
    }

    @AfterAll
    void stopServer() {
        stop();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/api/v1/ads/ad-1/clicks?to=2026-11-27T11:00:00Z | 'from' is required: an ISO-8601 UTC time such as 2026-11-27T10:00:00Z.",
        "/api/v1/ads/ad-1/clicks?from=2026-11-27T10:00:00Z | 'to' is required",
        "/api/v1/ads/ad-1/clicks?from=&to=2026-11-27T11:00:00Z | 'from' is required",
        "/api/v1/ads/ad-1/clicks?from=yesterday&to=2026-11-27T11:00:00Z | 'from' is not a time: 'yesterday'; use ISO-8601 such as 2026-11-27T10:00:00Z.",
        "/api/v1/ads/ad-1/clicks?from=2026-11-27T10:00:00Z&to=2026-13-45T11:00:00Z | 'to' is not a time",
        "/api/v1/ads/ad-1/clicks?from=1764237600000&to=2026-11-27T11:00:00Z | 'from' is not a time",
        "/api/v1/ads/ad-1/clicks?from=+999999999-01-01T00:00:00Z&to=2026-11-27T11:00:00Z | 'from' is not a time",
        "/api/v1/ads/ad-1/clicks?from=2026-11-27T12:00:00Z&to=2026-11-27T11:00:00Z | 'from' must not be after 'to'",
        "/api/v1/ads/ad-1/clicks?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z&granularity=week | 'granularity' must be minute, hour or day, not 'week'.",
        "/api/v1/ads/ad-1/clicks?from=2026-10-01T00:00:00Z&to=2026-11-27T11:00:00Z&granularity=day | The range is longer than 31 days",
        "/api/v1/ads/ad-1/clicks?from=2026-11-25T00:00:00Z&to=2026-11-27T00:00:00Z&granularity=minute | That range holds 2880 minute buckets, more than the limit of 2000",
        "/api/v1/ads/ad-1/totals?from=2026-11-27T12:00:00Z&to=2026-11-27T11:00:00Z | 'from' must not be after 'to'",
        "/api/v1/ads/ad-1/totals?from=2026-11-27T10:00:00Z | 'to' is required",
        "/api/v1/ads/top?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z&limit=0 | 'limit' must be a whole number from 1 to 1000, not '0'.",
        "/api/v1/ads/top?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z&limit=-3 | 'limit' must be a whole number",
        "/api/v1/ads/top?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z&limit=ten | 'limit' must be a whole number from 1 to 1000, not 'ten'.",
        "/api/v1/ads/top?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z&limit=2.5 | 'limit' must be a whole number",
        "/api/v1/ads/top?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z&limit=99999999999 | 'limit' must be a whole number",
        "/api/v1/ads/top?to=2026-11-27T11:00:00Z | 'from' is required",
        "/api/v1/ads/top?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z&by=views | 'by' must be one of clicks, impressions, ctr, not 'views'.",
        "/api/v1/ads/top?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z&by=ctr&min_impressions=-1 | 'min_impressions' must be a whole number, 0 or more (e.g. 100",
        "/api/v1/ads/top?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z&by=ctr&min_impressions=lots | 'min_impressions' must be a whole number, 0 or more",
        "/api/v1/ads/top?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z&by=ctr&min_impressions=1.5 | 'min_impressions' must be a whole number, 0 or more",
        "/api/v1/ads/top?from=2026-09-01&to=2026-11-27 | The range is longer than 31 days",
        "/api/v1/advertisers/acme/summary?from=2026-11-27T10:00:00Z | 'to' is required",
        "/api/v1/stats?from=2026-11-27T10:00:00Z&to=bad | 'to' is not a time",
        "/api/v1/stats | 'from' is required",
        "/api/v1/ads/ad-1/breakdown?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z | 'by' is required: one of placement, country, device.",
        "/api/v1/ads/ad-1/breakdown?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z&by=browser | 'by' must be one of placement, country, device, not 'browser'.",
        "/api/v1/ads/ad-1/breakdown?to=2026-11-27T11:00:00Z&by=country | 'from' is required",
        "/api/v1/ads/ad-1/breakdown?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z&by=country&format=xml | 'format' must be json or csv, not 'xml'.",
        "/api/v1/ads/ad-1/clicks?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z&country= | 'country' must be one value (e.g. 'US', or 'unknown' for events without one), not ''",
        "/api/v1/ads/ad-1/clicks?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z&country=%20%20 | 'country' must be one value",
        "/api/v1/ads/ad-1/totals?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z&device=* | 'device' must be one value (e.g. 'mobile', or 'unknown'",
        "/api/v1/ads/ad-1/totals?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z&placement=home&placement=side | 'placement' takes one value, not 2; leave it out for all values.",
        "/api/v1/ads/top?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z&placement=* | 'placement' must be one value",
        "/api/v1/ads/top?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z&format=tsv | 'format' must be json or csv",
        "/api/v1/advertisers/acme/summary?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z&device= | 'device' must be one value",
        "/api/v1/stats?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z&country=* | 'country' must be one value",
    })
    void badParametersAnswer400WithAMessage(String path, String expectedMessageStart) throws Exception {
        Answer a = get(path.replace("+", "%2B"), ACME_KEY);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.error()).startsWith(expectedMessageStart);
        assertNoInternals(a.body());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2026-11-27T10:00:00Z, 2026-11-28T10:00:00Z",
        "2026-11-27T11:00:00+01:00, 2026-11-27T12:00:00+01:00",
        "2026-11-27T10:00:00.000Z, 2026-11-27T10:00:00.000Z",
        "2026-11-27, 2026-11-28",
    })
    void acceptedTimeForms(String from, String to) throws Exception {
        String q = "from=" + URLEncoder.encode(from, StandardCharsets.UTF_8) + "&to=" + URLEncoder.encode(to, StandardCharsets.UTF_8);
        Answer a = get("/api/v1/ads/top?" + q, ACME_KEY);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
    }

    @org.junit.jupiter.api.Test
    void anUnencodedPlusOfAnOffsetIsUnderstood() throws Exception {
        Answer a = get("/api/v1/ads/ad-1/totals?from=2026-11-27T11:00:00+01:00&to=2026-11-27T12:00:00+01:00", ACME_KEY);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().getString("from")).isEqualTo("2026-11-27T10:00:00Z");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "from=2026-11-27T00:00:00Z&to=2026-11-28T09:20:00Z&granularity=minute",  // exactly 2000 buckets
        "from=2026-10-27T10:00:00Z&to=2026-11-27T10:00:00Z&granularity=hour",    // exactly 31 days
    })
    void limitsAreInclusive(String query) throws Exception {
        assertThat(get("/api/v1/ads/ad-1/clicks?" + query, ACME_KEY).status()).isEqualTo(200);
    }

    static void assertNoInternals(String body) {
        assertThat(body).doesNotContainPattern("(?i)exception|java\\.|\\bat [a-z]+\\.|\\.java:|io\\.vertx|dev\\.adclick");
    }
}
