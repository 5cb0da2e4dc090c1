package io.quire.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quire.server.history.ChapterHistory;
import io.quire.server.history.HistoryException;
import io.quire.server.history.RevertOutcome;
import io.quire.server.storage.DocKey;
import io.quire.server.storage.StoredOp;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The chapter history API, under {@code /api/v1/books/:book/chapters/:chapter}. Book and chapter are the sharedb
 * collection and document id. Every answer is JSON; errors are {@code {"error":{status, code, message}}}.
 * Until accounts exist, the acting user is the {@code X-Quire-User} header ("api" without it).
 *
 * <p>The history service blocks (store reads, waits on the chapter's sequencer), so each request runs on a
 * Vert.x worker thread, never on the event loop.
 */
public final class HistoryRoutes {
    private static final Logger log = LoggerFactory.getLogger(HistoryRoutes.class);
    static final String CHAPTER = "/books/:book/chapters/:chapter";
    private static final int MAX_BODY_BYTES = 64 * 1024;
    static final String USER_HEADER = "X-Quire-User";

    private final Vertx vertx;
    private final ChapterHistory history;

    public HistoryRoutes(Vertx vertx, ChapterHistory history) {
        this.vertx = vertx;
        this.history = history;
    }

    /** A router to mount at {@code /api/v1}. */
    public Router router() {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.get(CHAPTER + "/revisions").handler(ctx -> answer(ctx, 200, () -> {
            int limit = Params.limit(ctx, 50, 200);
            Long before = Params.optionalVersion(ctx, "before");
            boolean sessions = switch (Params.optional(ctx, "group", "sessions")) {
                case "sessions" -> true;
                case "ops" -> false;
                default -> throw ApiError.badRequest("group must be \"sessions\" or \"ops\", got \"" + ctx.request().getParam("group") + "\"");
            };
            return HistoryJson.page("revisions", history.revisions(key(ctx), before, limit, sessions));
        }));
        router.get(CHAPTER + "/versions/:version").handler(ctx -> answer(ctx, 200, () ->
                HistoryJson.version(history.version(key(ctx), Params.version(ctx.pathParam("version"), "version")))));
        router.get(CHAPTER + "/versions").handler(ctx -> answer(ctx, 200, () -> {
            String at = ctx.request().getParam("at");
            if (at == null) {
                throw ApiError.badRequest("give a time: versions?at=<epoch ms or ISO-8601 instant>, or a version: versions/{v}");
            }
            return HistoryJson.version(history.versionAtTime(key(ctx), instant(at)));
        }));
        router.get(CHAPTER + "/diff").handler(ctx -> answer(ctx, 200, () ->
                HistoryJson.diff(history.diff(key(ctx), Params.requiredVersion(ctx, "from"), Params.requiredVersion(ctx, "to")))));
        router.post(CHAPTER + "/restore").handler(ctx -> answer(ctx, 200, () -> {
            JsonNode body = Params.body(ctx);
            RevertOutcome outcome;
            if (body.has("label")) {
                outcome = history.restoreLabel(key(ctx), Params.text(body, "label"), user(ctx));
            } else if (body.has("version")) {
                outcome = history.restore(key(ctx), Params.number(body, "version"), user(ctx));
            } else {
                throw ApiError.badRequest("the body needs \"version\" (a number) or \"label\" (a label's name)");
            }
            return HistoryJson.changed(outcome);
        }));
        router.get(CHAPTER + "/labels").handler(ctx -> answer(ctx, 200, () -> HistoryJson.labels(history.labels(key(ctx)))));
        router.post(CHAPTER + "/labels").handler(ctx -> answer(ctx, 201, () -> {
            JsonNode body = Params.body(ctx);
            Long version = body.has("version") ? Params.number(body, "version") : null;
            return HistoryJson.label(history.createLabel(key(ctx), Params.text(body, "name"), version, user(ctx)));
        }));
        router.get(CHAPTER + "/labels/:label").handler(ctx -> answer(ctx, 200, () ->
                HistoryJson.label(history.label(key(ctx), ctx.pathParam("label")))));
        router.patch(CHAPTER + "/labels/:label").handler(ctx -> answer(ctx, 200, () ->
                HistoryJson.label(history.renameLabel(key(ctx), ctx.pathParam("label"), Params.text(Params.body(ctx), "name")))));
        router.delete(CHAPTER + "/labels/:label").handler(ctx -> answer(ctx, 204, () -> {
            history.deleteLabel(key(ctx), ctx.pathParam("label"));
            return null;
        }));
        router.get(CHAPTER + "/blame").handler(ctx -> answer(ctx, 200, () -> {
            Long version = Params.optionalVersion(ctx, "version");
            DocKey key = key(ctx);
            long at = version != null ? version : history.headVersion(key);
            return HistoryJson.blame(at, history.blame(key, at));
        }));
        router.get(CHAPTER + "/authors").handler(ctx -> answer(ctx, 200, () -> HistoryJson.authors(history.authors(key(ctx)))));
        router.get(CHAPTER + "/authors/:author/ops").handler(ctx -> answer(ctx, 200, () -> {
            int limit = Params.limit(ctx, 100, 1_000);
            long from = Params.versionOr(ctx, "from", 0);
            List<StoredOp> ops = history.authorOps(key(ctx), ctx.pathParam("author"), from, limit);
            Long next = ops.size() == limit ? ops.get(ops.size() - 1).version() + 1 : null;
            return HistoryJson.ops(ops, next);
        }));
        router.get(CHAPTER + "/authors/:author/sessions").handler(ctx -> answer(ctx, 200, () -> {
            int limit = Params.limit(ctx, 50, 200);
            long from = Params.versionOr(ctx, "from", 0);
            return HistoryJson.page("sessions", history.authorSessions(key(ctx), ctx.pathParam("author"), from, limit));
        }));
        router.post(CHAPTER + "/revert-author").handler(ctx -> answer(ctx, 200, () -> {
            JsonNode body = Params.body(ctx);
            return HistoryJson.changed(history.revertAuthor(key(ctx), Params.text(body, "author"),
                    Params.number(body, "since"), user(ctx)));
        }));
        router.get(CHAPTER + "/verify").handler(ctx -> answer(ctx, 200, () -> HistoryJson.chain(history.verify(key(ctx)))));
        return router;
    }

    private static DocKey key(RoutingContext ctx) {
        return new DocKey(ctx.pathParam("book"), ctx.pathParam("chapter"));
    }

    private static String user(RoutingContext ctx) {
        String user = ctx.request().getHeader(USER_HEADER);
        return user == null || user.isBlank() ? "api" : user;
    }

    private static long instant(String at) {
        try {
            return Long.parseLong(at);
        } catch (NumberFormatException notMillis) {
            try {
                return Instant.parse(at).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw ApiError.badRequest("at must be epoch milliseconds or an ISO-8601 instant (2026-11-24T10:15:30Z), got \"" + at + "\"");
            }
        }
    }

    /** Runs {@code work} on a worker thread and answers with its JSON, or with the error it throws. */
    private void answer(RoutingContext ctx, int status, Callable<ObjectNode> work) {
        vertx.executeBlocking(work, false).onComplete(done -> {
            if (done.succeeded()) {
                ObjectNode body = done.result();
                if (body == null) {
                    ctx.response().setStatusCode(status).end();
                } else {
                    send(ctx, status, body.toString());
                }
            } else {
                ApiError error = toApiError(done.cause());
                send(ctx, error.status(), HistoryJson.error(error).toString());
            }
        });
    }

    private static ApiError toApiError(Throwable failure) {
        if (failure instanceof ApiError apiError) {
            return apiError;
        }
        if (failure instanceof HistoryException e) {
            return switch (e.kind()) {
                case NOT_FOUND -> new ApiError(404, "NOT_FOUND", e.getMessage());
                case BAD_REQUEST -> new ApiError(400, "BAD_REQUEST", e.getMessage());
                case CONFLICT -> new ApiError(409, "CONFLICT", e.getMessage());
                case UNAVAILABLE -> new ApiError(503, "UNAVAILABLE", e.getMessage());
            };
        }
        log.error("history request failed", failure);
        return new ApiError(500, "INTERNAL", "the server failed to answer: " + failure.getMessage());
    }

    private static void send(RoutingContext ctx, int status, String json) {
        ctx.response().setStatusCode(status)
                .putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("cache-control", "no-store")
                .end(json);
    }
}
