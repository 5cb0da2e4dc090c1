package io.quire.ot;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentRopeTest {
    private static final AttributeMap BOLD = AttributeMap.of("bold", true);

    @Test
    void typingIntoALongChapterMatchesCompose() {
        Random random = new Random(1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        Delta expected = Delta.ofText(text.toString());
        DocumentRope rope = new DocumentRope(expected);
        for (int i = 0; i < 2_000; i++) {
            int at = random.nextInt(expected.length());
            Delta keystroke = switch (i % 4) {
                case 0 -> Delta.builder().retain(at).insert("x").build();
                case 1 -> Delta.builder().retain(at).delete(1).build();
                case 2 -> Delta.builder().retain(at).insert("pasted paragraph\n".repeat(100), BOLD).build();
                default -> Delta.builder().retain(at).retain(Math.min(500, expected.length() - at), BOLD).build();
            };
            expected = expected.compose(keystroke);
            rope.apply(keystroke);
        }
        assertThat(rope.length()).isEqualTo(expected.length());
        assertThat(rope.toDelta()).isEqualTo(expected);
    }

    @Test
    void keepsEmbedsAndFormatsApart() {
        Embed image = Embed.of("image", "a.png");
        DocumentRope rope = new DocumentRope(Delta.ofText("ab"));
        rope.apply(Delta.builder().retain(1).insert(image, BOLD).build());
        rope.apply(Delta.builder().retain(3).insert("c", BOLD).build());
        assertThat(rope.toDelta()).isEqualTo(Delta.builder().insert("a").insert(image, BOLD).insert("b").insert("c", BOLD).build());
        assertThat(rope.plainText()).isEqualTo("a\uFFFCbc");
    }

    @Test
    void refusesAChangePastTheEndAndStaysAsItWas() {
        DocumentRope rope = new DocumentRope(Delta.ofText("Hello"));
        assertThatThrownBy(() -> rope.apply(Delta.builder().insert("x").retain(3).delete(3).build()))
                .isInstanceOf(InvalidDeltaException.class)
                .hasMessage("op 2: delete 3 at position 3 exceeds document length 5 (expected: <= 2)");
        assertThat(rope.toDelta()).isEqualTo(Delta.ofText("Hello"));
    }

    @Test
    void emptiesAndRefills() {
        DocumentRope rope = new DocumentRope(Delta.ofText("x".repeat(5000)), 64);
        rope.apply(Delta.builder().delete(5000).build());
        assertThat(rope.length()).isZero();
        assertThat(rope.toDelta()).isEqualTo(Delta.EMPTY);
        rope.apply(Delta.builder().insert("again").build());
        assertThat(rope.plainText()).isEqualTo("again");
    }

    @Test
    void refusesAChangeAsItsStartingDocument() {
        assertThatThrownBy(() -> new DocumentRope(Delta.builder().retain(1).build())).isInstanceOf(InvalidDeltaException.class);
    }
}
