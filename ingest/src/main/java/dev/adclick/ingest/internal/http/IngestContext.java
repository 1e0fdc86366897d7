package dev.adclick.ingest.internal.http;

import dev.adclick.core.catalog.AdCatalogHolder;
import dev.adclick.ingest.internal.ClickHasher;
import dev.adclick.ingest.internal.EventPipeline;
import dev.adclick.ingest.internal.IngestMetrics;
import dev.adclick.ingest.internal.dimension.EventDimensions;
import dev.adclick.ingest.token.ClickTokens;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * Everything the HTTP handlers share; immutable, safe to use from every event loop.
 *
 * @param dimensions the country and device of a request's client (placement is the token's)
 * @param urlBase what {@code click_url} and {@code impression_url} start with: the public URL, or "" for relative URLs
 */
public record IngestContext(AdCatalogHolder catalog, ClickTokens tokens, ClickHasher hasher, TrustedProxies proxies,
                            EventDimensions dimensions,
                            EventPipeline pipeline, IngestMetrics metrics, Clock clock, Supplier<JsonObject> health, String urlBase) {}
