package io.quire.server.http;

import io.quire.server.auth.AuthException;
import io.quire.server.auth.Authenticator;
import io.quire.server.auth.Identity;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The first handler of every API route: establishes who is calling (see {@link Authenticator} for where the
 * credential may be) or answers 401 with what is wrong, before any route runs.
 */
final class ApiAuth implements Handler<RoutingContext> {
    private final Authenticator authenticator;

    ApiAuth(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Identity identity;
        try {
            identity = authenticator.authenticate(Authenticator.credential(ctx.request().getHeader("Authorization"),
                    ctx.request().getHeader("X-Quire-Key"), ctx.request().getParam("token")));
        } catch (AuthException e) {
            Answers.error(ctx, new ApiError(401, "UNAUTHENTICATED", e.getMessage()));
            return;
        }
        if (identity.expired(System.currentTimeMillis())) {
            Answers.error(ctx, new ApiError(401, "UNAUTHENTICATED", "the token expired; get a new one"));
            return;
        }
        ctx.put(Answers.IDENTITY, identity);
        ctx.next();
    }
}
