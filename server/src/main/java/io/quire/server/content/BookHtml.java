package io.quire.server.content;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A book as one standalone HTML5 page: {@code <title>}, an inline stylesheet, a header with the title and authors,
 * a table of contents ({@code <nav class="toc">}) linking to each chapter, and each chapter as
 * {@code <section class="chapter" id="chapter-…">} with its title as {@code <h2>} and its content as
 * {@link DeltaHtml#toHtml} writes it, headings shifted down two levels to nest under the chapter title.
 * Images stay remote URLs: the page needs the network to show them.
 */
public final class BookHtml {
    private BookHtml() {
    }

    public static String write(ExportBook book) {
        String lang = Markup.attribute(book.language(), false);
        String title = Markup.text(book.displayTitle(), false);
        List<String> anchors = anchors(book.chapters());
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"").append(lang).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(title).append("</title>\n");
        if (!book.authors().isEmpty()) {
            html.append("<meta name=\"author\" content=\"").append(Markup.attribute(String.join(", ", book.authors()), false)).append("\">\n");
        }
        html.append("<style>\n").append(BookStyle.CSS).append("</style>\n</head>\n<body>\n<header>\n<h1>").append(title).append("</h1>\n");
        if (!book.authors().isEmpty()) {
            html.append("<p class=\"authors\">").append(Markup.text(String.join(", ", book.authors()), false)).append("</p>\n");
        }
        html.append("</header>\n<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n");
        for (int i = 0; i < book.chapters().size(); i++) {
            html.append("<li><a href=\"#").append(anchors.get(i)).append("\">")
                    .append(Markup.text(ExportBook.displayTitle(book.chapters().get(i), i), false)).append("</a></li>\n");
        }
        html.append("</ol>\n</nav>\n<main>\n");
        for (int i = 0; i < book.chapters().size(); i++) {
            ExportChapter chapter = book.chapters().get(i);
            html.append("<section class=\"chapter\" id=\"").append(anchors.get(i)).append("\">\n<h2>")
                    .append(Markup.text(ExportBook.displayTitle(chapter, i), false)).append("</h2>\n")
                    .append(DeltaHtml.write(chapter.content(), false, 2))
                    .append("</section>\n");
        }
        return html.append("</main>\n</body>\n</html>\n").toString();
    }

    /**
     * One id per chapter, "chapter-" and the chapter's id with anything but letters, digits, '-' and '_' replaced,
     * made unique with a numeric suffix: chapter ids come from users and must not break the attribute or collide.
     */
    static List<String> anchors(List<ExportChapter> chapters) {
        Set<String> used = new HashSet<>();
        String[] anchors = new String[chapters.size()];
        for (int i = 0; i < chapters.size(); i++) {
            String id = chapters.get(i).id().replaceAll("[^A-Za-z0-9_-]", "-");
            String base = "chapter-" + (id.isEmpty() ? String.valueOf(i + 1) : id);
            String anchor = base;
            for (int n = 2; !used.add(anchor); n++) {
                anchor = base + "-" + n;
            }
            anchors[i] = anchor;
        }
        return List.of(anchors);
    }
}
