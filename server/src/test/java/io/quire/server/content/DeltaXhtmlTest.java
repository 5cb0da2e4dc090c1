package io.quire.server.content;

import io.quire.ot.Delta;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.Random;

import static io.quire.server.content.Docs.doc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class DeltaXhtmlTest {

    @Test
    void voidElementsAreSelfClosedAndImagesHaveAlt() {
        Delta d = doc().embed("image", "https://i.example/a.png").line().line().build();
        assertThat(DeltaHtml.toXhtml(d)).isEqualTo("<p><img src=\"https://i.example/a.png\" alt=\"\"/></p>\n<p><br/></p>\n");
    }

    @Test
    void videoIsALinkAndNoBreakSpaceANumericReference() {
        Delta d = doc().embed("video", "https://v.example/1?a=1&b=2").text("a\u00A0b").line().build();
        assertThat(DeltaHtml.toXhtml(d)).isEqualTo(
                "<p class=\"ql-video\"><a class=\"ql-video\" href=\"https://v.example/1?a=1&amp;b=2\">https://v.example/1?a=1&amp;b=2</a></p>\n"
                        + "<p>a&#160;b</p>\n");
    }

    @Test
    void codeBlockHasNoLeadingNewline() {
        Delta d = doc().text("x < 1").line("code-block", true).build();
        assertThat(DeltaHtml.toXhtml(d)).isEqualTo("<pre>x &lt; 1\n</pre>\n");
    }

    @Test
    void charactersXmlForbidsAreDroppedAndPairsKept() throws Exception {
        Delta d = doc().text("a\u0001b\u0008c\uFFFFd\uD800e😀f\u000Bg").line().build();
        String xhtml = DeltaHtml.toXhtml(d);
        assertThat(xhtml).isEqualTo("<p>abcde😀fg</p>\n");
        XmlFiles.parseFragment(xhtml);
    }

    @Test
    void everyRandomDocumentIsWellFormedXml() {
        for (int seed = 0; seed < DeltaHtmlRoundTripTest.ITERATIONS; seed++) {
            Delta document = RandomDocuments.document(new Random(seed), RandomDocuments.Profile.HTML);
            String xhtml = DeltaHtml.toXhtml(document);
            try {
                Document parsed = XmlFiles.parseFragment(xhtml);
                // Video links and formulas show their URL or source as text; the document's text has neither.
                for (String tag : new String[] {"a", "span"}) {
                    for (Element e : XmlFiles.elements(parsed, XmlFiles.XHTML, tag)) {
                        if (e.getAttribute("class").matches("ql-video|ql-formula")) {
                            e.getParentNode().removeChild(e);
                        }
                    }
                }
                assertThat(parsed.getDocumentElement().getTextContent().replace("\n", ""))
                        .as("seed %d", seed)
                        .isEqualTo(DeltaText.toText(document).replace("\n", ""));
            } catch (Exception e) {
                fail("seed %d: %s%n%s", seed, e, xhtml);
            }
        }
    }
}
