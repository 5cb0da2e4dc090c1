package io.quire.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.quire.server.auth.AuthException;
import io.quire.server.auth.Identity;
import io.quire.server.books.BookException;
import io.quire.server.history.HistoryException;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Callable;

/**
 * How every API route answers: the work runs on a worker thread (it blocks on the store and on sequencers), its
 * result is sent as JSON, and whatever it throws becomes {@code {"error":{status, code, message}}} with the
 * matching status. Nothing else in the API writes error bodies.
 */
final class Answers {
    private static final Logger log = LoggerFactory.getLogger(Answers.class);
    static final String IDENTITY = "quire.identity";

    private Answers() {
    }

    /** Who is calling, as {@link ApiAuth} established. */
    static Identity identity(RoutingContext ctx) {
        Identity identity = ctx.get(IDENTITY);
        if (identity == null) {
            throw new IllegalStateException("no identity on the request: ApiAuth must run first");
        }
        return identity;
    }

    /** Runs {@code work} on a worker thread and answers {@code status} with its JSON (no body if null). */
    static void json(Vertx vertx, RoutingContext ctx, int status, Callable<? extends JsonNode> work) {
        vertx.executeBlocking(work, false).onComplete(done -> {
            if (done.failed()) {
                error(ctx, toApiError(done.cause()));
            } else if (done.result() == null) {
                ctx.response().setStatusCode(status == 200 ? 204 : status).end();
            } else {
                send(ctx, status, done.result().toString());
            }
        });
    }

    static ApiError toApiError(Throwable failure) {
        if (failure instanceof ApiError apiError) {
            return apiError;
        }
        if (failure instanceof AuthException e) {
            return new ApiError(401, "UNAUTHENTICATED", e.getMessage());
        }
        if (failure instanceof BookException e) {
            return switch (e.kind()) {
                case NOT_FOUND -> new ApiError(404, "NOT_FOUND", e.getMessage());
                case FORBIDDEN -> new ApiError(403, "FORBIDDEN", e.getMessage());
                case BAD_REQUEST -> new ApiError(400, "BAD_REQUEST", e.getMessage());
                case CONFLICT -> new ApiError(409, "CONFLICT", e.getMessage());
                case UNAVAILABLE -> new ApiError(503, "UNAVAILABLE", e.getMessage());
            };
        }
        if (failure instanceof HistoryException e) {
            return switch (e.kind()) {
                case NOT_FOUND -> new ApiError(404, "NOT_FOUND", e.getMessage());
                case BAD_REQUEST -> new ApiError(400, "BAD_REQUEST", e.getMessage());
                case CONFLICT -> new ApiError(409, "CONFLICT", e.getMessage());
                case COMPACTED -> new ApiError(410, "COMPACTED", e.getMessage());
                case UNAVAILABLE -> new ApiError(503, "UNAVAILABLE", e.getMessage());
            };
        }
        log.error("an API request failed", failure);
        return new ApiError(500, "INTERNAL", "the server failed to answer: " + failure.getMessage());
    }

    static void error(RoutingContext ctx, ApiError error) {
        if (error.status() == 401) {
            ctx.response().putHeader("www-authenticate", "Bearer realm=\"quire\"");
        }
        send(ctx, error.status(), HistoryJson.error(error).toString());
    }

    static void send(RoutingContext ctx, int status, String json) {
        ctx.response().setStatusCode(status)
                .putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("cache-control", "no-store")
                .end(json);
    }
}
