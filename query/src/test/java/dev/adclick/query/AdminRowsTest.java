package dev.adclick.query;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
import dev.adclick.core.dimension.Dimensions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@code /api/v1/admin/rows}: how reconciliation in another process reads and corrects the store. */
class AdminRowsTest extends QueryTestBase {
    private static final long RECONCILED = WriteVersions.reconciled(1_000);
    /** The dimension fields of an ad's total row, as a JSON fragment. */
    private static final String TOTAL_ROW = "\"placement\":\"*\",\"country\":\"*\",\"device\":\"*\",";

    @TempDir
    Path dir;

    @BeforeEach
    void startServer() throws Exception {
        start(dir, defaultKeys(), b -> b);
        store.upsert(List.of(new MinuteCount("ad-1", T0, new Counts(5, 3, 1, 80, 60), 1), row("ad-1", T0 + MINUTE, 2, 2, 0),
                row("ad-x", T0 + HOUR, 9, 9, 0)));
    }

    @AfterEach
    void stopServer() {
        stop();
    }

    @Test
    void adminReadsEveryRowOfTheRangeWithVersions() throws Exception {
        Answer a = get("/api/v1/admin/rows?" + range(T0, T0 + HOUR), ADMIN_KEY);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().getJsonArray("rows")).hasSize(2);
        JsonObject first = a.json().getJsonArray("rows").getJsonObject(0);
        assertThat(first.getString("ad_id")).isEqualTo("ad-1");
        assertThat(first.getString("minute")).isEqualTo(iso(T0));
        assertThat(first.getLong("clicks")).isEqualTo(5);
        assertThat(first.getLong("verified_clicks")).isEqualTo(3);
        assertThat(first.getLong("suspicious_clicks")).isEqualTo(1);
        assertThat(first.getLong("served_impressions")).isEqualTo(80);
        assertThat(first.getLong("impressions")).isEqualTo(60);
        assertThat(first.containsKey("ctr")).as("raw rows carry stored columns only").isFalse();
        assertThat(first.getLong("version")).isPositive();
        // the rows written without dimensions are the ads' total rows
        assertThat(List.of(first.getString("placement"), first.getString("country"), first.getString("device")))
                .containsExactly("*", "*", "*");
    }

    @Test
    void adminWritesAndReadsTheTotalRowWithItsBreakdownRows() throws Exception {
        String total = dimRow("*", "*", "*", 3, 2);
        String home = dimRow("home", "US", "mobile", 2, 2);
        String side = dimRow("side,bar \"x\"", "unknown", "bot", 1, 0);
        Answer a = post("/api/v1/admin/rows", ADMIN_KEY, "{\"rows\":[" + total + "," + home + "," + side + "]}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(store.rows(T0, T0 + MINUTE)).containsExactlyInAnyOrder(
                new MinuteCount("ad-1", T0, Dimensions.TOTAL, new Counts(3, 2, 0, 0, 0), RECONCILED),
                new MinuteCount("ad-1", T0, new Dimensions("home", "US", "mobile"), new Counts(2, 2, 0, 0, 0), RECONCILED),
                new MinuteCount("ad-1", T0, new Dimensions("side,bar \"x\"", "unknown", "bot"), new Counts(1, 0, 0, 0, 0), RECONCILED));
        Answer read = get("/api/v1/admin/rows?" + range(T0, T0 + MINUTE), ADMIN_KEY);
        List<String> keys = read.json().getJsonArray("rows").stream().map(JsonObject.class::cast)
                .map(r -> r.getString("placement") + "|" + r.getString("country") + "|" + r.getString("device") + "=" + r.getLong("clicks"))
                .toList();
        assertThat(keys).containsExactlyInAnyOrder("*|*|*=3", "home|US|mobile=2", "side,bar \"x\"|unknown|bot=1");
    }

    private static String dimRow(String placement, String country, String device, long clicks, long verified) {
        return new JsonObject().put("ad_id", "ad-1").put("minute", iso(T0)).put("placement", placement).put("country", country)
                .put("device", device).put("clicks", clicks).put("verified_clicks", verified).put("suspicious_clicks", 0)
                .put("served_impressions", 0).put("impressions", 0).put("version", RECONCILED).encode();
    }

    @Test
    void adminWritesReconciledRowsThatTheStreamCannotOverwrite() throws Exception {
        String body = "{\"rows\":[{\"ad_id\":\"ad-1\",\"minute\":\"" + iso(T0) + "\"," + TOTAL_ROW + "\"clicks\":4,\"verified_clicks\":3,"
                + "\"suspicious_clicks\":2,\"served_impressions\":30,\"impressions\":20,\"version\":" + RECONCILED + "}]}";
        Answer a = post("/api/v1/admin/rows", ADMIN_KEY, body);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().getLong("written")).isEqualTo(1);
        store.upsert(List.of(new MinuteCount("ad-1", T0, new Counts(50, 50, 0, 99, 99), WriteVersions.stream(System.currentTimeMillis()))));
        assertThat(store.rows(T0, T0 + MINUTE)).containsExactly(new MinuteCount("ad-1", T0, new Counts(4, 3, 2, 30, 20), RECONCILED));
    }

    @Test
    void advertisersMayNeitherReadNorWriteRawRows() throws Exception {
        assertThat(get("/api/v1/admin/rows?" + range(T0, T0 + HOUR), ACME_KEY).status()).isEqualTo(403);
        assertThat(post("/api/v1/admin/rows", ACME_KEY, "{\"rows\":[]}").status()).isEqualTo(403);
        assertThat(post("/api/v1/admin/rows", null, "{\"rows\":[]}").status()).isEqualTo(401);
    }

    @Test
    void aBadRowRejectsTheWholeRequestAndChangesNothing() throws Exception {
        List<MinuteCount> before = store.rows(T0, T0 + 2 * HOUR);
        String good = "{\"ad_id\":\"ad-1\",\"minute\":\"" + iso(T0) + "\"," + TOTAL_ROW + "\"clicks\":1,\"verified_clicks\":1,\"suspicious_clicks\":0,"
                + "\"served_impressions\":3,\"impressions\":2,\"version\":" + RECONCILED + "}";
        for (String[] bad : new String[][] {
                {"not json", "JSON object"},
                {"{\"rows\":5}", "JSON object"},
                {"{\"rows\":[" + good + ",{\"ad_id\":\"ad-2\",\"minute\":\"yesterday\"," + TOTAL_ROW + "\"clicks\":1,\"verified_clicks\":0,\"suspicious_clicks\":0,\"served_impressions\":0,\"impressions\":0,\"version\":" + RECONCILED + "}]}", "Row 1: minute"},
                {"{\"rows\":[" + good.replace(String.valueOf(RECONCILED), "5") + "]}", "not a reconciliation version"},
                {"{\"rows\":[" + good.replace("\"verified_clicks\":1", "\"verified_clicks\":7") + "]}", "verifiedClicks > clicks"},
                {"{\"rows\":[" + good.replace("\"clicks\":1,", "\"clicks\":\"many\",") + "]}", "clicks must be a whole number"},
                {"{\"rows\":[" + good.replace(":00Z", ":30Z") + "]}", "whole UTC minute"},
                // a reconcile of the release before impressions: a 0 would erase the impressions for good
                {"{\"rows\":[" + good.replace("\"served_impressions\":3,\"impressions\":2,", "") + "]}",
                        "Row 0: served_impressions is missing: every row carries every count column (clicks, verified_clicks,"},
                {"{\"rows\":[" + good.replace("\"impressions\":2,", "\"impressions\":-2,") + "]}", "impressions=-2"},
                // a reconcile of the release before dimensions: the row cannot say which row it replaces
                {"{\"rows\":[" + good.replace("\"country\":\"*\",", "") + "]}", "Row 0: country is missing"},
                {"{\"rows\":[" + good.replace("\"device\":\"*\",", "\"device\":\"\",") + "]}", "Row 0: device is missing"},
                // half a total row is neither the total nor a combination
                {"{\"rows\":[" + good.replace("\"placement\":\"*\",", "\"placement\":\"home\",") + "]}", "Row 0: either every dimension"}}) {
            Answer a = post("/api/v1/admin/rows", ADMIN_KEY, bad[0]);
            assertThat(a.status()).as(bad[0]).isEqualTo(400);
            assertThat(a.error()).as(bad[0]).contains(bad[1]).doesNotContain("Exception");
        }
        assertThat(store.rows(T0, T0 + 2 * HOUR)).isEqualTo(before);
    }
}
