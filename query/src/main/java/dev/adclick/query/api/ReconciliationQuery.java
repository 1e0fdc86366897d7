package dev.adclick.query.api;

import dev.adclick.core.catalog.Ad;
import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.query.auth.Caller;
import dev.adclick.query.http.JsonResponses;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.file.Path;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code /reconciliation/latest}: the report of the newest reconciliation run ({@code latest.json}
 * in the reports directory that {@code reconcile} writes). The admin sees the whole report; an
 * advertiser sees the period and the lines about its own ads only.
 */
final class ReconciliationQuery {
    private static final Set<String> ADVERTISER_FIELDS = Set.of("period", "from", "to", "outcome", "finished_at");

    private final Path reportsDir;
    private final WorkerExecutor workers;
    private final Supplier<AdCatalog> catalog;

    ReconciliationQuery(Path reportsDir, WorkerExecutor workers, Supplier<AdCatalog> catalog) {
        this.reportsDir = reportsDir;
        this.workers = workers;
        this.catalog = catalog;
    }

    void handle(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        workers.executeBlocking(() -> LatestReport.read(reportsDir), false).onSuccess(report -> {
            JsonObject visible = report == null ? null : caller.isAdmin() ? report : forAdvertiser(report, caller);
            JsonResponses.ok(ctx, new JsonObject().put("latest", visible));
        }).onFailure(ctx::fail);
    }

    private JsonObject forAdvertiser(JsonObject report, Caller caller) {
        Set<String> own = caller.visibleAds(catalog.get()).stream().map(Ad::id).collect(Collectors.toSet());
        JsonObject out = new JsonObject();
        for (String f : ADVERTISER_FIELDS) out.put(f, report.getValue(f));
        out.put("per_ad", ownLines(report.getJsonArray("per_ad"), own));
        out.put("largest_differences", ownLines(report.getJsonArray("largest_differences"), own));
        return out;
    }

    private static JsonArray ownLines(JsonArray lines, Set<String> own) {
        JsonArray out = new JsonArray();
        if (lines == null) return out;
        for (int i = 0; i < lines.size(); i++) {
            JsonObject line = lines.getJsonObject(i);
            if (own.contains(line.getString("ad_id"))) out.add(line);
        }
        return out;
    }
}
