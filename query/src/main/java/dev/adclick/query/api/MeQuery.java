package dev.adclick.query.api;

import dev.adclick.core.catalog.Ad;
import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.query.auth.Caller;
import dev.adclick.query.http.JsonResponses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;

/** {@code /me}: who the key belongs to and the ads it may see; the dashboard's login check. */
final class MeQuery {
    private final Supplier<AdCatalog> catalog;

    MeQuery(Supplier<AdCatalog> catalog) {
        this.catalog = catalog;
    }

    void handle(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        JsonArray ads = new JsonArray();
        for (Ad ad : caller.visibleAds(catalog.get())) {
            ads.add(new JsonObject().put("ad_id", ad.id()).put("title", ad.title())
                    .put("advertiser_id", ad.advertiserId()).put("active", ad.active()));
        }
        JsonObject advertiser = caller.advertiser()
                .map(a -> new JsonObject().put("id", a.id()).put("name", a.name()))
                .orElse(null);
        JsonResponses.ok(ctx, new JsonObject()
                .put("role", caller.isAdmin() ? "admin" : "advertiser")
                .put("advertiser", advertiser)
                .put("ads", ads));
    }
}
