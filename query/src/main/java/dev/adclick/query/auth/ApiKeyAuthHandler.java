package dev.adclick.query.auth;

import dev.adclick.core.catalog.AdCatalog;
import dev.adclick.core.catalog.Advertiser;
import dev.adclick.query.http.ApiException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Requires {@code Authorization: Bearer KEY} and attaches the {@link Caller}. Keys are looked up in
 * the current catalogue on every request, so added and revoked keys take effect without a restart.
 */
public final class ApiKeyAuthHandler implements Handler<RoutingContext> {
    private static final String BEARER = "bearer ";

    private final AdminKey adminKey;
    private final Supplier<AdCatalog> catalog;

    public ApiKeyAuthHandler(AdminKey adminKey, Supplier<AdCatalog> catalog) {
        this.adminKey = adminKey;
        this.catalog = catalog;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String key = bearerKey(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (key == null) {
            throw ApiException.unauthorized("An API key is required: send it as 'Authorization: Bearer YOUR_KEY'.");
        }
        callerFor(key).orElseThrow(() -> ApiException.unauthorized("That API key was not accepted.")).attachTo(ctx);
        ctx.next();
    }

    private Optional<Caller> callerFor(String key) {
        // both checks always run, so the answer time does not tell an admin-key guess from others
        boolean admin = adminKey.matches(key);
        Optional<Advertiser> advertiser = catalog.get().advertiserForApiKey(key);
        if (admin) return Optional.of(Caller.admin());
        return advertiser.map(Caller::advertiser);
    }

    static String bearerKey(String header) {
        if (header == null || header.length() <= BEARER.length()) return null;
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) return null;
        String key = header.substring(BEARER.length()).trim();
        return key.isEmpty() ? null : key;
    }
}
