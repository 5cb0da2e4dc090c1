package io.quire.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The frames the outbox writes, read back by Netty's own decoder as a browser's would read them. */
class TextFramesTest {

    @ParameterizedTest(name = "{0} characters")
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 200_000})
    void everyLengthEncodingReadsBackAsTheText(int length) {
        String text = "a".repeat(length);
        assertThat(readBack(text)).containsExactly(text);
    }

    @Test
    void theLengthCountsBytesNotCharacters() {
        // 42 characters but 126 bytes, and 21,845 characters but 65,535 / 65,538 bytes: each crosses a length form.
        String threeByteChars = "\u20ac".repeat(42);
        String atTwoByteLimit = "\u20ac".repeat(21_845);
        String pastTwoByteLimit = "\u20ac".repeat(21_846);
        String emoji = "quill \ud83d\ude00 and \u00e9";
        assertThat(readBack(threeByteChars, atTwoByteLimit, pastTwoByteLimit, emoji))
                .containsExactly(threeByteChars, atTwoByteLimit, pastTwoByteLimit, emoji);
    }

    @Test
    void framesAppendedToOneBufferReadBackSeparatelyAndInOrder() {
        Random random = new Random(7);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(random.nextBoolean() ? 130 : 70_000);
            for (int c = 0; c < length; c++) {
                // ASCII, two- and three-byte characters, and whole surrogate pairs.
                switch (random.nextInt(4)) {
                    case 0 -> text.append((char) (' ' + random.nextInt(95)));
                    case 1 -> text.append((char) (0x80 + random.nextInt(0x780)));
                    case 2 -> text.append((char) (0x800 + random.nextInt(0xD000 - 0x800)));
                    default -> text.appendCodePoint(0x10000 + random.nextInt(0x10000));
                }
            }
            texts.add(text.toString());
        }
        assertThat(readBack(texts.toArray(String[]::new))).containsExactlyElementsOf(texts);
    }

    /** Appends each text to one buffer, then decodes it the way a client does (unmasked frames expected). */
    private static List<String> readBack(String... texts) {
        ByteBuf buffer = Unpooled.buffer();
        for (String text : texts) {
            TextFrames.append(buffer, text);
        }
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false).maxFramePayloadLength(1 << 24).build()));
        client.writeInbound(buffer);
        List<String> read = new ArrayList<>();
        for (Object frame; (frame = client.readInbound()) != null; ) {
            assertThat(frame).isInstanceOf(TextWebSocketFrame.class);
            TextWebSocketFrame text = (TextWebSocketFrame) frame;
            assertThat(text.isFinalFragment()).isTrue();
            read.add(text.text());
            text.release();
        }
        assertThat(client.finishAndReleaseAll()).as("bytes left over after the last frame").isFalse();
        return read;
    }
}
