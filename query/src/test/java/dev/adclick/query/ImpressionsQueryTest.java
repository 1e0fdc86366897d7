package dev.adclick.query;

import io.vertx.core.json.JsonArray;
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
 * Tests for impressions, CTR and reach in the answers (docs/architecture.md, Contracts, query API):
 * exact served and rendered counts and ratios (chosen to be exact decimals) in series, totals, top
 * and the advertiser summary; unique users against sketches of known small sets, which HLL counts
 * exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImpressionsQueryTest extends QueryTestBase {
    @BeforeAll
    void startServer(@TempDir Path dir) throws Exception {
        start(dir, defaultKeys(), b -> b);
        store.upsert(List.of(
                shown("ad-1", T0, 40, 25, 5),
                shown("ad-1", T0 + MINUTE, 60, 35, 7),
                shown("ad-1", T0 + 61 * MINUTE, 0, 0, 3),
                shown("ad-2", T0, 200, 125, 10),
                shown("ad-2", T0 + 3 * MINUTE, 50, 0, 0),
                shown("ad-3", T0 + 2 * MINUTE, 30, 30, 3),
                shown("ad-x", T0, 10, 8, 6),
                shown("ad-y", T0, 1000, 1000, 1)));
        store.upsertReach(List.of(
                reach("ad-1", T0, 1, "a", "b", "c"),
                reach("ad-1", T0 + HOUR, 1, "c", "d"),
                reach("ad-2", T0, 1, "a", "e"),
                reach("ad-3", T0, 1, "f")));
    }

    @AfterAll
    void stopServer() {
        stop();
    }

    @Test
    void seriesBucketsCarryServedRenderedAndCtrAndKeepABucketWithOnlyImpressions() throws Exception {
        JsonObject ad1 = get("/api/v1/ads/ad-1/clicks?" + range(T0, T0 + 2 * HOUR), ACME_KEY).json();
        assertThat(ad1.getJsonArray("buckets")).isEqualTo(new JsonArray("""
                [{"start":"2026-11-27T10:00:00Z","clicks":5,"verified_clicks":5,"suspicious_clicks":0,"served_impressions":40,"impressions":25,"ctr":0.2},
                 {"start":"2026-11-27T10:01:00Z","clicks":7,"verified_clicks":7,"suspicious_clicks":0,"served_impressions":60,"impressions":35,"ctr":0.2},
                 {"start":"2026-11-27T11:01:00Z","clicks":3,"verified_clicks":3,"suspicious_clicks":0,"served_impressions":0,"impressions":0,"ctr":null}]"""));
        assertThat(ad1.getJsonObject("totals")).isEqualTo(new JsonObject("""
                {"clicks":15,"verified_clicks":15,"suspicious_clicks":0,"served_impressions":100,"impressions":60,"ctr":0.25}""")
                .mergeIn(reachJson("a", "b", "c", "d")));
        assertThat(ad1.getLong("total")).isEqualTo(15);

        JsonArray ad2 = get("/api/v1/ads/ad-2/clicks?" + range(T0, T0 + HOUR), ACME_KEY).json().getJsonArray("buckets");
        assertThat(ad2.getJsonObject(1)).isEqualTo(new JsonObject("""
                {"start":"2026-11-27T10:03:00Z","clicks":0,"verified_clicks":0,"suspicious_clicks":0,"served_impressions":50,"impressions":0,"ctr":null}"""));
    }

    @Test
    void hourlySeriesSumsImpressionsBeforeDividing() throws Exception {
        JsonArray hourly = get("/api/v1/ads/ad-1/clicks?" + range(T0, T0 + 2 * HOUR) + "&granularity=hour", ADMIN_KEY)
                .json().getJsonArray("buckets");
        assertThat(hourly.getJsonObject(0).getLong("impressions")).isEqualTo(60);
        assertThat(hourly.getJsonObject(0).getDouble("ctr")).isEqualTo(0.2);
        assertThat(hourly.getJsonObject(1).getValue("ctr")).isNull();
    }

    @Test
    void totalsCarryImpressionsCtrAndUniqueUsersOverTheWholeHoursTheRangeTouches() throws Exception {
        assertThat(get("/api/v1/ads/ad-1/totals?" + range(T0, T0 + HOUR), ACME_KEY).json()).isEqualTo(new JsonObject("""
                {"ad_id":"ad-1","from":"2026-11-27T10:00:00Z","to":"2026-11-27T11:00:00Z","clicks":12,"verified_clicks":12,
                 "suspicious_clicks":0,"served_impressions":100,"impressions":60,"ctr":0.2}""").mergeIn(reachJson("a", "b", "c")));
        // c is seen in both hours and counted once
        assertThat(uniqueUsers("ad-1", T0, T0 + 2 * HOUR)).isEqualTo(4);
        // reach is kept per hour: ten minutes inside one hour answer that whole hour, and two touched hours both
        assertThat(uniqueUsers("ad-1", T0 + 30 * MINUTE, T0 + 40 * MINUTE)).isEqualTo(3);
        assertThat(uniqueUsers("ad-1", T0 + 30 * MINUTE, T0 + 90 * MINUTE)).isEqualTo(4);
        assertThat(uniqueUsers("ad-1", T0 + 2 * HOUR, T0 + 3 * HOUR)).isZero();
        assertThat(uniqueUsers("ad-1", T0, T0)).isZero();
    }

    @Test
    void uniqueUsersBoundsHoldTheEstimate() throws Exception {
        JsonObject t = get("/api/v1/ads/ad-1/totals?" + range(T0, T0 + 2 * HOUR), ACME_KEY).json();
        assertThat(t.getLong("unique_users_lower")).isLessThanOrEqualTo(4);
        assertThat(t.getLong("unique_users_upper")).isGreaterThanOrEqualTo(4);
    }

    @Test
    void topRanksByClicksImpressionsOrCtrWithAMinimumOfImpressions() throws Exception {
        String hour = range(T0, T0 + HOUR);
        assertThat(topIds(hour, ADMIN_KEY)).containsExactly("ad-1", "ad-2", "ad-x", "ad-3", "ad-y");
        assertThat(topIds(hour + "&by=impressions", ADMIN_KEY)).containsExactly("ad-y", "ad-2", "ad-1", "ad-3", "ad-x");
        assertThat(topIds(hour + "&by=ctr", ADMIN_KEY)).containsExactly("ad-x", "ad-1", "ad-3", "ad-2", "ad-y");
        assertThat(topIds(hour + "&by=CTR&min_impressions=50", ADMIN_KEY)).containsExactly("ad-1", "ad-2", "ad-y");
        assertThat(topIds(hour + "&by=impressions&limit=2", ADMIN_KEY)).containsExactly("ad-y", "ad-2");
        // ad-4 has no impressions, so no CTR to rank by
        assertThat(topIds(hour + "&by=ctr", ACME_KEY)).containsExactly("ad-1", "ad-2");

        assertThat(get("/api/v1/ads/top?" + hour + "&by=ctr&min_impressions=100", ADMIN_KEY).json()).isEqualTo(new JsonObject("""
                {"from":"2026-11-27T10:00:00Z","to":"2026-11-27T11:00:00Z","limit":10,"by":"ctr","min_impressions":100,
                 "ads":[{"ad_id":"ad-2","clicks":10,"impressions":125,"ctr":0.08},
                        {"ad_id":"ad-y","clicks":1,"impressions":1000,"ctr":0.001}]}"""));
    }

    @Test
    void advertiserSummaryCarriesImpressionsCtrAndReachPerAdAndOfAllItsAdsTogether() throws Exception {
        JsonObject s = get("/api/v1/advertisers/acme/summary?" + range(T0, T0 + HOUR), ACME_KEY).json();
        // a (seen by ad-1 and ad-2) is one user of the advertiser
        assertThat(s.getJsonObject("totals")).isEqualTo(new JsonObject("""
                {"clicks":22,"verified_clicks":22,"suspicious_clicks":0,"served_impressions":350,"impressions":185,"ctr":%s}"""
                .formatted(22.0 / 185)).mergeIn(reachJson("a", "b", "c", "e")));
        JsonArray ads = s.getJsonArray("ads");
        assertThat(ads.getJsonObject(0)).isEqualTo(new JsonObject("""
                {"ad_id":"ad-1","title":"Tents","active":true,"clicks":12,"verified_clicks":12,"suspicious_clicks":0,
                 "served_impressions":100,"impressions":60,"ctr":0.2}""").mergeIn(reachJson("a", "b", "c")));
        assertThat(ads.getJsonObject(1).getDouble("ctr")).isEqualTo(0.08);
        assertThat(ads.getJsonObject(1).getLong("unique_users")).isEqualTo(2);
        assertThat(ads.getJsonObject(2).getValue("ctr")).isNull();
        assertThat(ads.getJsonObject(2).getLong("unique_users")).isZero();
    }

    @Test
    void statsCarryTheCallersTotalsAndReachForTheDashboard() throws Exception {
        JsonObject acme = get("/api/v1/stats?" + range(T0, T0 + HOUR), ACME_KEY).json().getJsonObject("totals");
        assertThat(acme.getLong("impressions")).isEqualTo(185);
        assertThat(acme.getLong("unique_users")).isEqualTo(4);
        JsonObject globex = get("/api/v1/stats?" + range(T0, T0 + HOUR), GLOBEX_KEY).json().getJsonObject("totals");
        assertThat(globex.getDouble("ctr")).isEqualTo(0.1);
        assertThat(globex.getLong("unique_users")).isEqualTo(1);
    }

    private long uniqueUsers(String ad, long from, long to) throws Exception {
        Answer a = get("/api/v1/ads/" + ad + "/totals?" + range(from, to), ADMIN_KEY);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json().getLong("unique_users");
    }

    private List<String> topIds(String query, String key) throws Exception {
        Answer a = get("/api/v1/ads/top?" + query, key);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json().getJsonArray("ads").stream().map(o -> ((JsonObject) o).getString("ad_id")).toList();
    }

    /** The reach fields of these users: the estimate is exact for so few, the bounds are the sketch's own. */
    private static JsonObject reachJson(String... names) {
        var u = users(names);
        assertThat(u.estimate()).isEqualTo(names.length);
        return new JsonObject().put("unique_users", (long) names.length)
                .put("unique_users_lower", u.lowerBound(2)).put("unique_users_upper", u.upperBound(2));
    }
}
