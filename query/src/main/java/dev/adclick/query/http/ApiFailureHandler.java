package dev.adclick.query.http;

import dev.adclick.store.StoreUnavailableException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure under {@code /api} into a JSON error: refusals keep their status and message,
 * an unreachable store is a 503, anything else a 500 whose detail is only logged.
 */
public final class ApiFailureHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiFailureHandler.class);

    @Override
    public void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ApiException e) {
            if (e.status() == 401) ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"adclick\"");
            JsonResponses.error(ctx, e.status(), e.getMessage());
        } else if (causedByStore(failure)) {
            LOG.warn("Store unavailable for {} {}: {}", ctx.request().method(), ctx.request().path(), failure.getMessage());
            JsonResponses.error(ctx, 503, "The click store is unavailable right now; please try again shortly.");
        } else if (failure != null) {
            LOG.error("Unexpected failure answering {} {}", ctx.request().method(), ctx.request().path(), failure);
            JsonResponses.error(ctx, 500, "internal error");
        } else {
            answerStatus(ctx, ctx.statusCode());
        }
    }

    /** JSON for a bare status code set by the router (e.g. 404, 405) or by {@code ctx.fail(int)}. */
    public static void answerStatus(RoutingContext ctx, int status) {
        switch (status) {
            case 400 -> JsonResponses.error(ctx, 400, "The request is malformed.");
            case 401 -> JsonResponses.error(ctx, 401, "An API key is required.");
            case 403 -> JsonResponses.error(ctx, 403, "You do not have access to this.");
            case 404 -> JsonResponses.error(ctx, 404, "There is no such API endpoint: " + ctx.request().path());
            case 405 -> JsonResponses.error(ctx, 405, "This endpoint only answers GET.");
            case 413 -> JsonResponses.error(ctx, 413, "The request body is too large; send fewer rows per request.");
            default -> {
                if (status >= 400 && status < 500) {
                    JsonResponses.error(ctx, status, "The request was refused.");
                } else {
                    LOG.error("Request {} {} failed with status {}", ctx.request().method(), ctx.request().path(), status);
                    JsonResponses.error(ctx, 500, "internal error");
                }
            }
        }
    }

    private static boolean causedByStore(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StoreUnavailableException) return true;
        }
        return false;
    }
}
