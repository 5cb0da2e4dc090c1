package io.quire.ot;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeltaJsonTest {

    @Test
    void readsQuillsFormatAndWritesItBack() {
        String json = "{\"ops\":[{\"insert\":\"Hi\",\"attributes\":{\"bold\":true,\"color\":\"#f00\"}},"
                + "{\"insert\":{\"image\":\"a.png\"},\"attributes\":{\"width\":\"120\"}},"
                + "{\"retain\":3,\"attributes\":{\"bold\":null}},{\"delete\":2}]}";
        Delta delta = DeltaJson.parse(json);
        assertThat(delta.opCount()).isEqualTo(4);
        assertThat(DeltaJson.write(delta)).isEqualTo(json);
    }

    @Test
    void readsABareArrayAndCanonicalizes() {
        Delta delta = DeltaJson.parse("[{\"insert\":\"a\"},{\"insert\":\"b\"},{\"retain\":2},{\"delete\":1},{\"delete\":1}]");
        assertThat(DeltaJson.write(delta)).isEqualTo("{\"ops\":[{\"insert\":\"ab\"},{\"retain\":2},{\"delete\":2}]}");
    }

    @Test
    void keepsEmojiAndEscapesControlCharacters() {
        Delta delta = Delta.ofText("a😀\"\\\n\u0001");
        assertThat(delta.length()).isEqualTo(7);
        assertThat(DeltaJson.parse(DeltaJson.write(delta))).isEqualTo(delta);
        assertThat(DeltaJson.write(delta)).contains("\\\"").contains("\\n");
    }

    @Test
    void writingOnceGivesTheSameJsonAsWritingOpByOp() {
        PropertyCases.forAll("writeOnce", (random, seed) -> {
            Delta delta = random.change(random.document(40).length());
            String opByOp = viaChars(gen -> DeltaJson.write(gen, delta));
            assertThat(viaChars(gen -> DeltaJson.writeOnce(gen, delta))).isEqualTo(opByOp);
            assertThat(DeltaJson.write(delta)).isEqualTo(opByOp).isSameAs(DeltaJson.write(delta));
            // A UTF-8 writer (the store's) gets text it can encode, and reads back as the same delta.
            assertThat(DeltaJson.parse(viaUtf8(gen -> DeltaJson.writeOnce(gen, delta)))).isEqualTo(delta);
        });
    }

    @Test
    void aForgottenTextIsMadeAgainTheSame() {
        Delta delta = DeltaJson.parse("{\"ops\":[{\"retain\":2},{\"insert\":\"é😀\",\"attributes\":{\"bold\":true}}]}");
        String first = DeltaJson.write(delta);
        DeltaJson.forget(delta);
        String again = DeltaJson.write(delta);
        assertThat(again).isEqualTo(first).isNotSameAs(first);
        assertThat(DeltaJson.write(delta)).isSameAs(again);
    }

    @Test
    void writingOnceEscapesHalfOfASurrogatePairForAUtf8Writer() {
        for (String text : new String[]{"a\uD83D", "\uDE00x", "\uD83D\uDE00\uD83D", "ok😀"}) {
            Delta delta = Delta.ofText(text);
            String utf8 = viaUtf8(gen -> DeltaJson.writeOnce(gen, delta));
            assertThat(DeltaJson.parse(utf8)).as(text).isEqualTo(delta);
            assertThat(utf8).as(text).doesNotContain("?");
        }
    }

    private interface Writes {
        void to(JsonGenerator gen) throws IOException;
    }

    private static String viaChars(Writes writes) {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = JsonValues.MAPPER.getFactory().createGenerator(out)) {
            writes.to(gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String viaUtf8(Writes writes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator gen = JsonValues.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            writes.to(gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void numbersCompareAsJavaScriptDoes() {
        assertThat(DeltaJson.parse("[{\"retain\":1,\"attributes\":{\"header\":1}}]"))
                .isEqualTo(DeltaJson.parse("[{\"retain\":1.0,\"attributes\":{\"header\":1.0}}]"));
    }

    @Test
    void emptyAttributesMeanNone() {
        assertThat(DeltaJson.parse("[{\"insert\":\"a\",\"attributes\":{}}]")).isEqualTo(Delta.ofText("a"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                      | {"ops":[                                   | delta is not valid JSON
            no ops                        | {"insert":"a"}                             | delta must have an "ops" array
            ops not an array              | {"ops":{"insert":"a"}}                     | delta must be {"ops": [...]} or an array of ops
            a number                      | 42                                         | delta must be {"ops": [...]} or an array of ops
            op not an object              | {"ops":["a"]}                              | op 0: an op must be an object, got string
            no action                     | {"ops":[{"attributes":{"bold":true}}]}     | op 0: an op needs exactly one of insert, retain or delete, got 0
            two actions                   | {"ops":[{"insert":"a","delete":1}]}        | op 0: an op needs exactly one of insert, retain or delete, got 2
            unknown field                 | {"ops":[{"insert":"a","bold":true}]}       | op 0: unexpected field "bold"
            retain zero                   | {"ops":[{"insert":"a"},{"retain":0}]}      | op 1: retain must be a positive integer below 2^31, got 0
            negative delete               | {"ops":[{"delete":-2}]}                    | op 0: delete must be a positive integer below 2^31, got -2
            fractional retain             | {"ops":[{"retain":1.5}]}                   | op 0: retain must be a positive integer, got 1.5
            retain as string              | {"ops":[{"retain":"3"}]}                   | op 0: retain must be a positive integer, got "3"
            huge delete                   | {"ops":[{"delete":99999999999}]}           | op 0: delete must be a positive integer below 2^31
            empty insert                  | {"ops":[{"insert":""}]}                    | op 0: insert text must not be empty
            numeric insert                | {"ops":[{"insert":5}]}                     | op 0: insert must be a string or an embed object, got number
            empty embed                   | {"ops":[{"insert":{}}]}                    | op 0: an embed must be a non-empty object
            embed retain                  | {"ops":[{"retain":{"image":"a"}}]}         | op 0: retaining an embed with an object is not supported
            attributes not an object      | {"ops":[{"insert":"a","attributes":true}]} | op 0: attributes must be an object, got boolean
            delete with attributes        | {"ops":[{"delete":1,"attributes":{"b":1}}]} | op 0: a delete cannot carry attributes
            retains past an int           | {"ops":[{"retain":2147483646},{"retain":2}]} | adjacent ops add up to a length of 2147483648, past 2^31-1
            deletes past an int           | {"ops":[{"delete":2147483000},{"delete":2147483000}]} | adjacent ops add up to a length of 4294966000
            """)
    void refusesMalformedDeltasWithAMessageNamingTheOp(String name, String json, String message) {
        assertThatThrownBy(() -> DeltaJson.parse(json)).isInstanceOf(InvalidDeltaException.class).hasMessageStartingWith(message);
    }
}
