package dev.adclick.query.auth;

import dev.adclick.core.catalog.Ad;
import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.core.catalog.Advertiser;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who sent a request: the admin, or one advertiser. What the caller may see is always decided
 * against the catalogue of the moment, so an ad moved to another advertiser is hidden at once.
 */
public final class Caller {
    private static final String CONTEXT_KEY = "adclick.caller";
    private static final Caller ADMIN = new Caller(null);

    private final Advertiser advertiser;

    private Caller(Advertiser advertiser) {
        this.advertiser = advertiser;
    }

    public static Caller admin() {
        return ADMIN;
    }

    public static Caller advertiser(Advertiser advertiser) {
        return new Caller(Objects.requireNonNull(advertiser, "advertiser"));
    }

    /** The caller that {@link ApiKeyAuthHandler} attached to this request. */
    public static Caller of(RoutingContext ctx) {
        Caller c = ctx.get(CONTEXT_KEY);
        if (c == null) throw new IllegalStateException("no caller on " + ctx.request().path() + ": auth handler not mounted");
        return c;
    }

    void attachTo(RoutingContext ctx) {
        ctx.put(CONTEXT_KEY, this);
    }

    public boolean isAdmin() {
        return advertiser == null;
    }

    /** The advertiser, empty for the admin. */
    public Optional<Advertiser> advertiser() {
        return Optional.ofNullable(advertiser);
    }

    /** Admin: any ad id, even one the catalogue does not know. Advertiser: only its own ads. */
    public boolean mayReadAd(AdCatalog catalog, String adId) {
        if (isAdmin()) return true;
        return catalog.ad(adId).map(ad -> ad.advertiserId().equals(advertiser.id())).orElse(false);
    }

    public boolean mayReadAdvertiser(String advertiserId) {
        return isAdmin() || advertiser.id().equals(advertiserId);
    }

    /** The catalogued ads this caller may see: all for the admin, its own for an advertiser. */
    public List<Ad> visibleAds(AdCatalog catalog) {
        if (!isAdmin()) return catalog.adsOf(advertiser.id());
        return catalog.adsSortedById();
    }
}
