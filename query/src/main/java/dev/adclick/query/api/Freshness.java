package dev.adclick.query.api;

import dev.adclick.store.PipelineStatus;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

import static dev.adclick.query.http.JsonResponses.iso;

/**
 * The two freshness figures (docs/architecture.md, Query API, freshness), computed once from the pipeline status for
 * {@code /api/v1/freshness} and the query service's {@code /metrics}: they differ on purpose and are named for what they are.
 *
 * @param visibleLagMs   event → visible: at the aggregator's last write of counts, how long ago the newest event it made
 *                       queryable happened (worst of the live writers); null until one made an event visible
 * @param watermarkLagMs now − watermark: how far the closing of minutes trails real time (at least the out-of-orderness
 *                       bound, plus idle time when no events arrive); null before the first watermark
 * @param watermark      the watermark, epoch ms; null before the first
 * @param updatedAt      when the newest status report was written, epoch ms; null if none
 */
public record Freshness(Long visibleLagMs, Long watermarkLagMs, Long watermark, Long updatedAt) {
    public static final Freshness UNKNOWN = new Freshness(null, null, null, null);

    // the JSON field names, here once
    static final String VISIBLE_LAG_MS = "visible_lag_ms";
    static final String WATERMARK_LAG_MS = "watermark_lag_ms";
    /** The watermark lag under its first name, kept for existing clients. */
    static final String LAG_MS = "lag_ms";
    static final String WATERMARK = "watermark";
    static final String UPDATED_AT = "updated_at";

    public static Freshness of(Optional<PipelineStatus> status, long now) {
        if (status.isEmpty()) return UNKNOWN;
        PipelineStatus s = status.get();
        // before its first watermark Flink reports Long.MIN_VALUE (stored as 0): that is "no watermark yet"
        boolean hasWatermark = s.watermark() > 0;
        return new Freshness(s.visibleLagKnown() ? s.visibleLagMs() : null,
                hasWatermark ? Math.max(0, now - s.watermark()) : null,
                hasWatermark ? s.watermark() : null,
                s.updatedAt());
    }

    JsonObject toJson() {
        return new JsonObject()
                .put(VISIBLE_LAG_MS, visibleLagMs)
                .put(WATERMARK_LAG_MS, watermarkLagMs)
                .put(LAG_MS, watermarkLagMs)
                .put(WATERMARK, watermark == null ? null : iso(watermark))
                .put(UPDATED_AT, updatedAt == null ? null : iso(updatedAt));
    }
}
