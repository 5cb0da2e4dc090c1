package io.quire.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quire.ot.Delta;
import io.quire.ot.DeltaJson;
import io.quire.ot.InvalidDeltaException;
import io.quire.server.auth.Identity;
import io.quire.server.auth.Role;
import io.quire.server.books.Book;
import io.quire.server.books.BookService;
import io.quire.server.books.Chapter;
import io.quire.server.content.BookHtml;
import io.quire.server.content.BookMarkdown;
import io.quire.server.content.DeltaHtml;
import io.quire.server.content.DeltaMarkdown;
import io.quire.server.content.DeltaText;
import io.quire.server.content.EpubWriter;
import io.quire.server.content.ExportBook;
import io.quire.server.content.ExportChapter;
import io.quire.server.storage.Snapshot;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A chapter's text in other formats, edits over HTTP, and whole-book export:
 * <pre>
 *   GET  /books/{b}/chapters/{c}/content?format=delta|text|html|markdown   (viewer) ETag "v{version}"
 *   PUT  /books/{b}/chapters/{c}/content    body by Content-Type: application/json (a Delta), text/plain,
 *                                           text/html, text/markdown; optional If-Match "v{version}"   (editor)
 *   POST /books/{b}/chapters/{c}/ops        {"version": base, "ops": [...]}: a change made on that version  (editor)
 *   GET  /books/{b}/export?format=html|markdown|epub                       (viewer) as a download
 * </pre>
 * Every change is an op through the chapter's sequencer: transformed past concurrent edits, broadcast to open
 * editors, and in the history as the caller's.
 */
public final class ContentRoutes {
    private static final String CHAPTER = "/books/:book/chapters/:chapter";

    private final Vertx vertx;
    private final BookService books;

    public ContentRoutes(Vertx vertx, BookService books) {
        this.vertx = vertx;
        this.books = books;
    }

    public void mount(Router router) {
        router.get(CHAPTER + "/content").handler(this::read);
        router.put(CHAPTER + "/content").handler(ctx -> Answers.json(vertx, ctx, 200, () -> {
            Identity who = Answers.identity(ctx);
            String book = ctx.pathParam("book");
            String chapter = ctx.pathParam("chapter");
            books.require(who, book, Role.EDITOR, "edit chapters");
            Delta content = ContentBodies.document(parse(ctx));
            Snapshot head = existing(book, chapter);
            String ifMatch = ctx.request().getHeader("If-Match");
            if (ifMatch != null && !matches(ifMatch, head.version())) {
                throw new ApiError(412, "PRECONDITION_FAILED", "the chapter is at version " + head.version()
                        + " (ETag " + etag(head.version()) + "), not " + ifMatch + ": fetch it again and redo the change");
            }
            // The difference is made against the version just checked: edits landing meanwhile are kept.
            long version = books.chapterDocs().replace(book, chapter, head, content, who.userId());
            return HistoryJson.MAPPER.createObjectNode().put("version", version);
        }));
        router.post(CHAPTER + "/ops").handler(ctx -> Answers.json(vertx, ctx, 200, () -> {
            Identity who = Answers.identity(ctx);
            String book = ctx.pathParam("book");
            String chapter = ctx.pathParam("chapter");
            books.require(who, book, Role.EDITOR, "edit chapters");
            JsonNode body = Params.body(ctx);
            long base = Params.number(body, "version");
            Delta change;
            try {
                change = DeltaJson.read(body.get("ops"));
            } catch (InvalidDeltaException e) {
                throw ApiError.badRequest("ops is not a valid Delta: " + e.getMessage());
            }
            existing(book, chapter);
            long version = books.chapterDocs().edit(book, chapter, base, change, who.userId());
            return HistoryJson.MAPPER.createObjectNode().put("version", version);
        }));
        router.get("/books/:book/export").handler(this::export);
    }

    private void read(RoutingContext ctx) {
        vertx.executeBlocking(() -> {
            Identity who = Answers.identity(ctx);
            String book = ctx.pathParam("book");
            books.require(who, book, Role.VIEWER, "read chapters");
            String format = format(ctx, "delta", Set.of("delta", "text", "html", "markdown"));
            Snapshot head = existing(book, ctx.pathParam("chapter"));
            Delta content = head.content();
            return switch (format) {
                case "text" -> new Body("text/plain; charset=utf-8", DeltaText.toText(content), head.version());
                case "html" -> new Body("text/html; charset=utf-8", DeltaHtml.toHtml(content), head.version());
                case "markdown" -> new Body("text/markdown; charset=utf-8", DeltaMarkdown.toMarkdown(content), head.version());
                default -> {
                    ObjectNode json = HistoryJson.MAPPER.createObjectNode().put("version", head.version());
                    json.set("content", HistoryJson.delta(content));
                    yield new Body("application/json; charset=utf-8", json.toString(), head.version());
                }
            };
        }, false).onComplete(done -> {
            if (done.failed()) {
                Answers.error(ctx, Answers.toApiError(done.cause()));
                return;
            }
            Body body = done.result();
            ctx.response().putHeader("content-type", body.type()).putHeader("etag", etag(body.version()))
                    .putHeader("cache-control", "no-store").end(body.text());
        });
    }

    private void export(RoutingContext ctx) {
        vertx.executeBlocking(() -> {
            Identity who = Answers.identity(ctx);
            Book book = books.require(who, ctx.pathParam("book"), Role.VIEWER, "export the book");
            String format = format(ctx, "html", Set.of("html", "markdown", "epub"));
            ExportBook export = exportOf(book);
            String file = fileName(book.title());
            return switch (format) {
                case "markdown" -> new Download("text/markdown; charset=utf-8", file + ".md",
                        Buffer.buffer(BookMarkdown.write(export).getBytes(StandardCharsets.UTF_8)));
                case "epub" -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try {
                        EpubWriter.write(export, out);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    yield new Download("application/epub+zip", file + ".epub", Buffer.buffer(out.toByteArray()));
                }
                default -> new Download("text/html; charset=utf-8", file + ".html",
                        Buffer.buffer(BookHtml.write(export).getBytes(StandardCharsets.UTF_8)));
            };
        }, false).onComplete(done -> {
            if (done.failed()) {
                Answers.error(ctx, Answers.toApiError(done.cause()));
                return;
            }
            Download download = done.result();
            ctx.response().putHeader("content-type", download.type())
                    .putHeader("content-disposition", "attachment; filename=\"" + download.fileName() + "\"")
                    .putHeader("cache-control", "no-store").end(download.bytes());
        });
    }

    /** The book's chapters, in order, with their text now; authors are the members who wrote (editors and owners). */
    private ExportBook exportOf(Book book) {
        List<ExportChapter> chapters = new ArrayList<>();
        long modified = book.createdAt();
        for (Chapter chapter : book.chapters()) {
            Snapshot head = books.chapterDocs().head(book.id(), chapter.id());
            if (head.exists()) {
                chapters.add(new ExportChapter(chapter.id(), chapter.title(), head.content()));
                modified = Math.max(modified, head.updatedAt());
            }
        }
        Set<String> authors = new LinkedHashSet<>();
        book.members().stream().filter(m -> m.role().atLeast(Role.EDITOR)).forEach(m -> authors.add(m.displayName()));
        return new ExportBook(book.title(), "en", chapters, List.copyOf(authors), Instant.ofEpochMilli(modified));
    }

    private Snapshot existing(String book, String chapter) {
        Snapshot head = books.chapterDocs().head(book, chapter);
        if (!head.exists()) {
            throw new ApiError(404, "NOT_FOUND", "book \"" + book + "\" has no chapter \"" + chapter + "\"");
        }
        return head;
    }

    /** The request body as a document, read by its Content-Type. */
    private static Delta parse(RoutingContext ctx) {
        String type = contentType(ctx);
        String text = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString();
        return switch (type) {
            case "application/json" -> {
                if (text.isBlank()) {
                    throw ApiError.badRequest("the body must be a Delta: {\"ops\":[...]}");
                }
                JsonNode json;
                try {
                    json = HistoryJson.MAPPER.readTree(text);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw ApiError.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
                } catch (IOException e) {
                    throw ApiError.badRequest("the body could not be read: " + e.getMessage());
                }
                yield ContentBodies.document(json);
            }
            case "text/plain" -> DeltaText.fromText(text);
            case "text/html" -> DeltaHtml.fromHtml(text);
            case "text/markdown" -> DeltaMarkdown.fromMarkdown(text);
            default -> throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "send the content as application/json "
                    + "(a Delta), text/plain, text/html or text/markdown; got \"" + type + "\"");
        };
    }

    private static String contentType(RoutingContext ctx) {
        String header = ctx.request().getHeader("content-type");
        if (header == null) {
            return "";
        }
        int semi = header.indexOf(';');
        return (semi < 0 ? header : header.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static String format(RoutingContext ctx, String fallback, Set<String> allowed) {
        String format = ctx.request().getParam("format");
        if (format == null) {
            return fallback;
        }
        String lower = format.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw ApiError.badRequest("format must be one of " + new java.util.TreeSet<>(allowed) + ", got \"" + format + "\"");
        }
        return lower;
    }

    /** If-Match: "*", or a list of ETags (weak or strong) one of which is this version's. */
    private static boolean matches(String ifMatch, long version) {
        for (String tag : ifMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag(version))) {
                return true;
            }
        }
        return false;
    }

    private static String etag(long version) {
        return "\"v" + version + "\"";
    }

    /** A file name from a title: letters, digits and dashes, never empty. */
    static String fileName(String title) {
        String name = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return name.isEmpty() ? "book" : name.length() > 60 ? name.substring(0, 60) : name;
    }

    private record Body(String type, String text, long version) {
    }

    private record Download(String type, String fileName, Buffer bytes) {
    }
}
