package io.quire.server.protocol;

import static io.quire.server.protocol.PlainEditReaderTest.treeDecode;
import static org.assertj.core.api.Assertions.assertThat;

import io.quire.ot.Delta;
import io.quire.server.protocol.ClientMessage.Submit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scanner of the commonest frame against Jackson's reader and the tree decoder: whatever it accepts must be
 * read exactly as they read it, over random frames in the sharedb client's shape and every one-character change of
 * them; whatever it refuses must still be read, by Jackson.
 */
class PlainEditScannerTest {

    @Test
    void readsTheEditsTheSharedbClientAndTheLoadGeneratorSend() {
        String client = "{\"a\":\"op\",\"c\":\"book-1\",\"d\":\"chapter-1\",\"v\":30,\"src\":\"f3a9c2\",\"seq\":2,\"x\":{},"
                + "\"op\":{\"ops\":[{\"retain\":3},{\"insert\":\"hi there\"},{\"delete\":2}]}}";
        String generator = "{\"a\":\"op\",\"c\":\"b\",\"d\":\"doc-7\",\"v\":0,\"seq\":9007199254740990,"
                + "\"op\":{\"ops\":[{\"insert\":\"k\"}]}}";

        assertThat(PlainEditScanner.scan(client)).isEqualTo(new Submit("book-1", "chapter-1", 30L, 2, "f3a9c2",
                new DocOp.Edit(Delta.builder().retain(3).insert("hi there").delete(2).build())))
                .isEqualTo(PlainEditReader.readWithJackson(client)).isEqualTo(treeDecode(client));
        assertThat(PlainEditScanner.scan(generator)).isEqualTo(new Submit("b", "doc-7", 0L, 9007199254740990L, null,
                new DocOp.Edit(Delta.builder().insert("k").build())))
                .isEqualTo(PlainEditReader.readWithJackson(generator)).isEqualTo(treeDecode(generator));
    }

    @Test
    void leavesEverythingElseToJackson() {
        String head = "{\"a\":\"op\",\"c\":\"b\",\"d\":\"d\",\"seq\":1,";
        for (String frame : List.of(
                head + "\"op\":[{\"insert\":\"caf\u00e9\"}]}",
                head + "\"op\":[{\"insert\":\"line\\n\"}]}",
                head + "\"op\":[{\"insert\":\"x\",\"attributes\":{\"bold\":true}}]}",
                head + "\"op\":[{\"retain\":2.0}]}",
                head + "\"op\":[{\"retain\":02}]}",
                head + "\"op\":[{\"retain\":2147483647}]}",
                head + "\"op\":[{\"insert\":\"\"}]}",
                head + "\"v\":null,\"op\":[]}",
                head + "\"x\":{\"source\":1},\"op\":[]}",
                head + "\"op\":{\"ops\":[],\"other\":1}}",
                head + "\"op\": []}",
                head + "\"op\":[]} ",
                head + "\"src\":\"\",\"op\":[]}",
                head + "\"m\":1,\"op\":[]}",
                head + "\"op\":[],\"op\":[]}",
                "{\"a\":\"op\",\"c\":\"b\",\"d\":\"d\",\"seq\":1,\"create\":{\"type\":\"rich-text\"}}",
                "{\"a\":\"op\",\"c\":\"__proto__\",\"d\":\"d\",\"seq\":1,\"op\":[]}",
                "{\"a\":\"op\",\"c\":\"b\",\"d\":\"d\",\"seq\":0,\"op\":[]}",
                "{\"a\":\"pp\"}")) {
            assertThat(PlainEditScanner.scan(frame)).as(frame).isNull();
        }
        // Refused here, read there: the general reader still takes what it took before.
        assertThat(PlainEditReader.read(head + "\"op\":[{\"insert\":\"caf\u00e9\"}]}")).isNotNull();
        assertThat(PlainEditReader.read(head + "\"v\":null,\"op\":[]}")).isNotNull();
    }

    @Test
    void acceptsOnlyWhatJacksonAndTheTreeDecoderReadTheSameWay() {
        Random random = new Random(20261125);
        int scanned = 0;
        int mutants = 0;
        int mutantsScanned = 0;
        for (int i = 0; i < 20_000; i++) {
            String frame = randomFrame(random);
            if (check(frame)) {
                scanned++;
            }
            // Every kind of one-character damage: the scanner must refuse it or read it as the others do.
            for (int m = 0; m < 5; m++) {
                mutants++;
                if (check(mutate(frame, random))) {
                    mutantsScanned++;
                }
            }
        }
        // Both sides reached, or the comparison proves nothing.
        assertThat(scanned).isGreaterThan(8_000);
        assertThat(mutantsScanned).isGreaterThan(5_000).isLessThan(mutants - 50_000);
    }

    /** Asserts the scanner agrees with Jackson's reader and the tree decoder wherever it accepts; whether it did. */
    private static boolean check(String frame) {
        Submit scanned = PlainEditScanner.scan(frame);
        if (scanned == null) {
            return false;
        }
        assertThat(PlainEditReader.readWithJackson(frame)).as("Jackson's reading of %s", frame).isEqualTo(scanned);
        assertThat(treeDecode(frame)).as("tree decoding of %s", frame).isEqualTo(scanned);
        return true;
    }

    private static String mutate(String frame, Random random) {
        String alphabet = "{}[]\":,.-0123456789aeinoprstvx \\\u00e9";
        int at = random.nextInt(frame.length() + 1);
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        return switch (random.nextInt(3)) {
            case 0 -> frame.substring(0, at) + c + frame.substring(at);
            case 1 -> at == frame.length() ? frame : frame.substring(0, at) + frame.substring(at + 1);
            default -> at == frame.length() ? frame + c : frame.substring(0, at) + c + frame.substring(at + 1);
        };
    }

    /** An edit in the sharedb client's shape, fields shuffled, mostly inside the scanner's limits. */
    private static String randomFrame(Random random) {
        List<String> fields = new ArrayList<>();
        fields.add("\"a\":\"op\"");
        fields.add("\"c\":\"" + ascii(random, 1 + random.nextInt(8)) + "\"");
        fields.add("\"d\":\"" + ascii(random, 1 + random.nextInt(8)) + "\"");
        if (random.nextInt(5) > 0) {
            fields.add("\"v\":" + number(random));
        }
        if (random.nextBoolean()) {
            fields.add("\"src\":\"" + ascii(random, 1 + random.nextInt(8)) + "\"");
        }
        fields.add("\"seq\":" + number(random));
        if (random.nextBoolean()) {
            fields.add("\"x\":{}");
        }
        List<String> ops = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            ops.add(switch (random.nextInt(3)) {
                case 0 -> "{\"insert\":\"" + ascii(random, random.nextInt(20) == 0 ? 0 : 1 + random.nextInt(6)) + "\"}";
                case 1 -> "{\"retain\":" + number(random) + "}";
                default -> "{\"delete\":" + number(random) + "}";
            });
        }
        String array = "[" + String.join(",", ops) + "]";
        fields.add("\"op\":" + (random.nextBoolean() ? "{\"ops\":" + array + "}" : array));
        Collections.shuffle(fields, random);
        return "{" + String.join(",", fields) + "}";
    }

    /** Printable ASCII, now and then a character the scanner leaves to Jackson or an id the decoder refuses. */
    private static String ascii(Random random, int length) {
        if (random.nextInt(50) == 0) {
            return random.nextBoolean() ? "__proto__" : "n".repeat(257);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(100) == 0 ? "\\\"" : String.valueOf((char) (' ' + random.nextInt(95)))
                    .replace("\"", "q").replace("\\", "b"));
        }
        return text.toString();
    }

    /** Mostly small counts; sometimes 0, the edges of an int and of 2^53, or a long past them. */
    private static String number(Random random) {
        return switch (random.nextInt(40)) {
            case 0 -> "0";
            case 1 -> "2147483646";
            case 2 -> "2147483647";
            case 3 -> "9007199254740991";
            case 4 -> "9007199254740992";
            case 5 -> "99999999999999999999";
            default -> String.valueOf(1 + random.nextInt(500));
        };
    }
}
