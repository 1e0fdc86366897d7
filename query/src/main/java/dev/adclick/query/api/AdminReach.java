package dev.adclick.query.api;

import dev.adclick.core.reach.HourReach;
import dev.adclick.core.reach.UniqueUsers;
import dev.adclick.store.ClickStore;
import io.vertx.core.json.JsonObject;

import java.util.Base64;

import static dev.adclick.query.http.JsonResponses.iso;

/**
 * {@code /admin/reach}: raw rows of {@code ad_reach_hour} (one ad's users in one UTC hour, as a
 * sketch) for reconciliation in another process, like {@link AdminRows} for the counts. The format
 * is what reconcile's stack client ({@code StackRows}) reads and sends:
 * {@code {"rows":[{"ad_id","hour":ISO,"sketch":base64,"version"}]}}, the sketch in the standard
 * base64 alphabet (RFC 4648 §4) of {@link UniqueUsers#toBytes()}.
 */
final class AdminReach {
    /**
     * A sketch (lgK 12) is at most about 2.8 KiB in base64 when dense, far less while few users are in
     * it; 20 000 rows fill at most 80 MiB. The reconcile client sends 10 000 per request.
     */
    private static final AdminBatches.Limits LIMITS = new AdminBatches.Limits(20_000, 4096);
    static final AdminRowEndpoint.Table<HourReach> TABLE = new AdminRowEndpoint.Table<>("raw reach rows", LIMITS,
            ClickStore::reachRows, ClickStore::upsertReach, AdminReach::fromJson, AdminReach::toJson);

    private AdminReach() {}

    private static HourReach fromJson(JsonObject r) {
        String adId = AdminBatches.text(r, HourReach.AD_ID);
        long hour = AdminBatches.time(r, HourReach.HOUR, "2026-11-27T10:00:00Z");
        byte[] sketch = sketch(AdminBatches.text(r, HourReach.SKETCH));
        long version = AdminBatches.reconciledVersion(r, HourReach.VERSION);
        return new HourReach(adId, hour, sketch, version); // refuses an hour that is not a whole UTC hour
    }

    /** The sketch's bytes, once it is known that they are a sketch: a stored bad sketch would break every read of its hour. */
    private static byte[] sketch(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(HourReach.SKETCH + " must be standard base64 (RFC 4648, with + and /)");
        }
        try {
            UniqueUsers.fromBytes(bytes);
        } catch (RuntimeException e) { // DataSketches reports a bad sketch in several exception types
            throw new IllegalArgumentException(HourReach.SKETCH + " is base64 but not of a reach sketch (UniqueUsers.toBytes)");
        }
        return bytes;
    }

    private static JsonObject toJson(HourReach r) {
        return new JsonObject().put(HourReach.AD_ID, r.adId()).put(HourReach.HOUR, iso(r.hour()))
                .put(HourReach.SKETCH, Base64.getEncoder().encodeToString(r.sketch())).put(HourReach.VERSION, r.version());
    }
}
