package dev.adclick.query;

import dev.adclick.core.count.WriteVersions;
import dev.adclick.core.reach.HourReach;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code /api/v1/admin/reach}: how reconciliation in another process reads and corrects
 * the reach sketches, in the format reconcile's {@code StackRows} reads and sends (field
 * names of {@link HourReach}, standard base64).
 */
class AdminReachTest extends QueryTestBase {
    private static final long RECONCILED = WriteVersions.reconciled(1_000);

    @TempDir
    Path dir;

    @BeforeEach
    void startServer() throws Exception {
        start(dir, defaultKeys(), b -> b);
        store.upsertReach(List.of(reach("ad-1", T0, 1, "a", "b"), reach("ad-2", T0 + HOUR, 1, "c"), reach("ad-1", T0 + 2 * HOUR, 1, "d")));
    }

    @AfterEach
    void stopServer() {
        stop();
    }

    @Test
    void adminReadsEveryReachRowOfTheRangeAsTheReconcileClientParsesThem() throws Exception {
        Answer a = get("/api/v1/admin/reach?" + range(T0, T0 + 2 * HOUR), ADMIN_KEY);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().getString("from")).isEqualTo(iso(T0));
        assertThat(a.json().getString("to")).isEqualTo(iso(T0 + 2 * HOUR));
        List<HourReach> rows = parse(a.json().getJsonArray("rows"));
        assertThat(rows).containsExactlyInAnyOrder(reach("ad-1", T0, 1, "a", "b"), reach("ad-2", T0 + HOUR, 1, "c"));
        assertThat(rows).allSatisfy(r -> assertThat(r.estimate()).isPositive());
    }

    @Test
    void adminWritesReconciledSketchesThatTheStreamCannotOverwrite() throws Exception {
        String body = new JsonObject().put("rows", new JsonArray()
                .add(json(reach("ad-1", T0, RECONCILED, "a", "b", "x")))
                .add(json(reach("ad-9", T0 + HOUR, RECONCILED, "y")))).encode();
        Answer a = post("/api/v1/admin/reach", ADMIN_KEY, body);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().getLong("written")).isEqualTo(2);

        store.upsertReach(List.of(reach("ad-1", T0, WriteVersions.stream(System.currentTimeMillis()), "stream-only")));
        assertThat(parse(get("/api/v1/admin/reach?" + range(T0, T0 + 2 * HOUR), ADMIN_KEY).json().getJsonArray("rows")))
                .contains(reach("ad-1", T0, RECONCILED, "a", "b", "x"), reach("ad-9", T0 + HOUR, RECONCILED, "y"));
        assertThat(get("/api/v1/ads/ad-1/totals?" + range(T0, T0 + HOUR), ADMIN_KEY).json().getLong("unique_users")).isEqualTo(3);
    }

    @Test
    void advertisersMayNeitherReadNorWriteReachRows() throws Exception {
        assertThat(get("/api/v1/admin/reach?" + range(T0, T0 + HOUR), ACME_KEY).status()).isEqualTo(403);
        Answer write = post("/api/v1/admin/reach", ACME_KEY, "{\"rows\":[]}");
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.error()).contains("Only the admin key");
        assertThat(post("/api/v1/admin/reach", null, "{\"rows\":[]}").status()).isEqualTo(401);
        assertThat(get("/api/v1/admin/reach?from=" + iso(T0), ADMIN_KEY).error()).startsWith("'to' is required");
    }

    @Test
    void aBadRowRejectsTheWholeRequestAndChangesNothing() throws Exception {
        List<HourReach> before = store.reachRows(T0, T0 + 3 * HOUR);
        JsonObject good = json(reach("ad-1", T0, RECONCILED, "z"));
        String notASketch = Base64.getEncoder().encodeToString("hello, not a sketch".getBytes());
        for (Object[] bad : new Object[][] {
                {"[1,2]", "The body must be a JSON object"},
                {"{\"rows\":{}}", "The body must be a JSON object"},
                {rows(good, "oops"), "Row 1: must be an object"},
                {rows(good, good.copy().put("hour", iso(T0 + 30 * 60_000))), "Row 1: hour must be a whole UTC hour"},
                {rows(good.copy().put("hour", "10 o'clock"), good), "Row 0: hour must be an ISO-8601 UTC time like"},
                {rows(good, good.copy().put("sketch", "%%%")), "Row 1: sketch must be standard base64"},
                {rows(good, good.copy().put("sketch", notASketch)), "Row 1: sketch is base64 but not of a reach sketch"},
                {rows(good, good.copy().put("version", 5)), "Row 1: version 5 is not a reconciliation version"},
                {rows(good.copy().put("version", "high")), "Row 0: version must be a whole number"},
                {rows(without(good, "sketch")), "Row 0: sketch is missing"},
                {rows(without(good, "ad_id")), "Row 0: ad_id is missing"},
                {rows(without(good, "version")), "Row 0: version is missing"}}) {
            Answer a = post("/api/v1/admin/reach", ADMIN_KEY, (String) bad[0]);
            assertThat(a.status()).as(a.body()).isEqualTo(400);
            assertThat(a.error()).as((String) bad[0]).startsWith((String) bad[1]).doesNotContain("Exception");
        }
        assertThat(store.reachRows(T0, T0 + 3 * HOUR)).isEqualTo(before);
    }

    @Test
    void aBatchLargerThanTheLimitIsRefusedWithAHint() throws Exception {
        JsonArray many = new JsonArray();
        JsonObject row = json(reach("ad-1", T0, RECONCILED, "z"));
        for (int i = 0; i <= 20_000; i++) many.add(row);
        Answer a = post("/api/v1/admin/reach", ADMIN_KEY, new JsonObject().put("rows", many).encode());
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.error()).isEqualTo("At most 20000 rows per request; send them in batches.");
    }

    /** What reconcile's stack client sends: field names of {@link HourReach}, hour ISO, sketch in standard base64. */
    private static JsonObject json(HourReach r) {
        return new JsonObject().put(HourReach.AD_ID, r.adId()).put(HourReach.HOUR, Instant.ofEpochMilli(r.hour()).toString())
                .put(HourReach.SKETCH, Base64.getEncoder().encodeToString(r.sketch())).put(HourReach.VERSION, r.version());
    }

    /** How reconcile's stack client reads a row. */
    private static List<HourReach> parse(JsonArray rows) {
        return rows.stream().map(o -> (JsonObject) o).map(r -> new HourReach(r.getString(HourReach.AD_ID),
                Instant.parse(r.getString(HourReach.HOUR)).toEpochMilli(), Base64.getDecoder().decode(r.getString(HourReach.SKETCH)),
                r.getLong(HourReach.VERSION))).toList();
    }

    private static String rows(Object... rows) {
        JsonArray arr = new JsonArray();
        for (Object r : rows) arr.add(r);
        return new JsonObject().put("rows", arr).encode();
    }

    private static JsonObject without(JsonObject row, String field) {
        JsonObject copy = row.copy();
        copy.remove(field);
        return copy;
    }
}
