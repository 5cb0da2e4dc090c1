package io.quire.server.protocol;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonFramesTest {
    private static String escape(String text) {
        return JsonFrames.escapeLoneSurrogates(text.toCharArray(), text.length());
    }

    @Test
    void textWithoutSurrogatesIsUnchanged() {
        assertThat(escape("{\"a\":\"pp\"}")).isEqualTo("{\"a\":\"pp\"}");
        assertThat(escape("")).isEmpty();
    }

    @Test
    void pairsStayAndLoneHalvesAreEscapedInLowercaseHex() {
        assertThat(escape("\ud83d\ude00")).isEqualTo("\ud83d\ude00");
        assertThat(escape("\ud83d")).isEqualTo("\\ud83d");
        assertThat(escape("\ude00")).isEqualTo("\\ude00");
        assertThat(escape("a\ud800\ud800\udc00b\udfff")).isEqualTo("a\\ud800\ud800\udc00b\\udfff");
        assertThat(escape("\udc00\ud800")).isEqualTo("\\udc00\\ud800");
    }

    @Test
    void messagesWrittenOneAfterAnotherOnAThreadStaySeparate() {
        for (int i = 0; i < 3; i++) {
            int n = i;
            assertThat(JsonFrames.write(gen -> {
                gen.writeStartObject();
                gen.writeNumberField("n", n);
                gen.writeEndObject();
            })).isEqualTo("{\"n\":" + n + "}");
            assertThat(JsonFrames.write(gen -> gen.writeString("s" + n))).isEqualTo("\"s" + n + "\"");
        }
    }

    @Test
    void aMessageThatFailsHalfWayLeavesNothingForTheNext() {
        assertThatThrownBy(() -> JsonFrames.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("half", "written");
            throw new IllegalArgumentException("no");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonFrames.write(gen -> gen.writeStartArray()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("left a JSON object or array open");
        assertThat(JsonFrames.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("a", "pp");
            gen.writeEndObject();
        })).isEqualTo("{\"a\":\"pp\"}");
    }

    @Test
    void aMessageWrittenWhileWritingAnotherIsWhole() {
        String outer = JsonFrames.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("inner", JsonFrames.write(inner -> inner.writeString("x")));
            gen.writeEndObject();
        });
        assertThat(outer).isEqualTo("{\"inner\":\"\\\"x\\\"\"}");
    }

    @Test
    void onlyThePrefixIsUsed() {
        char[] chars = "ab\ud800".toCharArray();
        assertThat(JsonFrames.escapeLoneSurrogates(chars, 2)).isEqualTo("ab");
        // A pair cut by the end of the text is a lone high surrogate.
        char[] pair = "a\ud83d\ude00".toCharArray();
        assertThat(JsonFrames.escapeLoneSurrogates(pair, 2)).isEqualTo("a\\ud83d");
    }

    @Test
    void writingIsSafeFromManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        String expected = "{\"a\":\"op\",\"c\":\"b" + thread + "\",\"d\":\"d" + i + "\",\"src\":\"s\",\"seq\":" + i + ",\"v\":" + i + "}";
                        if (!MessageEncoder.ack("b" + thread, "d" + i, "s", i, i).equals(expected)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }
}
