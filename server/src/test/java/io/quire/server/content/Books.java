package io.quire.server.content;

import java.time.Instant;
import java.util.List;

import static io.quire.server.content.Docs.doc;

/** A small book for export tests: awkward titles and ids, every block kind, emoji and markup characters. */
final class Books {
    static final Instant MODIFIED = Instant.parse("2024-05-06T07:08:09.123Z");
    /** Each chapter's distinctive text, in reading order. */
    static final List<String> TEXTS = List.of("Once upon a time 😀", "Alpha text", "Beta & <b> \"q\"", "let x = 1 < 2;", "Gamma");

    private Books() {
    }

    static ExportBook sample() {
        ExportChapter intro = new ExportChapter("intro", "Intro <&> \"quoted\"", doc()
                .text("Once upon a time 😀").line()
                .text("Part A").line("header", 1)
                .text("Alpha text").line().build());
        ExportChapter untitled = new ExportChapter("intro", "", doc()
                .text("item").line("list", "bullet").text("nested").line("list", "ordered", "indent", 1)
                .text("Beta & <b> \"q\"", "bold", true).line("blockquote", true).build());
        ExportChapter ending = new ExportChapter("x/y \"z\"", "Ending", doc()
                .text("let x = 1 < 2;").line("code-block", "js")
                .embed("image", "https://images.example/cover.png", "alt", "Cover").line()
                .text("Gamma").line("header", 2).build());
        return new ExportBook("A Book: <Tales> & \"More\"", "en", List.of(intro, untitled, ending),
                List.of("Ada Lovelace", "Émile <Zola>"), MODIFIED);
    }
}
