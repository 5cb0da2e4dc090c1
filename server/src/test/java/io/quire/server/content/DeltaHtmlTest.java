package io.quire.server.content;

import io.quire.ot.Delta;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.quire.server.content.Docs.doc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeltaHtmlTest {

    @Nested
    class ToHtml {
        @Test
        void paragraphAndEmptyLine() {
            assertThat(DeltaHtml.toHtml(doc().text("Hello").line().line().build())).isEqualTo("<p>Hello</p>\n<p><br></p>\n");
        }

        @Test
        void emptyDocumentIsOneEmptyParagraph() {
            assertThat(DeltaHtml.toHtml(Delta.ofText("\n"))).isEqualTo("<p><br></p>\n");
        }

        @Test
        void headersWithAlignAndIndentClasses() {
            Delta d = doc().text("Title").line("header", 1).text("Sub").line("header", 6, "align", "center", "indent", 2).build();
            assertThat(DeltaHtml.toHtml(d)).isEqualTo("<h1>Title</h1>\n<h6 class=\"ql-align-center ql-indent-2\">Sub</h6>\n");
        }

        @Test
        void eachInlineFormat() {
            Delta d = doc().text("b", "bold", true).text("i", "italic", true).text("u", "underline", true)
                    .text("s", "strike", true).text("c", "code", true).text("l", "link", "https://x.y/?a=1&b=\"2\"")
                    .text("r", "color", "#ff0000", "background", "yellow").text("2", "script", "sub").text("3", "script", "super")
                    .line().build();
            assertThat(DeltaHtml.toHtml(d)).isEqualTo("<p><strong>b</strong><em>i</em><u>u</u><s>s</s><code>c</code>"
                    + "<a href=\"https://x.y/?a=1&amp;b=&quot;2&quot;\">l</a>"
                    + "<span style=\"color: #ff0000; background-color: yellow\">r</span><sub>2</sub><sup>3</sup></p>\n");
        }

        @Test
        void nestedFormatsShareOuterTags() {
            Delta d = doc().text("a", "link", "/x", "bold", true).text("b", "link", "/x", "bold", true, "italic", true).line().build();
            assertThat(DeltaHtml.toHtml(d)).isEqualTo("<p><a href=\"/x\"><strong>a</strong><em><strong>b</strong></em></a></p>\n");
        }

        @Test
        void textIsEscaped() {
            Delta d = doc().text("<script>alert(\"x\") & 'y'</script>\u00A0😀").line().build();
            assertThat(DeltaHtml.toHtml(d)).isEqualTo("<p>&lt;script&gt;alert(\"x\") &amp; 'y'&lt;/script&gt;&nbsp;😀</p>\n");
        }

        @Test
        void listsNestByIndent() {
            Delta d = doc().text("a").line("list", "bullet").text("b").line("list", "bullet", "indent", 1)
                    .text("c").line("list", "bullet").build();
            assertThat(DeltaHtml.toHtml(d)).isEqualTo("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>\n");
        }

        @Test
        void listTypeChangeStartsNewList() {
            Delta d = doc().text("a").line("list", "ordered").text("b").line("list", "ordered")
                    .text("c").line("list", "bullet").build();
            assertThat(DeltaHtml.toHtml(d)).isEqualTo("<ol><li>a</li><li>b</li></ol><ul><li>c</li></ul>\n");
        }

        @Test
        void indentJumpOpensItemsWithoutContent() {
            Delta d = doc().text("a").line("list", "bullet").text("b").line("list", "bullet", "indent", 2).build();
            assertThat(DeltaHtml.toHtml(d)).isEqualTo("<ul><li>a<ul><li><ul><li>b</li></ul></li></ul></li></ul>\n");
        }

        @Test
        void checklistItemsCarryDataList() {
            Delta d = doc().text("done").line("list", "checked").text("todo").line("list", "unchecked").line("list", "unchecked").build();
            assertThat(DeltaHtml.toHtml(d)).isEqualTo("<ul><li data-list=\"checked\">done</li></ul>"
                    + "<ul><li data-list=\"unchecked\">todo</li><li data-list=\"unchecked\"><br></li></ul>\n");
        }

        @Test
        void consecutiveBlockquoteLinesShareOneQuote() {
            Delta d = doc().text("a").line("blockquote", true).line("blockquote", true).text("b").line().build();
            assertThat(DeltaHtml.toHtml(d)).isEqualTo("<blockquote><p>a</p><p><br></p></blockquote>\n<p>b</p>\n");
        }

        @Test
        void consecutiveCodeLinesShareOnePre() {
            Delta d = doc().text("if (a < b) {").line("code-block", "js").text("}").line("code-block", "js")
                    .text("plain").line("code-block", true).build();
            assertThat(DeltaHtml.toHtml(d)).isEqualTo("<pre data-language=\"js\">\nif (a &lt; b) {\n}\n</pre>\n<pre>\nplain\n</pre>\n");
        }

        @Test
        void embeds() {
            Delta d = doc().embed("video", "https://v.example/1").text("x").embed("image", "https://i.example/a.png", "alt", "A \"cat\"")
                    .embed("formula", "a<b").line().build();
            assertThat(DeltaHtml.toHtml(d)).isEqualTo(
                    "<iframe class=\"ql-video\" frameborder=\"0\" allowfullscreen=\"true\" src=\"https://v.example/1\"></iframe>\n"
                            + "<p>x<img src=\"https://i.example/a.png\" alt=\"A &quot;cat&quot;\">"
                            + "<span class=\"ql-formula\" data-value=\"a&lt;b\">a&lt;b</span></p>\n");
        }

        @Test
        void unknownAndUnsafeFormatsAreLeftOut() {
            Delta d = doc().text("a", "font", "serif", "author", "u1", "link", "javascript:alert(1)", "color", "red;position:fixed")
                    .embed("divider", "x").embed("image", "javascript:alert(1)").line("header", 9, "list", "sideways").build();
            assertThat(DeltaHtml.toHtml(d)).isEqualTo("<p>a</p>\n");
        }

        @Test
        void aChangeIsRejected() {
            assertThatThrownBy(() -> DeltaHtml.toHtml(Delta.builder().retain(3).insert("x").build()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class FromHtml {
        @Test
        void paragraphsAndLineBreaks() {
            assertThat(DeltaHtml.fromHtml("<p>a<br>b</p><p><br></p><p>c<br></p>"))
                    .isEqualTo(doc().text("a\nb\n\nc\n").build());
        }

        @Test
        void emptyAndPlainInput() {
            assertThat(DeltaHtml.fromHtml("")).isEqualTo(Delta.ofText("\n"));
            assertThat(DeltaHtml.fromHtml(null)).isEqualTo(Delta.ofText("\n"));
            assertThat(DeltaHtml.fromHtml("just text")).isEqualTo(Delta.ofText("just text\n"));
        }

        @Test
        void pastedTagsAndStyles() {
            Delta d = DeltaHtml.fromHtml("<p><b>b</b><i>i</i><ins>u</ins><del>s</del><kbd>k</kbd>"
                    + "<span style=\"color: rgb(1, 2, 3); background-color: #fff; font-weight: 700; font-style: italic\">x</span>"
                    + "<b style=\"font-weight:normal\">n</b><font color=\"blue\">f</font></p>");
            assertThat(d).isEqualTo(doc().text("b", "bold", true).text("i", "italic", true).text("u", "underline", true)
                    .text("s", "strike", true).text("k", "code", true)
                    .text("x", "color", "rgb(1, 2, 3)", "background", "#fff", "bold", true, "italic", true)
                    .text("n").text("f", "color", "blue").line().build());
        }

        @Test
        void sourceFormattingWhitespaceCollapses() {
            Delta d = DeltaHtml.fromHtml("<div>\n  <p>\n    Hello\n    <b>world</b>\n  </p>\n  <p>a  b\t c</p>\n</div>\n");
            assertThat(d).isEqualTo(doc().text("Hello ").text("world", "bold", true).line().text("a  b\t c").line().build());
        }

        @Test
        void quill1FlatListsAndQuill2DataList() {
            Delta d = DeltaHtml.fromHtml("<ol><li>a</li><li class=\"ql-indent-1\">b</li></ol>"
                    + "<ol><li data-list=\"bullet\">c</li><li data-list=\"checked\">d</li></ol><ul data-checked=\"false\"><li>e</li></ul>");
            assertThat(d).isEqualTo(doc().text("a").line("list", "ordered").text("b").line("list", "ordered", "indent", 1)
                    .text("c").line("list", "bullet").text("d").line("list", "checked").text("e").line("list", "unchecked").build());
        }

        @Test
        void looseListsAndTaskCheckboxes() {
            Delta d = DeltaHtml.fromHtml("<ul>\n<li><p>a</p>\n<ul><li><input type=\"checkbox\" checked> b</li></ul></li>\n</ul>");
            assertThat(d).isEqualTo(doc().text("a").line("list", "bullet").text(" b").line("list", "checked", "indent", 1).build());
        }

        @Test
        void commonMarkCodeBlock() {
            Delta d = DeltaHtml.fromHtml("<pre><code class=\"language-python\">def f():\n    return 1\n</code></pre>");
            assertThat(d).isEqualTo(doc().text("def f():").line("code-block", "python").text("    return 1").line("code-block", "python").build());
        }

        @Test
        void preKeepsAFirstEmptyLine() {
            Delta d = doc().line("code-block", true).text("x").line("code-block", true).build();
            assertThat(DeltaHtml.fromHtml(DeltaHtml.toHtml(d))).isEqualTo(d);
        }

        @Test
        void wholePageHeadIsIgnored() {
            Delta d = DeltaHtml.fromHtml("<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head><body><h2>H</h2></body></html>");
            assertThat(d).isEqualTo(doc().text("H").line("header", 2).build());
        }

        @Test
        void unknownTagsKeepTheirText() {
            Delta d = DeltaHtml.fromHtml("<custom-tag>a<mark>b</mark></custom-tag><table><tr><td>c</td><td>d</td></tr></table>");
            assertThat(d).isEqualTo(Delta.ofText("ab\nc\nd\n"));
        }

        @Test
        void entitiesEmojiAndNoBreakSpaces() {
            assertThat(DeltaHtml.fromHtml("<p>&lt;&amp;&gt;&quot;&nbsp;&#128512;👍🏽</p>")).isEqualTo(Delta.ofText("<&>\"\u00A0😀👍🏽\n"));
        }

        @Test
        void blockVideoThenLine() {
            Delta d = DeltaHtml.fromHtml("<iframe src=\"https://v.example/1\"></iframe><p>b</p><p>c<iframe src=\"https://v.example/2\"></iframe></p>");
            assertThat(d).isEqualTo(doc().embed("video", "https://v.example/1").text("b").line().text("c").embed("video", "https://v.example/2").line().build());
        }

        @Test
        void deepNestingDoesNotOverflowTheStack() {
            String html = "<div>".repeat(20_000) + "deep" + "</div>".repeat(20_000) + "<span>".repeat(20_000) + "x";
            Delta d = DeltaHtml.fromHtml(html);
            assertThat(DeltaText.toText(d)).contains("deep").contains("x");
        }
    }

    @Nested
    class Sanitising {
        @Test
        void scriptsStylesAndTheirContentAreDropped() {
            Delta d = DeltaHtml.fromHtml("<p>a<script>alert(1)</script><style>p{color:red}</style>b</p>"
                    + "<svg><script>alert(2)</script></svg><noscript>n</noscript><template>t</template><textarea>x</textarea>");
            assertThat(d).isEqualTo(Delta.ofText("ab\n"));
        }

        @Test
        void dangerousLinksLoseTheLinkButKeepTheText() {
            for (String href : new String[] {"javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
                    " javascript:alert(1)", "&#106;avascript:alert(1)", "vbscript:x", "data:text/html,<script>x</script>", "file:///etc/passwd"}) {
                assertThat(DeltaHtml.fromHtml("<a href=\"" + href + "\">x</a>")).as(href).isEqualTo(Delta.ofText("x\n"));
            }
        }

        @Test
        void safeLinksAreKept() {
            for (String href : new String[] {"https://a.b/c?d=1&e=2", "http://a.b", "mailto:x@y.z", "/rel", "#top", "../up", "page.html"}) {
                assertThat(DeltaHtml.fromHtml("<a href=\"" + href.replace("&", "&amp;") + "\">x</a>"))
                        .as(href).isEqualTo(doc().text("x", "link", href).line().build());
            }
        }

        @Test
        void eventHandlersAndOtherAttributesAreDropped() {
            Delta d = DeltaHtml.fromHtml("<p onclick=\"alert(1)\" id=\"i\" data-x=\"y\"><img src=\"https://i.example/a.png\" onerror=\"alert(1)\" width=\"5\">"
                    + "<b onmouseover=\"alert(1)\">b</b></p>");
            assertThat(d).isEqualTo(doc().embed("image", "https://i.example/a.png").text("b", "bold", true).line().build());
            assertThat(DeltaHtml.toHtml(d)).doesNotContain("onerror").doesNotContain("onclick").doesNotContain("onmouseover").doesNotContain("width");
        }

        @Test
        void onlyWebAndDataImagesAndWebVideos() {
            Delta d = DeltaHtml.fromHtml("<img src=\"javascript:alert(1)\"><img src=\"rel.png\"><img src=\"data:text/html;base64,PHNjcmlwdD4=\">"
                    + "<img src=\"data:image/png;base64,AAAA\"><iframe src=\"javascript:alert(1)\"></iframe><iframe src=\"data:text/html,x\"></iframe>");
            assertThat(d).isEqualTo(doc().embed("image", "data:image/png;base64,AAAA").line().build());
        }

        @Test
        void stylesOnlyYieldSafeColours() {
            Delta d = DeltaHtml.fromHtml("<span style=\"color: red; position: fixed; background: url(javascript:alert(1))\">a</span>"
                    + "<span style=\"color: expression(alert(1))\">b</span>");
            assertThat(d).isEqualTo(doc().text("a", "color", "red").text("b").line().build());
        }

        @Test
        void hostileHtmlComesBackClean() {
            String hostile = "<p><a href=\"javascript:alert(1)\" onclick=\"x()\">a</a><img src=x onerror=alert(1)>"
                    + "<iframe src=\"javascript:alert(1)\"></iframe><script>alert(1)</script></p><object data=\"x\"></object>";
            String html = DeltaHtml.toHtml(DeltaHtml.fromHtml(hostile));
            assertThat(html).isEqualTo("<p>a</p>\n").doesNotContain("script").doesNotContain("onerror");
        }
    }
}
