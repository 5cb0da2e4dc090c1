package io.quire.server.content;

import io.quire.ot.Delta;
import org.junit.jupiter.api.Test;

import static io.quire.server.content.Docs.doc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeltaTextTest {

    @Test
    void toTextKeepsStringsAndDropsEmbedsAndFormats() {
        Delta d = doc().text("Hello ").text("world", "bold", true).embed("image", "https://i.example/a.png")
                .text("!").line("header", 1).text("😀 <&>").line().build();
        assertThat(DeltaText.toText(d)).isEqualTo("Hello world!\n😀 <&>\n");
    }

    @Test
    void fromTextNormalisesLineEndingsAndEndsWithNewline() {
        assertThat(DeltaText.fromText("a\r\nb\rc")).isEqualTo(Delta.ofText("a\nb\nc\n"));
        assertThat(DeltaText.fromText("abc\n")).isEqualTo(Delta.ofText("abc\n"));
        assertThat(DeltaText.fromText("")).isEqualTo(Delta.ofText("\n"));
        assertThat(DeltaText.fromText(null)).isEqualTo(Delta.ofText("\n"));
        assertThat(DeltaText.fromText("\r\n\r\n")).isEqualTo(Delta.ofText("\n\n"));
    }

    @Test
    void surrogatePairsSurvive() {
        String text = "👍🏽 family: 👨‍👩‍👧\n";
        assertThat(DeltaText.toText(DeltaText.fromText(text))).isEqualTo(text);
        assertThat(DeltaText.fromText(text).length()).isEqualTo(text.length());
    }

    @Test
    void aChangeIsRejected() {
        assertThatThrownBy(() -> DeltaText.toText(Delta.builder().retain(1).build())).isInstanceOf(IllegalArgumentException.class);
    }
}
