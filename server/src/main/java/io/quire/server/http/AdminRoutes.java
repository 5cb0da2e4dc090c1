package io.quire.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quire.server.auth.TokenService;
import io.quire.server.storage.Backups;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The server's own operations, for its administrator only (local mode's admin; a secured server has none yet):
 * <pre>
 *   POST /admin/backups   {"name"?}  201 {"name","path","createdAt","sequence","bytes"}   an online backup
 *   GET  /admin/backups              200 {"folder","backups":[{...}]}                      oldest first
 * </pre>
 * A name with anything but letters, digits, '.', '-' and '_' is 400; a name taken, 409.
 */
public final class AdminRoutes {
    private final Vertx vertx;
    private final Backups backups;

    public AdminRoutes(Vertx vertx, Backups backups) {
        this.vertx = vertx;
        this.backups = java.util.Objects.requireNonNull(backups, "backups");
    }

    public void mount(Router router) {
        router.post("/admin/backups").handler(ctx -> Answers.json(vertx, ctx, 201, () -> {
            Backups store = admin(ctx);
            String name = hasBody(ctx) ? Params.optionalText(Params.body(ctx), "name") : null;
            try {
                return json(store.create(name));
            } catch (Backups.Refused e) {
                throw switch (e.reason()) {
                    case BAD_NAME -> ApiError.badRequest(e.getMessage());
                    case EXISTS -> new ApiError(409, "CONFLICT", e.getMessage());
                };
            }
        }));
        router.get("/admin/backups").handler(ctx -> Answers.json(vertx, ctx, 200, () -> {
            Backups store = admin(ctx);
            ObjectNode out = HistoryJson.MAPPER.createObjectNode().put("folder", store.folder().toString());
            ArrayNode list = out.putArray("backups");
            store.list().forEach(backup -> list.add(json(backup)));
            return out;
        }));
    }

    private Backups admin(RoutingContext ctx) {
        if (!Answers.identity(ctx).operator()) {
            throw new ApiError(403, "FORBIDDEN", "backups are for the server's operator (local mode's admin, or a token"
                    + " with the claim \"" + TokenService.OPERATOR_CLAIM + "\": true)");
        }
        return backups;
    }

    private static boolean hasBody(RoutingContext ctx) {
        return ctx.body() != null && ctx.body().asString() != null && !ctx.body().asString().isBlank();
    }

    private static JsonNode json(Backups.Backup backup) {
        return HistoryJson.MAPPER.createObjectNode()
                .put("name", backup.name())
                .put("path", backup.path().toString())
                .put("createdAt", backup.createdAt().toString())
                .put("sequence", backup.sequence())
                .put("bytes", backup.bytes());
    }
}
