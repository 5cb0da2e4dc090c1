package io.quire.server.books;

import io.quire.server.auth.Identity;
import io.quire.server.auth.Role;
import io.quire.server.storage.Snapshot;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Named versions of whole books: a label records every chapter's version (and title and place) at one moment;
 * the book can be read as it was then, and brought back to it. Restoring writes new ops, so history is never
 * rewritten and the restore itself can be undone.
 */
public final class BookVersions {
    private final BookService books;
    private final Clock clock;

    public BookVersions(BookService books, Clock clock) {
        this.books = books;
        this.clock = clock;
    }

    /** Labels the book as it is now. */
    public BookLabel create(Identity who, String bookId, String name) {
        Book book = books.require(who, bookId, Role.EDITOR, "label versions");
        String labelName = labelName(name);
        if (book.label(labelName).isPresent()) {
            throw BookException.conflict("book \"" + bookId + "\" already has a version labelled \"" + labelName + "\"");
        }
        List<BookLabel.LabelledChapter> chapters = new ArrayList<>();
        for (Chapter chapter : book.chapters()) {
            Snapshot head = books.chapterDocs().head(bookId, chapter.id());
            chapters.add(new BookLabel.LabelledChapter(chapter.id(), chapter.title(), head.version()));
        }
        BookLabel label = new BookLabel(labelName, chapters, who.userId(), clock.millis());
        books.registry().update(bookId, b -> {
            if (b.label(labelName).isPresent()) {
                throw BookException.conflict("book \"" + bookId + "\" already has a version labelled \"" + labelName + "\"");
            }
            return b.withLabels(Book.plus(b.labels(), label));
        });
        return label;
    }

    public List<BookLabel> list(Identity who, String bookId) {
        return books.require(who, bookId, Role.VIEWER, "see versions").labels();
    }

    public BookLabel get(Identity who, String bookId, String name) {
        return labelOf(books.require(who, bookId, Role.VIEWER, "see versions"), name);
    }

    public void delete(Identity who, String bookId, String name) {
        books.require(who, bookId, Role.EDITOR, "delete labels");
        books.registry().update(bookId, book -> {
            labelOf(book, name);
            return book.withLabels(Book.minus(book.labels(), l -> l.name().equals(name)));
        });
    }

    /** One chapter of a labelled version, with its text then. */
    public record ChapterThen(String id, String title, long version, Snapshot snapshot) {
    }

    /** The book as the label saw it: its chapters in their order then, each with its text then. */
    public List<ChapterThen> read(Identity who, String bookId, String name) {
        BookLabel label = get(who, bookId, name);
        List<ChapterThen> out = new ArrayList<>();
        for (BookLabel.LabelledChapter chapter : label.chapters()) {
            out.add(new ChapterThen(chapter.id(), chapter.title(), chapter.version(),
                    books.chapterDocs().at(bookId, chapter.id(), chapter.version())));
        }
        return out;
    }

    /** What a restore did to each chapter. */
    public record Restored(List<String> restored, List<String> recreated, List<String> kept) {
    }

    /**
     * Brings every labelled chapter back to its text, title and place then; chapters deleted since are created
     * again. Chapters added after the label are kept, after the others: a restore never throws work away.
     */
    public Restored restore(Identity who, String bookId, String name) {
        Book book = books.require(who, bookId, Role.EDITOR, "restore versions");
        BookLabel label = labelOf(book, name);
        ChapterDocs docs = books.chapterDocs();
        List<String> restored = new ArrayList<>();
        List<String> recreated = new ArrayList<>();
        for (BookLabel.LabelledChapter chapter : label.chapters()) {
            Snapshot then = docs.at(bookId, chapter.id(), chapter.version());
            if (!then.exists()) {
                continue; // labelled while not yet created: nothing to bring back
            }
            Snapshot now = docs.head(bookId, chapter.id());
            docs.replace(bookId, chapter.id(), then.content(), who.userId());
            (now.exists() ? restored : recreated).add(chapter.id());
        }
        Set<String> labelled = label.chapters().stream().map(BookLabel.LabelledChapter::id).collect(Collectors.toSet());
        List<String> kept = new ArrayList<>();
        books.registry().update(bookId, b -> {
            List<Chapter> order = new ArrayList<>();
            for (BookLabel.LabelledChapter chapter : label.chapters()) {
                long created = b.chapter(chapter.id()).map(Chapter::createdAt).orElse(clock.millis());
                order.add(new Chapter(chapter.id(), chapter.title(), created));
            }
            for (Chapter chapter : b.chapters()) {
                if (!labelled.contains(chapter.id())) {
                    order.add(chapter);
                    kept.add(chapter.id());
                }
            }
            return b.withChapters(order);
        });
        return new Restored(restored, recreated, kept);
    }

    private static BookLabel labelOf(Book book, String name) {
        return book.label(name).orElseThrow(() ->
                BookException.notFound("book \"" + book.id() + "\" has no version labelled \"" + name + "\""));
    }

    private static String labelName(String name) {
        String checked = BookService.title(name);
        if (checked.contains("/")) {
            throw BookException.badRequest("a label must not contain '/', got \"" + checked + "\"");
        }
        return checked;
    }
}
