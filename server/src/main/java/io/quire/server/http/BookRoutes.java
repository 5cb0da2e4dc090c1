package io.quire.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.quire.ot.Delta;
import io.quire.server.auth.Identity;
import io.quire.server.auth.Role;
import io.quire.server.books.Book;
import io.quire.server.books.BookService;
import io.quire.server.books.BookVersions;
import io.quire.server.books.Member;
import io.quire.server.webhooks.Delivery;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

/**
 * The books API under {@code /api/v1}: books, chapters, members, invites, API keys, webhooks and book-wide
 * versions. Each route checks the caller's role through {@link BookService}; outsiders get 404, members below
 * the needed role 403. The README's API table lists every route.
 */
public final class BookRoutes {
    private static final String BOOK = "/books/:book";
    private static final int MAX_POSITION = 100_000;
    /** Ten years: longer is "never", which 0 says. */
    private static final int MAX_INVITE_HOURS = 24 * 365 * 10;

    private final Vertx vertx;
    private final BookService books;
    private final BookVersions versions;
    private final Function<String, List<Delivery>> deliveries;

    /** @param deliveries the recent delivery attempts of a webhook, by its id */
    public BookRoutes(Vertx vertx, BookService books, BookVersions versions, Function<String, List<Delivery>> deliveries) {
        this.vertx = vertx;
        this.books = books;
        this.versions = versions;
        this.deliveries = deliveries;
    }

    public void mount(Router router) {
        // books
        router.get("/books").handler(ctx -> answer(ctx, 200, who ->
                BookJson.books(books.booksOf(who), book -> books.registry().roleOf(who, book.id()))));
        router.post("/books").handler(ctx -> answer(ctx, 201, who -> {
            JsonNode body = Params.body(ctx);
            Book book = books.createBook(who, Params.optionalText(body, "id"), Params.text(body, "title"));
            return BookJson.book(book, Role.OWNER);
        }));
        router.get(BOOK).handler(ctx -> answer(ctx, 200, who -> {
            Book book = books.require(who, book(ctx), Role.VIEWER, "open the book");
            return BookJson.book(book, books.roleIn(who, book.id()));
        }));
        router.patch(BOOK).handler(ctx -> answer(ctx, 200, who -> {
            Book book = books.renameBook(who, book(ctx), Params.text(Params.body(ctx), "title"));
            return BookJson.book(book, books.roleIn(who, book.id()));
        }));
        router.delete(BOOK).handler(ctx -> answer(ctx, 204, who -> {
            books.deleteBook(who, book(ctx));
            return null;
        }));

        // chapters
        router.get(BOOK + "/chapters").handler(ctx -> answer(ctx, 200, who -> {
            Book book = books.require(who, book(ctx), Role.VIEWER, "list chapters");
            return HistoryJson.MAPPER.createObjectNode().set("chapters", BookJson.chapters(book.chapters()));
        }));
        router.post(BOOK + "/chapters").handler(ctx -> answer(ctx, 201, who -> {
            JsonNode body = Params.body(ctx);
            Delta content = ContentBodies.documentField(body);
            Integer position = body.has("position") ? Params.boundedNumber(body, "position", MAX_POSITION) : null;
            return BookJson.chapter(books.addChapter(who, book(ctx), Params.optionalText(body, "id"),
                    Params.text(body, "title"), content, position));
        }));
        router.patch(BOOK + "/chapters/:chapter").handler(ctx -> answer(ctx, 200, who -> {
            JsonNode body = Params.body(ctx);
            String chapter = ctx.pathParam("chapter");
            if (!body.has("title") && !body.has("position")) {
                throw ApiError.badRequest("the body needs \"title\" (a string) or \"position\" (a whole number)");
            }
            // Both checked before either is applied, so a bad position cannot leave a renamed chapter behind.
            String title = body.has("title") ? Params.text(body, "title") : null;
            Integer position = body.has("position") ? Params.boundedNumber(body, "position", MAX_POSITION) : null;
            if (title != null) {
                books.renameChapter(who, book(ctx), chapter, title);
            }
            if (position != null) {
                books.moveChapter(who, book(ctx), chapter, position);
            }
            Book book = books.require(who, book(ctx), Role.VIEWER, "list chapters");
            return BookJson.chapter(book.chapter(chapter).orElseThrow());
        }));
        router.put(BOOK + "/chapter-order").handler(ctx -> answer(ctx, 200, who -> {
            Book book = books.reorderChapters(who, book(ctx), Params.texts(Params.body(ctx), "order"));
            return HistoryJson.MAPPER.createObjectNode().set("chapters", BookJson.chapters(book.chapters()));
        }));
        router.delete(BOOK + "/chapters/:chapter").handler(ctx -> answer(ctx, 204, who -> {
            books.deleteChapter(who, book(ctx), ctx.pathParam("chapter"));
            return null;
        }));

        // members and invites
        router.get(BOOK + "/members").handler(ctx -> answer(ctx, 200, who ->
                BookJson.members(books.require(who, book(ctx), Role.VIEWER, "see members").members())));
        router.post(BOOK + "/members").handler(ctx -> answer(ctx, 201, who -> {
            JsonNode body = Params.body(ctx);
            return BookJson.member(books.addMember(who, book(ctx), Params.text(body, "userId"),
                    Params.optionalText(body, "displayName"), Params.role(body, "role")));
        }));
        router.patch(BOOK + "/members/:user").handler(ctx -> answer(ctx, 200, who ->
                BookJson.member(books.changeRole(who, book(ctx), ctx.pathParam("user"), Params.role(Params.body(ctx), "role")))));
        router.delete(BOOK + "/members/:user").handler(ctx -> answer(ctx, 204, who -> {
            books.removeMember(who, book(ctx), ctx.pathParam("user"));
            return null;
        }));
        router.get(BOOK + "/invites").handler(ctx -> answer(ctx, 200, who ->
                BookJson.invites(books.require(who, book(ctx), Role.OWNER, "see invites").invites(), origin(ctx))));
        router.post(BOOK + "/invites").handler(ctx -> answer(ctx, 201, who -> {
            JsonNode body = Params.body(ctx);
            long hours = body.has("expiresInHours") ? Params.boundedNumber(body, "expiresInHours", MAX_INVITE_HOURS) : 24 * 7;
            int maxUses = (int) Math.min(Integer.MAX_VALUE, Params.optionalNumber(body, "maxUses", 0));
            return BookJson.invite(books.createInvite(who, book(ctx), Params.role(body, "role"),
                    Duration.ofHours(hours).toMillis(), maxUses), origin(ctx));
        }));
        router.delete(BOOK + "/invites/:token").handler(ctx -> answer(ctx, 204, who -> {
            books.revokeInvite(who, book(ctx), ctx.pathParam("token"));
            return null;
        }));
        router.get("/invites/:token").handler(ctx -> answer(ctx, 200, who -> {
            BookService.InvitePreview preview = books.previewInvite(ctx.pathParam("token"));
            return HistoryJson.MAPPER.createObjectNode().put("bookId", preview.bookId()).put("bookTitle", preview.bookTitle())
                    .put("role", preview.role().wireName()).put("usable", preview.usable());
        }));
        router.post("/invites/:token/accept").handler(ctx -> answer(ctx, 200, who -> {
            Book book = books.acceptInvite(who, ctx.pathParam("token"));
            Member member = book.member(who.userId()).orElseThrow();
            return BookJson.book(book, member.role());
        }));

        // API keys
        router.get(BOOK + "/api-keys").handler(ctx -> answer(ctx, 200, who ->
                BookJson.apiKeys(books.require(who, book(ctx), Role.OWNER, "see API keys").apiKeys())));
        router.post(BOOK + "/api-keys").handler(ctx -> answer(ctx, 201, who -> {
            JsonNode body = Params.body(ctx);
            return BookJson.createdKey(books.createApiKey(who, book(ctx), Params.text(body, "name"), Params.role(body, "role")));
        }));
        router.delete(BOOK + "/api-keys/:key").handler(ctx -> answer(ctx, 204, who -> {
            books.revokeApiKey(who, book(ctx), ctx.pathParam("key"));
            return null;
        }));

        // webhooks
        router.get(BOOK + "/webhooks").handler(ctx -> answer(ctx, 200, who ->
                BookJson.webhooks(books.require(who, book(ctx), Role.OWNER, "see webhooks").webhooks())));
        router.post(BOOK + "/webhooks").handler(ctx -> answer(ctx, 201, who -> {
            JsonNode body = Params.body(ctx);
            List<String> events = body.has("events") ? Params.texts(body, "events") : List.of();
            return BookJson.createdWebhook(books.addWebhook(who, book(ctx), Params.text(body, "url"), new LinkedHashSet<>(events)));
        }));
        router.delete(BOOK + "/webhooks/:hook").handler(ctx -> answer(ctx, 204, who -> {
            books.deleteWebhook(who, book(ctx), ctx.pathParam("hook"));
            return null;
        }));
        router.get(BOOK + "/webhooks/:hook/deliveries").handler(ctx -> answer(ctx, 200, who -> {
            Book book = books.require(who, book(ctx), Role.OWNER, "see webhook deliveries");
            String hook = ctx.pathParam("hook");
            if (book.webhooks().stream().noneMatch(h -> h.id().equals(hook))) {
                throw new ApiError(404, "NOT_FOUND", "no webhook \"" + hook + "\" in book \"" + book.id() + "\"");
            }
            return BookJson.deliveries(deliveries.apply(hook));
        }));

        // book-wide versions
        router.get(BOOK + "/versions").handler(ctx -> answer(ctx, 200, who -> BookJson.labels(versions.list(who, book(ctx)))));
        router.post(BOOK + "/versions").handler(ctx -> answer(ctx, 201, who ->
                BookJson.label(versions.create(who, book(ctx), Params.text(Params.body(ctx), "name")))));
        router.get(BOOK + "/versions/:name").handler(ctx -> answer(ctx, 200, who -> {
            String name = ctx.pathParam("name");
            return BookJson.bookThen(versions.get(who, book(ctx), name), versions.read(who, book(ctx), name));
        }));
        router.delete(BOOK + "/versions/:name").handler(ctx -> answer(ctx, 204, who -> {
            versions.delete(who, book(ctx), ctx.pathParam("name"));
            return null;
        }));
        router.post(BOOK + "/versions/:name/restore").handler(ctx -> answer(ctx, 200, who ->
                BookJson.restored(versions.restore(who, book(ctx), ctx.pathParam("name")))));
    }

    private interface Work {
        JsonNode run(Identity who) throws Exception;
    }

    private void answer(RoutingContext ctx, int status, Work work) {
        Answers.json(vertx, ctx, status, () -> work.run(Answers.identity(ctx)));
    }

    private static String book(RoutingContext ctx) {
        return ctx.pathParam("book");
    }

    /** Where this server is reached, as the caller addressed it: invite links point there. */
    static String origin(RoutingContext ctx) {
        // authority() is the Host header in HTTP/1.1 and :authority in HTTP/2, which has no Host header.
        io.vertx.core.net.HostAndPort authority = ctx.request().authority();
        String scheme = ctx.request().getHeader("X-Forwarded-Proto");
        return (scheme == null ? ctx.request().scheme() : scheme) + "://" + (authority == null ? "localhost" : authority.toString());
    }
}
