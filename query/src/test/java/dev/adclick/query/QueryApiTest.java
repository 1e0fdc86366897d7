package dev.adclick.query;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the endpoints of {@link QueryServer} against known rows of clicks only: exact JSON
 * answers (impressions, CTR and reach: {@link ImpressionsQueryTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryApiTest extends QueryTestBase {
    @BeforeAll
    void startServer(@TempDir Path dir) throws Exception {
        start(dir, defaultKeys(), b -> b);
        store.upsert(List.of(
                row("ad-1", T0, 5, 3, 1),
                row("ad-1", T0 + MINUTE, 7, 7, 0),
                row("ad-1", T0 + 61 * MINUTE, 2, 1, 0),
                row("ad-1", T0 + DAY + 5 * MINUTE, 4, 0, 0),
                row("ad-2", T0, 10, 10, 0),
                row("ad-3", T0 + 2 * MINUTE, 3, 3, 2),
                row("ad-x", T0, 20, 0, 0)));
    }

    @AfterAll
    void stopServer() {
        stop();
    }

    @Test
    void clicksByMinuteListOnlyNonEmptyBucketsWithExactCounts() throws Exception {
        Answer a = get("/api/v1/ads/ad-1/clicks?" + range(T0, T0 + 2 * HOUR) + "&granularity=minute", ACME_KEY);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.raw().headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(a.json()).isEqualTo(new JsonObject("""
                {"ad_id":"ad-1","granularity":"minute","from":"2026-11-27T10:00:00Z","to":"2026-11-27T12:00:00Z",
                 "total":14,"verified_total":11,"suspicious_total":1,
                 "totals":{"clicks":14,"verified_clicks":11,"suspicious_clicks":1,"served_impressions":0,"impressions":0,"ctr":null,"unique_users":0,"unique_users_lower":0,"unique_users_upper":0},
                 "buckets":[
                   {"start":"2026-11-27T10:00:00Z","clicks":5,"verified_clicks":3,"suspicious_clicks":1,"served_impressions":0,"impressions":0,"ctr":null},
                   {"start":"2026-11-27T10:01:00Z","clicks":7,"verified_clicks":7,"suspicious_clicks":0,"served_impressions":0,"impressions":0,"ctr":null},
                   {"start":"2026-11-27T11:01:00Z","clicks":2,"verified_clicks":1,"suspicious_clicks":0,"served_impressions":0,"impressions":0,"ctr":null}]}"""));
    }

    @Test
    void clicksByHourAndDaySumTheMinutes() throws Exception {
        JsonObject hourly = get("/api/v1/ads/ad-1/clicks?" + range(T0, T0 + 2 * DAY) + "&granularity=hour", ADMIN_KEY).json();
        assertThat(hourly.getLong("total")).isEqualTo(18);
        assertThat(hourly.getJsonArray("buckets").stream().map(b -> ((JsonObject) b).getString("start") + "=" + ((JsonObject) b).getLong("clicks")))
                .containsExactly("2026-11-27T10:00:00Z=12", "2026-11-27T11:00:00Z=2", "2026-11-28T10:00:00Z=4");

        JsonObject daily = get("/api/v1/ads/ad-1/clicks?from=2026-11-27&to=2026-11-29&granularity=DAY", ADMIN_KEY).json();
        assertThat(daily.getString("granularity")).isEqualTo("day");
        assertThat(daily.getJsonArray("buckets").stream().map(b -> ((JsonObject) b).getString("start") + "=" + ((JsonObject) b).getLong("clicks")))
                .containsExactly("2026-11-27T00:00:00Z=14", "2026-11-28T00:00:00Z=4");
    }

    @Test
    void granularityDefaultsToMinuteAndToIsExclusive() throws Exception {
        JsonObject a = get("/api/v1/ads/ad-1/clicks?" + range(T0, T0 + MINUTE), ACME_KEY).json();
        assertThat(a.getString("granularity")).isEqualTo("minute");
        assertThat(a.getLong("total")).isEqualTo(5);
        assertThat(a.getJsonArray("buckets")).hasSize(1);
    }

    @Test
    void anAdWithoutClicksAnswersZeroAndNoBuckets() throws Exception {
        Answer a = get("/api/v1/ads/ad-4/clicks?" + range(T0, T0 + HOUR), ACME_KEY);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().getLong("total")).isZero();
        assertThat(a.json().getJsonArray("buckets")).isEmpty();
    }

    @Test
    void adminReadsAnyAdIdEvenUncatalogued() throws Exception {
        assertThat(get("/api/v1/ads/ad-x/clicks?" + range(T0, T0 + HOUR), ADMIN_KEY).json().getLong("total")).isEqualTo(20);
        Answer never = get("/api/v1/ads/never-seen/clicks?" + range(T0, T0 + HOUR), ADMIN_KEY);
        assertThat(never.status()).isEqualTo(200);
        assertThat(never.json().getLong("total")).isZero();
        assertThat(never.json().getJsonArray("buckets")).isEmpty();
    }

    @Test
    void emptyRangeAndFutureEndAreAccepted() throws Exception {
        Answer empty = get("/api/v1/ads/ad-1/clicks?" + range(T0, T0), ACME_KEY);
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json().getLong("total")).isZero();

        long now = System.currentTimeMillis();
        Answer future = get("/api/v1/ads/ad-1/clicks?" + range(now - HOUR, now + HOUR), ACME_KEY);
        assertThat(future.status()).isEqualTo(200);
    }

    @Test
    void aFullDayByMinuteIsAccepted() throws Exception {
        Answer a = get("/api/v1/ads/ad-1/clicks?" + range(T0, T0 + DAY + 10 * MINUTE) + "&granularity=minute", ACME_KEY);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().getLong("total")).isEqualTo(18);
    }

    @Test
    void totalsOfOneAd() throws Exception {
        assertThat(get("/api/v1/ads/ad-1/totals?" + range(T0, T0 + HOUR), ACME_KEY).json()).isEqualTo(new JsonObject("""
                {"ad_id":"ad-1","from":"2026-11-27T10:00:00Z","to":"2026-11-27T11:00:00Z",
                 "clicks":12,"verified_clicks":10,"suspicious_clicks":1,"served_impressions":0,"impressions":0,"ctr":null,"unique_users":0,"unique_users_lower":0,"unique_users_upper":0}"""));
    }

    @Test
    void topAdsForAdminRanksEveryAdIdIncludingUncatalogued() throws Exception {
        assertThat(get("/api/v1/ads/top?" + range(T0, T0 + HOUR) + "&limit=3", ADMIN_KEY).json()).isEqualTo(new JsonObject("""
                {"from":"2026-11-27T10:00:00Z","to":"2026-11-27T11:00:00Z","limit":3,"by":"clicks","min_impressions":0,
                 "ads":[{"ad_id":"ad-x","clicks":20,"impressions":0,"ctr":null},{"ad_id":"ad-1","clicks":12,"impressions":0,"ctr":null},
                        {"ad_id":"ad-2","clicks":10,"impressions":0,"ctr":null}]}"""));
    }

    @Test
    void topAdsForAnAdvertiserRanksOnlyItsOwnAds() throws Exception {
        assertThat(get("/api/v1/ads/top?" + range(T0, T0 + HOUR), ACME_KEY).json().getJsonArray("ads")).isEqualTo(
                new JsonObject("{\"a\":[{\"ad_id\":\"ad-1\",\"clicks\":12,\"impressions\":0,\"ctr\":null},"
                        + "{\"ad_id\":\"ad-2\",\"clicks\":10,\"impressions\":0,\"ctr\":null}]}").getJsonArray("a"));
        assertThat(get("/api/v1/ads/top?" + range(T0, T0 + HOUR), GLOBEX_KEY).json().getJsonArray("ads")).isEqualTo(
                new JsonObject("{\"a\":[{\"ad_id\":\"ad-3\",\"clicks\":3,\"impressions\":0,\"ctr\":null}]}").getJsonArray("a"));
    }

    @Test
    void advertiserSummaryListsEveryAdWithTotals() throws Exception {
        assertThat(get("/api/v1/advertisers/acme/summary?" + range(T0, T0 + HOUR), ACME_KEY).json()).isEqualTo(new JsonObject("""
                {"advertiser_id":"acme","name":"Acme Outdoor","from":"2026-11-27T10:00:00Z","to":"2026-11-27T11:00:00Z",
                 "totals":{"clicks":22,"verified_clicks":20,"suspicious_clicks":1,"served_impressions":0,"impressions":0,"ctr":null,"unique_users":0,"unique_users_lower":0,"unique_users_upper":0},
                 "ads":[
                   {"ad_id":"ad-1","title":"Tents","active":true,"clicks":12,"verified_clicks":10,"suspicious_clicks":1,"served_impressions":0,"impressions":0,"ctr":null,"unique_users":0,"unique_users_lower":0,"unique_users_upper":0},
                   {"ad_id":"ad-2","title":"Shoes","active":true,"clicks":10,"verified_clicks":10,"suspicious_clicks":0,"served_impressions":0,"impressions":0,"ctr":null,"unique_users":0,"unique_users_lower":0,"unique_users_upper":0},
                   {"ad_id":"ad-4","title":"Stoves","active":false,"clicks":0,"verified_clicks":0,"suspicious_clicks":0,"served_impressions":0,"impressions":0,"ctr":null,"unique_users":0,"unique_users_lower":0,"unique_users_upper":0}]}"""));
    }

    @Test
    void adminGetsAnyAdvertiserSummaryAnd404ForAnUnknownOne() throws Exception {
        assertThat(get("/api/v1/advertisers/globex/summary?" + range(T0, T0 + HOUR), ADMIN_KEY).json().getJsonObject("totals"))
                .isEqualTo(new JsonObject("{\"clicks\":3,\"verified_clicks\":3,\"suspicious_clicks\":2,\"served_impressions\":0,\"impressions\":0,\"ctr\":null,\"unique_users\":0,\"unique_users_lower\":0,\"unique_users_upper\":0}"));
        Answer unknown = get("/api/v1/advertisers/nobody/summary?" + range(T0, T0 + HOUR), ADMIN_KEY);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("There is no advertiser 'nobody'.");
    }

    @Test
    void meNamesTheAdvertiserAndItsAds() throws Exception {
        assertThat(get("/api/v1/me", GLOBEX_KEY).json()).isEqualTo(new JsonObject("""
                {"role":"advertiser","advertiser":{"id":"globex","name":"Globex Travel"},
                 "ads":[{"ad_id":"ad-3","title":"Lisbon","advertiser_id":"globex","active":true}],"ads_total":1}"""));
        JsonObject admin = get("/api/v1/me", ADMIN_KEY).json();
        assertThat(admin.getString("role")).isEqualTo("admin");
        assertThat(admin.getValue("advertiser")).isNull();
        assertThat(admin.getJsonArray("ads").stream().map(a -> ((JsonObject) a).getString("ad_id")))
                .containsExactly("ad-1", "ad-2", "ad-3", "ad-4");
    }
}
