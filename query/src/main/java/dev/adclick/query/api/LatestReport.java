package dev.adclick.query.api;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The newest reconciliation report: {@code latest.json} in the reports directory that {@code reconcile} writes
 * (reconcile/README.md describes its fields). Read by {@code /api/v1/reconciliation/latest} and the query service's metrics.
 */
public final class LatestReport {
    private LatestReport() {}

    /** The report, or null when there is no reports directory or no run yet. Blocking: call it on a worker. */
    public static JsonObject read(Path reportsDir) throws IOException {
        if (reportsDir == null) return null;
        Path latest = reportsDir.resolve("latest.json");
        if (!Files.isRegularFile(latest)) return null;
        return new JsonObject(Files.readString(latest));
    }
}
