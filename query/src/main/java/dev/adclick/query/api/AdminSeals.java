package dev.adclick.query.api;

import dev.adclick.store.ClickStore;
import dev.adclick.store.PeriodSeal;
import io.vertx.core.json.JsonObject;

import java.util.List;

import static dev.adclick.query.http.JsonResponses.iso;

/**
 * {@code /admin/seals}: the reconciled periods' seals (docs/architecture.md, Write versions), for
 * reconciliation in another process, like {@link AdminRows}: {@code {"rows":[{"from":ISO,"to":ISO,"version"}]}}.
 * A POST seals each period after the corrections were POSTed to {@code /admin/rows} and
 * {@code /admin/reach}: through the stack the seal is the last write of a run, as in ClickHouse.
 */
final class AdminSeals {
    private static final AdminBatches.Limits LIMITS = new AdminBatches.Limits(1_000, 200);
    static final AdminRowEndpoint.Table<PeriodSeal> TABLE = new AdminRowEndpoint.Table<>("sealed periods", LIMITS,
            ClickStore::seals, AdminSeals::write, AdminSeals::fromJson, AdminSeals::toJson);
    static final String FROM = "from", TO = "to", VERSION = "version";

    private AdminSeals() {}

    private static void write(ClickStore store, java.util.Collection<PeriodSeal> seals) throws Exception {
        for (PeriodSeal s : seals) store.seal(s, List.of(), List.of());
    }

    private static PeriodSeal fromJson(JsonObject r) {
        long from = AdminBatches.time(r, FROM, "2026-11-27T10:00:00Z");
        long to = AdminBatches.time(r, TO, "2026-11-27T11:00:00Z");
        return new PeriodSeal(from, to, AdminBatches.reconciledVersion(r, VERSION)); // refuses an empty period
    }

    private static JsonObject toJson(PeriodSeal s) {
        return new JsonObject().put(FROM, iso(s.from())).put(TO, iso(s.to())).put(VERSION, s.version());
    }
}
