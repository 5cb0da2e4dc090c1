package io.quire.server.content;

import io.quire.ot.Delta;
import io.quire.ot.Op;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.quire.server.content.Docs.doc;
import static org.assertj.core.api.Assertions.assertThat;

class BookExportTest {
    private static final List<String> TITLES = List.of("Intro <&> \"quoted\"", "Chapter 2", "Ending");

    /** Asserts each text occurs in {@code haystack} after the one before it. */
    static void assertInOrder(String haystack, List<String> texts) {
        int from = 0;
        for (String text : texts) {
            int at = haystack.indexOf(text, from);
            assertThat(at).as("'%s' after index %d in%n%s", text, from, haystack).isGreaterThanOrEqualTo(0);
            from = at + text.length();
        }
    }

    @Nested
    class Html {
        private final String html = BookHtml.write(Books.sample());
        private final Document page = Jsoup.parse(html);

        @Test
        void standalonePageWithTitleStyleAndLanguage() {
            assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"en\">");
            assertThat(page.title()).isEqualTo("A Book: <Tales> & \"More\"");
            assertThat(html).contains("<title>A Book: &lt;Tales&gt; &amp; \"More\"</title>");
            assertThat(page.selectFirst("head style").data()).contains("blockquote");
            assertThat(page.selectFirst("meta[name=author]").attr("content")).isEqualTo("Ada Lovelace, Émile <Zola>");
            assertThat(page.selectFirst("header h1").text()).isEqualTo("A Book: <Tales> & \"More\"");
        }

        @Test
        void tableOfContentsLinksToEverySectionInOrder() {
            List<String> linkTexts = new ArrayList<>();
            List<String> targets = new ArrayList<>();
            for (Element a : page.select("nav.toc a")) {
                linkTexts.add(a.text());
                targets.add(a.attr("href"));
            }
            List<String> sectionIds = page.select("section.chapter").eachAttr("id");
            assertThat(linkTexts).isEqualTo(TITLES);
            assertThat(targets).isEqualTo(sectionIds.stream().map(id -> "#" + id).toList());
            assertThat(sectionIds).doesNotHaveDuplicates().allMatch(id -> id.matches("chapter-[A-Za-z0-9_-]+"));
            assertThat(sectionIds).containsExactly("chapter-intro", "chapter-intro-2", "chapter-x-y--z-");
            assertThat(page.select("section.chapter > h2").eachText()).isEqualTo(TITLES);
        }

        @Test
        void everyChapterTextInOrderWithHeadingsNestedUnderTheChapter() {
            assertInOrder(page.body().wholeText(), Books.TEXTS);
            assertThat(page.select("section#chapter-intro h3").text()).isEqualTo("Part A");
            assertThat(page.select("section#chapter-x-y--z- h4").text()).isEqualTo("Gamma");
            assertThat(page.select("section#chapter-intro-2 blockquote strong").text()).isEqualTo("Beta & <b> \"q\"");
            assertThat(page.select("section#chapter-x-y--z- pre").attr("data-language")).isEqualTo("js");
            assertThat(page.select("section#chapter-x-y--z- img").attr("src")).isEqualTo("https://images.example/cover.png");
        }

        @Test
        void bookWithoutTitleAuthorsOrChapters() {
            ExportBook empty = new ExportBook(null, null, List.of(), null, Instant.EPOCH);
            Document emptyPage = Jsoup.parse(BookHtml.write(empty));
            assertThat(emptyPage.title()).isEqualTo("Untitled");
            assertThat(emptyPage.select("html").attr("lang")).isEqualTo("und");
            assertThat(emptyPage.select("section")).isEmpty();
        }
    }

    @Nested
    class Markdown {
        private final String md = BookMarkdown.write(Books.sample());

        @Test
        void titleThenAChapterHeadingPerChapter() {
            assertThat(md).startsWith("# A Book: \\<Tales\\> \\& \"More\"\n\nAda Lovelace, Émile \\<Zola\\>\n\n## Intro");
            Delta parsed = DeltaMarkdown.fromMarkdown(md);
            assertThat(headings(parsed, 1)).containsExactly("A Book: <Tales> & \"More\"");
            assertThat(headings(parsed, 2)).isEqualTo(TITLES);
        }

        @Test
        void chapterHeadingsShiftDownTwoLevels() {
            Delta parsed = DeltaMarkdown.fromMarkdown(md);
            assertThat(headings(parsed, 3)).containsExactly("Part A");
            assertThat(headings(parsed, 4)).containsExactly("Gamma");
        }

        @Test
        void everyChapterTextInOrder() {
            assertInOrder(DeltaText.toText(DeltaMarkdown.fromMarkdown(md)), Books.TEXTS);
            assertThat(md).contains("```js\nlet x = 1 < 2;\n```").contains("![Cover](https://images.example/cover.png)");
        }

        @Test
        void chaptersKeepTheirContentWhenReadBack() {
            ExportBook book = new ExportBook("T", "en", List.of(new ExportChapter("1", "One",
                    doc().text("a", "bold", true).line("list", "checked").text("b").line("blockquote", true).build())), List.of(), Books.MODIFIED);
            assertThat(DeltaMarkdown.fromMarkdown(BookMarkdown.write(book))).isEqualTo(doc()
                    .text("T").line("header", 1).text("One").line("header", 2)
                    .text("a", "bold", true).line("list", "checked").text("b").line("blockquote", true).build());
        }

        /** The text of each line with the given header level, in order. */
        private static List<String> headings(Delta document, int level) {
            List<String> headings = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (Op op : document.ops()) {
                Op.Insert insert = (Op.Insert) op;
                if (!insert.isText()) {
                    continue;
                }
                String text = insert.text();
                for (int i = 0; i < text.length(); i++) {
                    if (text.charAt(i) != '\n') {
                        line.append(text.charAt(i));
                        continue;
                    }
                    if (Long.valueOf(level).equals(insert.attributes().get("header"))) {
                        headings.add(line.toString());
                    }
                    line.setLength(0);
                }
            }
            return headings;
        }
    }
}
