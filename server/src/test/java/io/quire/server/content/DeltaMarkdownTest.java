package io.quire.server.content;

import io.quire.ot.Delta;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.quire.server.content.Docs.doc;
import static org.assertj.core.api.Assertions.assertThat;

class DeltaMarkdownTest {

    @Nested
    class ToMarkdown {
        @Test
        void headingsAndParagraphs() {
            Delta d = doc().text("Title").line("header", 1).text("Body").line().text("Sub").line("header", 3).build();
            assertThat(DeltaMarkdown.toMarkdown(d)).isEqualTo("# Title\n\nBody\n\n### Sub\n");
        }

        @Test
        void inlineFormats() {
            Delta d = doc().text("Some ").text("bold", "bold", true).text(", ").text("it", "italic", true).text(", ")
                    .text("gone", "strike", true).text(", ").text("a`b", "code", true).text(" and ")
                    .text("a link", "link", "https://x.y/a_(b)").text(" ")
                    .embed("image", "https://i.example/a b.png", "alt", "cat").line().build();
            assertThat(DeltaMarkdown.toMarkdown(d)).isEqualTo(
                    "Some **bold**, *it*, ~~gone~~, ``a`b`` and [a link](https://x.y/a_\\(b\\)) ![cat](<https://i.example/a b.png>)\n");
        }

        @Test
        void boldAndItalicTogetherNest() {
            Delta d = doc().text("ab", "bold", true).text("c", "bold", true, "italic", true).line().build();
            assertThat(DeltaMarkdown.toMarkdown(d)).isEqualTo("**ab*c***\n");
        }

        @Test
        void emphasisCommonMarkCannotDelimitBecomesHtml() {
            Delta d = doc().text("a ", "bold", true).text("b").text("\"q\"", "italic", true).line().build();
            assertThat(DeltaMarkdown.toMarkdown(d)).isEqualTo("<strong>a </strong>b<em>\"q\"</em>\n");
        }

        @Test
        void markdownSyntaxInTextIsEscaped() {
            Delta d = doc().text("*not* _em_ `x` [l](u) <b> & # ~").line().text("1. not a list").line().text("- nor this").line().build();
            String md = DeltaMarkdown.toMarkdown(d);
            assertThat(md).isEqualTo("\\*not\\* \\_em\\_ \\`x\\` \\[l\\](u) \\<b\\> \\& \\# \\~\n\n1\\. not a list\n\n\\- nor this\n");
            assertThat(DeltaMarkdown.fromMarkdown(md)).isEqualTo(d);
        }

        @Test
        void edgeSpacesBecomeReferencesAndEmptyLinesBreaks() {
            Delta d = doc().text("  indented ").line().line().build();
            assertThat(DeltaMarkdown.toMarkdown(d)).isEqualTo("&#32;&#32;indented&#32;\n\n<br>\n");
        }

        @Test
        void listsNestAndNumber() {
            Delta d = doc().text("a").line("list", "ordered").text("b").line("list", "ordered")
                    .text("c").line("list", "bullet", "indent", 1).text("d").line("list", "checked", "indent", 1)
                    .text("e").line("list", "unchecked").build();
            assertThat(DeltaMarkdown.toMarkdown(d)).isEqualTo("1. a\n2. b\n   - c\n   - [x] d\n- [ ] e\n");
        }

        @Test
        void indentJumpWritesMarkersOnOneLine() {
            Delta d = doc().text("a").line("list", "bullet").text("b").line("list", "bullet", "indent", 2).build();
            assertThat(DeltaMarkdown.toMarkdown(d)).isEqualTo("- a\n  - - b\n");
        }

        @Test
        void blockquoteLinesAreParagraphs() {
            Delta d = doc().text("a").line("blockquote", true).text("b").line("blockquote", true).build();
            assertThat(DeltaMarkdown.toMarkdown(d)).isEqualTo("> a\n>\n> b\n");
        }

        @Test
        void codeFenceOutgrowsBackticksInside() {
            Delta d = doc().text("```").line("code-block", "js").text("  x").line("code-block", "js").build();
            assertThat(DeltaMarkdown.toMarkdown(d)).isEqualTo("````js\n```\n  x\n````\n");
        }

        @Test
        void whatMarkdownCannotSayIsDropped() {
            Delta d = doc().text("u", "underline", true, "color", "red", "background", "#fff", "script", "sub")
                    .embed("formula", "x^2").line("align", "center", "indent", 2).build();
            assertThat(DeltaMarkdown.toMarkdown(d)).isEqualTo("u$x^2$\n");
        }

        @Test
        void emptyDocumentIsEmptyMarkdown() {
            assertThat(DeltaMarkdown.toMarkdown(Delta.ofText("\n"))).isEmpty();
            assertThat(DeltaMarkdown.fromMarkdown(DeltaMarkdown.toMarkdown(Delta.ofText("\n")))).isEqualTo(Delta.ofText("\n"));
            assertThat(DeltaMarkdown.toMarkdown(Delta.ofText("\n\n"))).isEqualTo("<br>\n\n<br>\n");
        }

        @Test
        void headingShift() {
            Delta d = doc().text("H").line("header", 1).text("Deep").line("header", 5).build();
            assertThat(DeltaMarkdown.toMarkdown(d, 2)).isEqualTo("### H\n\n###### Deep\n");
        }
    }

    @Nested
    class FromMarkdown {
        @Test
        void blocksAndInlines() {
            Delta d = DeltaMarkdown.fromMarkdown("# Title\n\nSome **bold** and *it* and ~~gone~~ and `code`.\n\n"
                    + "> quoted\n\n```js\nlet a;\n```\n");
            assertThat(d).isEqualTo(doc().text("Title").line("header", 1)
                    .text("Some ").text("bold", "bold", true).text(" and ").text("it", "italic", true).text(" and ")
                    .text("gone", "strike", true).text(" and ").text("code", "code", true).text(".").line()
                    .text("quoted").line("blockquote", true).text("let a;").line("code-block", "js").build());
        }

        @Test
        void listsAndTaskItems() {
            Delta d = DeltaMarkdown.fromMarkdown("- a\n  - [x] b\n  - [ ] c\n1. d\n- \\[x] e\n");
            assertThat(d).isEqualTo(doc().text("a").line("list", "bullet").text("b").line("list", "checked", "indent", 1)
                    .text("c").line("list", "unchecked", "indent", 1).text("d").line("list", "ordered")
                    .text("[x] e").line("list", "bullet").build());
        }

        @Test
        void linksAndImages() {
            Delta d = DeltaMarkdown.fromMarkdown("[a](https://x.y \"title\") ![alt](https://i.example/a.png) <https://auto.link>\n");
            assertThat(d).isEqualTo(doc().text("a", "link", "https://x.y").text(" ").embed("image", "https://i.example/a.png", "alt", "alt")
                    .text(" ").text("https://auto.link", "link", "https://auto.link").line().build());
        }

        @Test
        void setextHeadingsBreaksAndSoftBreaks() {
            Delta d = DeltaMarkdown.fromMarkdown("Title\r\n=====\r\n\r\na  \r\nb\r\nc\r\n");
            assertThat(d).isEqualTo(doc().text("Title").line("header", 1).text("a\nb c\n").build());
        }

        @Test
        void rawHtmlIsSanitised() {
            Delta d = DeltaMarkdown.fromMarkdown("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)> <u>u</u>\n");
            assertThat(d).isEqualTo(doc().text("x  ").text("u", "underline", true).line().build());
        }

        @Test
        void emptyInput() {
            assertThat(DeltaMarkdown.fromMarkdown("")).isEqualTo(Delta.ofText("\n"));
            assertThat(DeltaMarkdown.fromMarkdown(null)).isEqualTo(Delta.ofText("\n"));
        }

        @Test
        void emojiAndSpecialCharacters() {
            Delta d = doc().text("😀 <&> \"q\" 👍🏽 5 * 3 = 15").line().build();
            assertThat(DeltaMarkdown.fromMarkdown(DeltaMarkdown.toMarkdown(d))).isEqualTo(d);
        }
    }
}
