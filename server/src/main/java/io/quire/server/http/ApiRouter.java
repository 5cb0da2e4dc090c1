package io.quire.server.http;

import io.quire.server.auth.Authenticator;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The router mounted at {@code /api/v1}: bodies up to a limit, the OpenAPI document (public, so tools can read
 * it), then {@link ApiAuth} in front of every other route, and JSON errors for whatever no route answers.
 */
public final class ApiRouter {
    /** Bodies past this are refused with 413; chapter contents are the largest thing sent. */
    static final long MAX_BODY_BYTES = 8L * 1024 * 1024;

    private ApiRouter() {
    }

    public static Router create(Vertx vertx, Authenticator authenticator) {
        Router api = Router.router(vertx);
        api.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        OpenApiRoute.mount(api);
        api.route().handler(new ApiAuth(authenticator));
        api.errorHandler(404, ctx -> Answers.error(ctx, new ApiError(404, "NOT_FOUND",
                "no API route " + ctx.request().method() + " " + ctx.request().path())));
        api.errorHandler(405, ctx -> Answers.error(ctx, new ApiError(405, "METHOD_NOT_ALLOWED",
                ctx.request().method() + " is not allowed on " + ctx.request().path())));
        api.errorHandler(413, ctx -> Answers.error(ctx, new ApiError(413, "TOO_LARGE",
                "request bodies are limited to " + MAX_BODY_BYTES + " bytes")));
        api.errorHandler(500, ctx -> Answers.error(ctx, Answers.toApiError(ctx.failure() == null
                ? new IllegalStateException("unknown failure") : ctx.failure())));
        return api;
    }
}
