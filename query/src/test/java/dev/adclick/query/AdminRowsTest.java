package dev.adclick.query;

import dev.adclick.core.count.Counts;
import dev.adclick.core.count.MinuteCount;
import dev.adclick.core.count.WriteVersions;
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
    }

    @Test
    void adminWritesReconciledRowsThatTheStreamCannotOverwrite() throws Exception {
        String body = "{\"rows\":[{\"ad_id\":\"ad-1\",\"minute\":\"" + iso(T0) + "\",\"clicks\":4,\"verified_clicks\":3,"
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
        String good = "{\"ad_id\":\"ad-1\",\"minute\":\"" + iso(T0) + "\",\"clicks\":1,\"verified_clicks\":1,\"suspicious_clicks\":0,"
                + "\"served_impressions\":3,\"impressions\":2,\"version\":" + RECONCILED + "}";
        for (String[] bad : new String[][] {
                {"not json", "JSON object"},
                {"{\"rows\":5}", "JSON object"},
                {"{\"rows\":[" + good + ",{\"ad_id\":\"ad-2\",\"minute\":\"yesterday\",\"clicks\":1,\"verified_clicks\":0,\"suspicious_clicks\":0,\"served_impressions\":0,\"impressions\":0,\"version\":" + RECONCILED + "}]}", "Row 1: minute"},
                {"{\"rows\":[" + good.replace(String.valueOf(RECONCILED), "5") + "]}", "not a reconciliation version"},
                {"{\"rows\":[" + good.replace("\"verified_clicks\":1", "\"verified_clicks\":7") + "]}", "verifiedClicks > clicks"},
                {"{\"rows\":[" + good.replace("\"clicks\":1,", "\"clicks\":\"many\",") + "]}", "clicks must be a whole number"},
                {"{\"rows\":[" + good.replace(":00Z", ":30Z") + "]}", "whole UTC minute"},
                // a reconcile of the release before impressions: a 0 would erase the impressions for good
                {"{\"rows\":[" + good.replace("\"served_impressions\":3,\"impressions\":2,", "") + "]}",
                        "Row 0: served_impressions is missing: every row carries every count column (clicks, verified_clicks,"},
                {"{\"rows\":[" + good.replace("\"impressions\":2,", "\"impressions\":-2,") + "]}", "impressions=-2"}}) {
            Answer a = post("/api/v1/admin/rows", ADMIN_KEY, bad[0]);
            assertThat(a.status()).as(bad[0]).isEqualTo(400);
            assertThat(a.error()).as(bad[0]).contains(bad[1]).doesNotContain("Exception");
        }
        assertThat(store.rows(T0, T0 + 2 * HOUR)).isEqualTo(before);
    }
}
