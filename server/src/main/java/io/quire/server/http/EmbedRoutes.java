package io.quire.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embed page: one chapter in the editor, alone, to put in an iframe.
 *
 * <pre>
 *   GET /embed/{book}/{chapter}[?token=...]   200 text/html: classpath webroot/embed.html (the web client's build)
 * </pre>
 *
 * <p>The same page answers for every book and chapter: the page reads both from its own address, asks
 * {@code /api/v1/me} and {@code /api/v1/books/{book}} who is editing and whether they may, and opens the chapter
 * over the sharedb WebSocket ({@code /ws}, with the token). Whether the chapter exists is the page's business, not
 * this route's. The page is read from the classpath once, when the routes are mounted; a server built without the
 * web client answers 503 with a sentence saying so.
 */
public final class EmbedRoutes {
    private static final Logger log = LoggerFactory.getLogger(EmbedRoutes.class);

    /** Where the web-client module puts Vite's embed entry (web-client/pom.xml, vite.config.js). */
    static final String PAGE_RESOURCE = "webroot/embed.html";
    static final String PATH = "/embed/:book/:chapter";

    private EmbedRoutes() {
    }

    /** The page that shows what an invite link offers and accepts it: {@code GET /invite/{token}}. */
    static final String INVITE_RESOURCE = "webroot/invite.html";
    static final String INVITE_PATH = "/invite/:token";

    /**
     * The app's book page, {@code GET /books/{book}} and {@code GET /books/{book}/{chapter}}: the chapters in a sidebar
     * and the chosen one in the editor. Like the embed page, one page for every book; it reads the book and chapter
     * from its address and asks the API for the rest. ("Your books" is {@code index.html}, served at {@code /} by the
     * static handler.)
     */
    static final String BOOK_RESOURCE = "webroot/book.html";
    static final String BOOK_PATH = "/books/:book";
    static final String BOOK_CHAPTER_PATH = "/books/:book/:chapter";

    /**
     * Adds {@code GET /embed/:book/:chapter}, {@code GET /invite/:token} and the book page's two paths; mount them
     * before the static handler.
     */
    public static void mount(Router router) {
        page(router, PATH, PAGE_RESOURCE);
        page(router, INVITE_PATH, INVITE_RESOURCE);
        Buffer book = load(BOOK_RESOURCE);
        page(router, BOOK_PATH, BOOK_RESOURCE, book);
        page(router, BOOK_CHAPTER_PATH, BOOK_RESOURCE, book);
    }

    private static void page(Router router, String path, String resource) {
        page(router, path, resource, load(resource));
    }

    private static void page(Router router, String path, String resource, Buffer page) {
        if (page == null) {
            log.warn("{} is not on the classpath: {} answers 503 (build the web-client module)", resource, path);
        }
        router.get(path).handler(ctx -> {
            if (page == null) {
                ctx.response().setStatusCode(503)
                        .putHeader("content-type", "text/plain; charset=utf-8")
                        .end("This server was built without the web client (" + resource + " is missing).\n");
                return;
            }
            ctx.response()
                    .putHeader("content-type", "text/html; charset=utf-8")
                    // The page names hashed assets: a new build must be picked up at once.
                    .putHeader("cache-control", "no-store")
                    .putHeader("x-content-type-options", "nosniff")
                    // The address may carry ?token=...; keep it out of Referer headers.
                    .putHeader("referrer-policy", "no-referrer")
                    .end(page);
        });
    }

    private static Buffer load(String resource) {
        try (InputStream in = EmbedRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from the classpath", e);
        }
    }
}
