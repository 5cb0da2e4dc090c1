package io.quire.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quire.server.auth.Identity;
import io.quire.server.auth.Role;
import io.quire.server.books.Book;
import io.quire.server.books.BookRegistry;
import io.quire.server.books.CompactionScope;
import io.quire.server.history.ChapterCompaction;
import io.quire.server.history.ChapterHistory;
import io.quire.server.metrics.QuireMeters;
import io.quire.server.storage.Compaction;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/admin/compact} {@code {"olderThan": "P30D" | seconds, "book"?, "chapter"?}}: folds
 * keystroke ops older than the given age into one revision per author edit session (see history.FoldPolicy).
 * The whole server is the admin's (local mode) to compact; a book, or one of its chapters, its owners' too.
 *
 * <pre>
 *   200 {"cutoff":"2026-10-25T10:00:00Z","documents":12,"opsFolded":4810,"entriesWritten":37,"keysRemoved":9640,
 *        "bytesBefore":1203344,"bytesAfter":40211,"skipped":[{"book","chapter","reason"}]}
 * </pre>
 * Chapters are compacted one after another, each as its own atomic write through its sequencer, so editing goes
 * on meanwhile; the request blocks a worker thread until all are done.
 */
public final class CompactionRoutes {
    private static final Logger log = LoggerFactory.getLogger(CompactionRoutes.class);
    /** Beyond this the cutoff would fall before the epoch: nothing Quire stored is that old. */
    private static final Duration MAX_AGE = Duration.ofDays(36_500);
    private final Vertx vertx;
    private final ChapterHistory history;
    private final BookRegistry books;
    private final QuireMeters meters;

    public CompactionRoutes(Vertx vertx, ChapterHistory history, BookRegistry books, QuireMeters meters) {
        this.vertx = vertx;
        this.history = history;
        this.books = books;
        this.meters = meters;
    }

    public void mount(Router router) {
        router.post("/admin/compact").handler(ctx -> Answers.json(vertx, ctx, 200, () -> {
            Identity who = Answers.identity(ctx);
            JsonNode body = Params.body(ctx);
            Duration age = olderThan(body.get("olderThan"));
            String bookId = Params.optionalText(body, "book");
            String chapterId = Params.optionalText(body, "chapter");
            if (chapterId != null && bookId == null) {
                throw ApiError.badRequest("\"chapter\" needs \"book\" too");
            }
            List<CompactionScope.Target> targets = targets(who, bookId, chapterId);
            Instant cutoff = Instant.now().minus(age);
            long startNanos = System.nanoTime();
            ObjectNode summary = summary(cutoff, targets);
            meters.compacted(summary.path("opsFolded").asLong(), summary.path("keysRemoved").asLong());
            log.atInfo().setMessage("history compacted").addKeyValue("by", who.userId())
                    .addKeyValue("book", bookId == null ? "*" : bookId).addKeyValue("cutoff", cutoff)
                    .addKeyValue("documents", targets.size()).addKeyValue("opsFolded", summary.path("opsFolded").asLong())
                    .addKeyValue("keysRemoved", summary.path("keysRemoved").asLong())
                    .addKeyValue("skipped", summary.path("skipped").size())
                    .addKeyValue("ms", (System.nanoTime() - startNanos) / 1_000_000).log();
            return summary;
        }));
    }

    private List<CompactionScope.Target> targets(Identity who, String bookId, String chapterId) {
        if (bookId == null) {
            if (!who.operator()) {
                throw new ApiError(403, "FORBIDDEN", "compacting the whole server needs the server's operator (admin); a book's owner may"
                        + " compact that book with \"book\"");
            }
            List<CompactionScope.Target> all = new ArrayList<>();
            List.copyOf(books.all()).forEach(book -> all.addAll(CompactionScope.of(book, null)));
            return all;
        }
        Guard.need(books, who, bookId, Role.OWNER, "compact its history");
        Book book = books.book(bookId).orElseThrow(() -> new ApiError(404, "NOT_FOUND", "no book \"" + bookId + "\""));
        if (chapterId != null && !CompactionScope.covers(book, chapterId)) {
            throw new ApiError(404, "NOT_FOUND", "book \"" + bookId + "\" has no chapter \"" + chapterId + "\"");
        }
        return CompactionScope.of(book, chapterId);
    }

    private ObjectNode summary(Instant cutoff, List<CompactionScope.Target> targets) {
        Compaction total = Compaction.NONE;
        ArrayNode skipped = HistoryJson.MAPPER.createArrayNode();
        for (CompactionScope.Target target : targets) {
            ChapterCompaction done = history.compact(target.key(), cutoff.toEpochMilli(), target.captured());
            total = total.plus(done.compaction());
            if (done.skipped() != null) {
                skipped.addObject().put("book", target.key().collection()).put("chapter", target.key().id())
                        .put("reason", done.skipped());
            }
        }
        ObjectNode out = HistoryJson.MAPPER.createObjectNode();
        out.put("cutoff", cutoff.toString());
        out.put("documents", targets.size());
        out.put("opsFolded", total.entriesFolded());
        out.put("entriesWritten", total.foldsWritten());
        out.put("keysRemoved", total.keysRemoved());
        out.put("bytesBefore", total.bytesBefore());
        out.put("bytesAfter", total.bytesAfter());
        out.set("skipped", skipped);
        return out;
    }

    /** An ISO-8601 duration ("P30D", "PT12H") or whole seconds; more than zero. */
    static Duration olderThan(JsonNode value) {
        Duration age;
        if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
            age = Duration.ofSeconds(value.asLong());
        } else if (value != null && value.isTextual()) {
            try {
                age = Duration.parse(value.asText());
            } catch (DateTimeParseException e) {
                throw ApiError.badRequest("olderThan must be an ISO-8601 duration such as \"P30D\" or \"PT12H\", got \""
                        + value.asText() + "\"");
            }
        } else {
            throw ApiError.badRequest("the body needs \"olderThan\": an ISO-8601 duration such as \"P30D\", or seconds");
        }
        if (age.isNegative() || age.isZero() || age.compareTo(MAX_AGE) > 0) {
            throw ApiError.badRequest("olderThan must be more than zero and at most " + MAX_AGE.toDays()
                    + " days, got " + value);
        }
        return age;
    }
}
