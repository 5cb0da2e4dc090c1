package io.quire.server.content;

/**
 * A book as one CommonMark file: {@code # title}, the authors on a line of their own, then per chapter
 * {@code ## chapter title} and the chapter as {@link DeltaMarkdown#toMarkdown} writes it, its headings shifted
 * down two levels so they nest under the chapter title (levels past 6 stay 6). Images stay remote URLs.
 */
public final class BookMarkdown {
    private BookMarkdown() {
    }

    public static String write(ExportBook book) {
        StringBuilder md = new StringBuilder(4096);
        md.append("# ").append(MarkdownInline.plain(book.displayTitle())).append("\n\n");
        if (!book.authors().isEmpty()) {
            md.append(MarkdownInline.plain(String.join(", ", book.authors()))).append("\n\n");
        }
        for (int i = 0; i < book.chapters().size(); i++) {
            ExportChapter chapter = book.chapters().get(i);
            md.append("## ").append(MarkdownInline.plain(ExportBook.displayTitle(chapter, i))).append("\n\n");
            String content = DeltaMarkdown.toMarkdown(chapter.content(), 2);
            if (!content.isEmpty()) {
                md.append(content).append('\n');
            }
        }
        return md.toString().stripTrailing() + "\n";
    }
}
