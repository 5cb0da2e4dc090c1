package io.quire.server.content;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A book as the exporters ({@link BookHtml}, {@link BookMarkdown}, {@link EpubWriter}) take it.
 *
 * @param title the book's title; null is taken as ""
 * @param language a BCP 47 tag such as "en" or "pt-BR"; null or blank is taken as "und" (undetermined)
 * @param chapters in reading order
 * @param authors in credit order; null is taken as none
 * @param modified when the book last changed: EPUB's dcterms:modified, and part of its derived identifier
 */
public record ExportBook(String title, String language, List<ExportChapter> chapters, List<String> authors, Instant modified) {
    public ExportBook {
        title = title == null ? "" : title;
        language = language == null || language.isBlank() ? "und" : language.strip();
        chapters = List.copyOf(Objects.requireNonNull(chapters, "chapters"));
        authors = authors == null ? List.of() : List.copyOf(authors);
        Objects.requireNonNull(modified, "modified");
    }

    /** The title to show: "Untitled" when blank. */
    String displayTitle() {
        return title.isBlank() ? "Untitled" : title;
    }

    /** A chapter's title to show: "Chapter N" (1-based) when blank. */
    static String displayTitle(ExportChapter chapter, int index) {
        return chapter.title().isBlank() ? "Chapter " + (index + 1) : chapter.title();
    }
}
