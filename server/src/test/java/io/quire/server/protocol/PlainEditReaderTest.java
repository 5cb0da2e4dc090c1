package io.quire.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quire.ot.Delta;
import io.quire.server.protocol.ClientMessage.Submit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming reader of plain edits against the tree decoder: whatever it accepts must decode exactly as the
 * tree decoder decodes it, over many random op messages, valid and broken in every way the generator knows.
 */
class PlainEditReaderTest {

    @Test
    void readsTheEditTheSharedbClientSends() {
        String frame = "{\"a\":\"op\",\"c\":\"book-1\",\"d\":\"chapter-1\",\"v\":3,\"src\":\"f3a9c2\",\"seq\":2,\"x\":{},"
                + "\"op\":[{\"retain\":3},{\"insert\":\"hi \\ud83d\\ude00\"},{\"delete\":2}]}";
        Submit edit = PlainEditReader.read(frame);

        assertThat(edit).isNotNull();
        assertThat(edit).isEqualTo(new Submit("book-1", "chapter-1", 3L, 2, "f3a9c2",
                new DocOp.Edit(Delta.builder().retain(3).insert("hi \ud83d\ude00").delete(2).build())));
        assertThat(edit).isEqualTo(treeDecode(frame));
    }

    @Test
    void leavesEverythingElseToTheTreeDecoder() {
        for (String frame : List.of(
                "{\"a\":\"pp\"}",
                "{\"a\":\"op\",\"c\":\"b\",\"d\":\"d\",\"v\":1,\"seq\":1,\"op\":[{\"insert\":\"x\",\"attributes\":{\"bold\":true}}]}",
                "{\"a\":\"op\",\"c\":\"b\",\"d\":\"d\",\"v\":1,\"seq\":1,\"create\":{\"type\":\"rich-text\"}}",
                "{\"a\":\"op\",\"c\":\"b\",\"d\":\"d\",\"v\":1,\"seq\":1,\"op\":[{\"retain\":2.0}]}",
                "{\"a\":\"op\",\"c\":\"b\",\"d\":\"d\",\"v\":1,\"v\":2,\"seq\":1,\"op\":[]}",
                "{\"a\":\"op\",\"c\":\"__proto__\",\"d\":\"d\",\"v\":1,\"seq\":1,\"op\":[]}",
                "{\"a\":\"op\",\"c\":\"b\",\"d\":\"d\",\"v\":1,\"seq\":1,\"op\":[]} {}",
                "{\"a\":\"op\",\"c\":\"b\",\"d\":\"d\",\"v\":1,\"seq\":1,\"op\":[")) {
            assertThat(PlainEditReader.read(frame)).as(frame).isNull();
        }
    }

    @Test
    void acceptsOnlyWhatTheTreeDecoderDecodesTheSameWay() {
        Random random = new Random(20261124);
        int accepted = 0;
        int plainAccepted = 0;
        int plain = 0;
        for (int i = 0; i < 100_000; i++) {
            Frame frame = Frame.random(random);
            Submit fast = PlainEditReader.read(frame.text);
            if (fast != null) {
                accepted++;
                assertThat(treeDecode(frame.text)).as("tree decoding of %s", frame.text).isEqualTo(fast);
            }
            if (frame.plain) {
                plain++;
                assertThat(fast).as("a plain edit, read by the streaming reader: %s", frame.text).isNotNull();
                plainAccepted++;
            }
        }
        // The generator must reach both sides, or the comparison above proves nothing.
        assertThat(plain).isGreaterThan(10_000);
        assertThat(accepted).isGreaterThan(plainAccepted);
        assertThat(accepted).isLessThan(90_000);
    }

    /** The tree decoder's message, or the exception it refused the frame with. */
    static Object treeDecode(String frame) {
        try {
            JsonNode node = JsonFrames.TREE_READER.readTree(frame);
            return MessageDecoder.decode((ObjectNode) node);
        } catch (Exception e) {
            return e;
        }
    }

    /** A random op message; {@code plain} when nothing was broken or added that takes it off the fast path. */
    private record Frame(String text, boolean plain) {
        static Frame random(Random random) {
            boolean[] plain = {true};
            List<String> fields = new ArrayList<>();
            fields.add(field("a", pick(random, plain, "\"op\"", "\"f\"", "5", "null", "\"OP\"")));
            fields.add(field("c", name(random, plain)));
            fields.add(field("d", name(random, plain)));
            if (random.nextInt(10) > 0) {
                fields.add(field("v", pick(random, plain, String.valueOf(random.nextInt(1000)), "null", "-1", "3.0", "1e2",
                        "\"5\"", "9007199254740991", "9007199254740992", "99999999999999999999", "true")));
            }
            fields.add(field("seq", pick(random, plain, String.valueOf(1 + random.nextInt(100)), "0", "-3", "2.0",
                    "9007199254740991", "9007199254740990", "\"7\"", "null")));
            if (random.nextInt(4) > 0) {
                fields.add(field("src", pick(random, plain, "\"c" + random.nextInt(1000) + "\"", "\"\"", "null", "5",
                        "\"__proto__\"", "\"a\\u0001b\"")));
            }
            fields.add(field("op", delta(random, plain)));
            if (random.nextBoolean()) {
                fields.add(field("x", random.nextBoolean() ? "{}" : "{\"source\":[1,{\"a\":null}]}"));
            }
            if (random.nextInt(20) == 0) {
                fields.add(field(random.nextBoolean() ? "create" : "del",
                        pick(random, null, "null", "true", "{\"type\":\"rich-text\"}")));
            }
            if (random.nextInt(20) == 0) {
                fields.add(fields.get(random.nextInt(fields.size()))); // the same field twice
            }
            if (random.nextInt(30) == 0) {
                fields.remove(random.nextInt(fields.size()));
                plain[0] = false;
            }
            Collections.shuffle(fields, random);
            String text = "{" + String.join(",", fields) + "}";
            boolean broken = false;
            switch (random.nextInt(40)) {
                case 0 -> {
                    text += " {}";
                    broken = true;
                }
                case 1 -> text += "  ";
                case 2 -> {
                    text = text.substring(0, random.nextInt(text.length()));
                    broken = true;
                }
                case 3 -> text = " \n" + text;
                default -> {
                }
            }
            // Fields given twice, create or del, and the breaks above are read by the tree decoder.
            boolean untouched = !broken && fields.stream().distinct().count() == fields.size()
                    && fields.stream().noneMatch(f -> f.startsWith("\"create\"") || f.startsWith("\"del\""));
            return new Frame(text, plain[0] && untouched);
        }

        private static String field(String name, String value) {
            return "\"" + name + "\":" + value;
        }

        /** The first choice mostly; any other clears {@code plain}. */
        private static String pick(Random random, boolean[] plain, String... choices) {
            if (random.nextInt(8) > 0) {
                return choices[0];
            }
            int choice = random.nextInt(choices.length);
            if (choice > 0 && plain != null) {
                plain[0] = false;
            }
            return choices[choice];
        }

        private static String name(Random random, boolean[] plain) {
            return pick(random, plain, quote(text(random, 1 + random.nextInt(12)).replace('\n', '-')), "\"\"", "\"__proto__\"",
                    "\"a\\u0001b\"", "\"" + "n".repeat(257) + "\"", "7", "null");
        }

        private static String delta(Random random, boolean[] plain) {
            List<String> ops = new ArrayList<>();
            int count = random.nextInt(5);
            for (int i = 0; i < count; i++) {
                ops.add(switch (random.nextInt(3)) {
                    case 0 -> "{\"insert\":" + quote(text(random, 1 + random.nextInt(6))) + "}";
                    case 1 -> "{\"retain\":" + (1 + random.nextInt(50)) + "}";
                    default -> "{\"delete\":" + (1 + random.nextInt(50)) + "}";
                });
            }
            if (random.nextInt(6) == 0) {
                plain[0] = false;
                ops.add(random.nextInt(ops.size() + 1), pick(random, null, "{}",
                        "{\"insert\":\"\"}", "{\"retain\":0}", "{\"retain\":-1}", "{\"retain\":2.5}",
                        "{\"retain\":2147483646}", "{\"retain\":2147483647}", "{\"delete\":\"3\"}",
                        "{\"insert\":\"a\",\"attributes\":{\"bold\":true}}", "{\"insert\":\"a\",\"attributes\":null}",
                        "{\"insert\":{\"image\":\"x\"}}", "{\"retain\":1,\"delete\":1}", "5", "{\"foo\":1}",
                        "{\"insert\":\"a\",\"insert\":\"b\"}", "null"));
            }
            String array = "[" + String.join(",", ops) + "]";
            return switch (random.nextInt(10)) {
                case 0 -> "{\"ops\":" + array + "}";
                case 1 -> "{\"ops\":" + array + ",\"other\":[1]}";
                case 2 -> {
                    plain[0] = false;
                    yield pick(random, null, "null", "\"x\"", "5", "{}", "{\"ops\":5}", "{\"ops\":[],\"ops\":[]}");
                }
                default -> array;
            };
        }

        /** Letters, quotes, backslashes, control characters, accents, emoji and lone surrogates. */
        private static String text(Random random, int length) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                switch (random.nextInt(12)) {
                    case 0 -> text.append('"');
                    case 1 -> text.append('\\');
                    case 2 -> text.append('\n');
                    case 3 -> text.append('\u00e9');
                    case 4 -> text.append("\ud83d\ude00");
                    case 5 -> text.append('\ud800');
                    default -> text.append((char) ('a' + random.nextInt(26)));
                }
            }
            return text.toString();
        }

        private static String quote(String text) {
            StringBuilder out = new StringBuilder("\"");
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20 || Character.isSurrogate(c)) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.append('"').toString();
        }
    }
}
