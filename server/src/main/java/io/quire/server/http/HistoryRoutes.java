package io.quire.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quire.server.auth.Access;
import io.quire.server.auth.Role;
import io.quire.server.history.ChapterHistory;
import io.quire.server.history.RevertOutcome;
import io.quire.server.storage.DocKey;
import io.quire.server.storage.StoredOp;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The chapter history API, under {@code /api/v1/books/:book/chapters/:chapter}. Book and chapter are the sharedb
 * collection and document id. Every answer is JSON; errors are {@code {"error":{status, code, message}}}.
 * Reading needs a viewer's role in the book; restoring, reverting and labelling an editor's. Changes are made
 * as the calling user (its token's subject, or the API key).
 *
 * <p>The history service blocks (store reads, waits on the chapter's sequencer), so each request runs on a
 * Vert.x worker thread, never on the event loop.
 */
public final class HistoryRoutes {
    static final String CHAPTER = "/books/:book/chapters/:chapter";
    private final Vertx vertx;
    private final ChapterHistory history;
    private final Access access;

    public HistoryRoutes(Vertx vertx, ChapterHistory history, Access access) {
        this.vertx = vertx;
        this.history = history;
        this.access = access;
    }

    /** Adds the history routes to the API router (mounted at {@code /api/v1}, after {@link ApiAuth}). */
    public void mount(Router router) {
        router.get(CHAPTER + "/revisions").handler(ctx -> read(ctx, 200, () -> {
            int limit = Params.limit(ctx, 50, 200);
            Long before = Params.optionalVersion(ctx, "before");
            boolean sessions = switch (Params.optional(ctx, "group", "sessions")) {
                case "sessions" -> true;
                case "ops" -> false;
                default -> throw ApiError.badRequest("group must be \"sessions\" or \"ops\", got \"" + ctx.request().getParam("group") + "\"");
            };
            return HistoryJson.page("revisions", history.revisions(key(ctx), before, limit, sessions));
        }));
        router.get(CHAPTER + "/versions/:version").handler(ctx -> read(ctx, 200, () ->
                HistoryJson.version(history.version(key(ctx), Params.version(ctx.pathParam("version"), "version")))));
        router.get(CHAPTER + "/versions").handler(ctx -> read(ctx, 200, () -> {
            String at = ctx.request().getParam("at");
            if (at == null) {
                throw ApiError.badRequest("give a time: versions?at=<epoch ms or ISO-8601 instant>, or a version: versions/{v}");
            }
            return HistoryJson.version(history.versionAtTime(key(ctx), instant(at)));
        }));
        router.get(CHAPTER + "/diff").handler(ctx -> read(ctx, 200, () ->
                HistoryJson.diff(history.diff(key(ctx), Params.requiredVersion(ctx, "from"), Params.requiredVersion(ctx, "to")))));
        router.post(CHAPTER + "/restore").handler(ctx -> write(ctx, 200, () -> {
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
        router.get(CHAPTER + "/labels").handler(ctx -> read(ctx, 200, () -> HistoryJson.labels(history.labels(key(ctx)))));
        router.post(CHAPTER + "/labels").handler(ctx -> write(ctx, 201, () -> {
            JsonNode body = Params.body(ctx);
            Long version = body.has("version") ? Params.number(body, "version") : null;
            return HistoryJson.label(history.createLabel(key(ctx), Params.text(body, "name"), version, user(ctx)));
        }));
        router.get(CHAPTER + "/labels/:label").handler(ctx -> read(ctx, 200, () ->
                HistoryJson.label(history.label(key(ctx), ctx.pathParam("label")))));
        router.patch(CHAPTER + "/labels/:label").handler(ctx -> write(ctx, 200, () ->
                HistoryJson.label(history.renameLabel(key(ctx), ctx.pathParam("label"), Params.text(Params.body(ctx), "name")))));
        router.delete(CHAPTER + "/labels/:label").handler(ctx -> write(ctx, 204, () -> {
            history.deleteLabel(key(ctx), ctx.pathParam("label"));
            return null;
        }));
        router.get(CHAPTER + "/blame").handler(ctx -> read(ctx, 200, () -> {
            Long version = Params.optionalVersion(ctx, "version");
            DocKey key = key(ctx);
            long at = version != null ? version : history.headVersion(key);
            return HistoryJson.blame(at, history.blame(key, at));
        }));
        router.get(CHAPTER + "/authors").handler(ctx -> read(ctx, 200, () -> HistoryJson.authors(history.authors(key(ctx)))));
        router.get(CHAPTER + "/authors/:author/ops").handler(ctx -> read(ctx, 200, () -> {
            int limit = Params.limit(ctx, 100, 1_000);
            long from = Params.versionOr(ctx, "from", 0);
            List<StoredOp> ops = history.authorOps(key(ctx), ctx.pathParam("author"), from, limit);
            Long next = ops.size() == limit ? ops.get(ops.size() - 1).version() + 1 : null;
            return HistoryJson.ops(ops, next);
        }));
        router.get(CHAPTER + "/authors/:author/sessions").handler(ctx -> read(ctx, 200, () -> {
            int limit = Params.limit(ctx, 50, 200);
            long from = Params.versionOr(ctx, "from", 0);
            return HistoryJson.page("sessions", history.authorSessions(key(ctx), ctx.pathParam("author"), from, limit));
        }));
        router.post(CHAPTER + "/revert-author").handler(ctx -> write(ctx, 200, () -> {
            JsonNode body = Params.body(ctx);
            return HistoryJson.changed(history.revertAuthor(key(ctx), Params.text(body, "author"),
                    Params.number(body, "since"), user(ctx)));
        }));
        router.get(CHAPTER + "/verify").handler(ctx -> read(ctx, 200, () -> HistoryJson.chain(history.verify(key(ctx)))));
    }

    private static DocKey key(RoutingContext ctx) {
        return new DocKey(ctx.pathParam("book"), ctx.pathParam("chapter"));
    }

    private static String user(RoutingContext ctx) {
        return Answers.identity(ctx).userId();
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

    /** Answers with {@code work}'s JSON if the caller may read the book. */
    private void read(RoutingContext ctx, int status, Callable<ObjectNode> work) {
        guarded(ctx, status, Role.VIEWER, "read the history", work);
    }

    /** Answers with {@code work}'s JSON if the caller may edit the book. */
    private void write(RoutingContext ctx, int status, Callable<ObjectNode> work) {
        guarded(ctx, status, Role.EDITOR, "restore, revert or label", work);
    }

    private void guarded(RoutingContext ctx, int status, Role needed, String action, Callable<ObjectNode> work) {
        Answers.json(vertx, ctx, status, () -> {
            Guard.need(access, Answers.identity(ctx), ctx.pathParam("book"), needed, action);
            return work.call();
        });
    }
}
