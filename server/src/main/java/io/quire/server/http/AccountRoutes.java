package io.quire.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.quire.server.auth.Authenticator;
import io.quire.server.auth.Identity;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

import java.time.Duration;

/**
 * Who am I, and (local mode only) tokens for trying Quire out as several people on one machine:
 * <pre>
 *   GET  /me                   {"userId","displayName","kind","mode"}     kind: user | api_key | local_admin
 *   POST /local-tokens         {"userId","displayName"?,"hours"?} -> {"token","userId","expiresAt"}
 * </pre>
 * A secured server answers 404 to the second: its tokens come from the application that embeds it.
 */
public final class AccountRoutes {
    private static final long MAX_HOURS = 24 * 30;

    private final Vertx vertx;
    private final Authenticator authenticator;

    public AccountRoutes(Vertx vertx, Authenticator authenticator) {
        this.vertx = vertx;
        this.authenticator = authenticator;
    }

    public void mount(Router router) {
        router.get("/me").handler(ctx -> Answers.json(vertx, ctx, 200, () ->
                BookJson.me(Answers.identity(ctx), authenticator.secured())));
        router.post("/local-tokens").handler(ctx -> Answers.json(vertx, ctx, 201, () -> {
            if (authenticator.secured()) {
                throw new ApiError(404, "NOT_FOUND", "tokens are made here only in local mode; this server's tokens "
                        + "come from the application that signs them");
            }
            if (!Answers.identity(ctx).superuser()) {
                throw new ApiError(403, "FORBIDDEN", "only the local admin makes tokens");
            }
            JsonNode body = Params.body(ctx);
            String user = Params.text(body, "userId").trim();
            if (user.isEmpty() || user.length() > 200 || user.equals(Identity.LOCAL_ADMIN_ID) || user.startsWith("key:")) {
                throw ApiError.badRequest("userId must be 1 to 200 characters, not \"admin\", not starting with \"key:\"");
            }
            String name = Params.optionalText(body, "displayName");
            long hours = Params.optionalNumber(body, "hours", 24);
            if (hours < 1 || hours > MAX_HOURS) {
                throw ApiError.badRequest("hours must be between 1 and " + MAX_HOURS + ", got " + hours);
            }
            String token = authenticator.tokens().issue(user, name == null || name.isBlank() ? user : name.trim(),
                    Duration.ofHours(hours));
            Identity identity = authenticator.tokens().verify(token);
            return HistoryJson.MAPPER.createObjectNode().put("token", token).put("userId", user)
                    .put("displayName", identity.displayName()).put("expiresAt", BookJson.time(identity.expiresAt()));
        }));
    }
}
