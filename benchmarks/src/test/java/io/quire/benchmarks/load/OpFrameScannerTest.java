package io.quire.benchmarks.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The scanner reads what it accepts exactly as Jackson does, and accepts the frames a busy server sends. */
class OpFrameScannerTest {
    private static final JsonFactory JSON = new JsonFactory();

    @Test
    void readsTheServersAckAndPlainEdit() throws IOException {
        InboundFrame ack = scan("{\"a\":\"op\",\"c\":\"b\",\"d\":\"doc-7\",\"src\":\"9f2c\",\"seq\":12,\"v\":340}");
        assertThat(ack).isNotNull();
        assertThat(ack.isAck()).isTrue();
        assertThat(ack.version()).isEqualTo(340);
        assertThat(ack.seq()).isEqualTo(12);
        assertThat(ack.source()).isEqualTo("9f2c");

        InboundFrame edit = scan("{\"a\":\"op\",\"c\":\"b\",\"d\":\"doc-7\",\"v\":341,\"src\":\"77ab\",\"seq\":5,"
                + "\"op\":{\"ops\":[{\"retain\":12},{\"insert\":\"kq\"},{\"delete\":5}]}}");
        assertThat(edit).isNotNull();
        assertThat(edit.isRemoteOp()).isTrue();
        assertThat(edit.kind()).isEqualTo(InboundFrame.Kind.EDIT);
        assertThat(edit.lengthDelta()).isEqualTo(-3);
        assertThat(edit.docId()).isEqualTo("doc-7");

        // What it leaves to Jackson: formatting, escapes, other actions, errors.
        assertThat(scan("{\"a\":\"op\",\"c\":\"b\",\"d\":\"d\",\"v\":1,\"src\":\"s\",\"seq\":1,"
                + "\"op\":[{\"insert\":\"x\",\"attributes\":{\"bold\":true}}]}")).isNull();
        assertThat(scan("{\"a\":\"op\",\"c\":\"b\",\"d\":\"d\",\"v\":1,\"src\":\"s\",\"seq\":1,\"op\":[{\"insert\":\"\\n\"}]}")).isNull();
        assertThat(scan("{\"a\":\"s\",\"c\":\"b\",\"d\":\"d\",\"data\":{\"v\":0,\"type\":null}}")).isNull();
        assertThat(scan("{\"a\":\"op\",\"c\":\"b\",\"d\":\"d\",\"src\":\"s\",\"seq\":1,\"v\":2,"
                + "\"error\":{\"code\":\"ERR_X\",\"message\":\"m\"}}")).isNull();
    }

    @Test
    void whatItAcceptsReadsAsJacksonReadsIt() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        int accepted = 0;
        int acks = 0;
        int edits = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] frame = mutate(randomFrame(random), random);
            InboundFrame fast = OpFrameScanner.scan(frame, 0, frame.length);
            if (fast == null) {
                continue;
            }
            accepted++;
            acks += fast.isAck() ? 1 : 0;
            edits += fast.isRemoteOp() ? 1 : 0;
            InboundFrame jackson = InboundFrame.parseWithJackson(frame, 0, frame.length);
            assertThat(fast).as(new String(frame, StandardCharsets.UTF_8)).isEqualTo(jackson);
        }
        // The fast path must carry the common frames, or it saves nothing.
        assertThat(accepted).isGreaterThan(10_000);
        assertThat(acks).isGreaterThan(2_000);
        assertThat(edits).isGreaterThan(2_000);
    }

    private static InboundFrame scan(String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        return OpFrameScanner.scan(bytes, 0, bytes.length);
    }

    /** Ack-like and edit-like frames, mostly valid, written by Jackson as the server writes them. */
    private static byte[] randomFrame(SplittableRandom random) throws IOException {
        List<Field> fields = new ArrayList<>();
        fields.add(g -> g.writeStringField("a", random.nextInt(20) == 0 ? "opx" : "op"));
        fields.add(g -> g.writeStringField("c", text(random)));
        fields.add(g -> g.writeStringField("d", text(random)));
        fields.add(g -> number(g, "v", random));
        fields.add(g -> g.writeStringField("src", text(random)));
        fields.add(g -> number(g, "seq", random));
        if (random.nextBoolean()) {
            fields.add(g -> {
                g.writeFieldName("op");
                ops(g, random);
            });
        }
        if (random.nextInt(10) == 0) {
            fields.remove(random.nextInt(fields.size()));
        }
        if (random.nextInt(10) == 0) {
            fields.add(fields.get(random.nextInt(fields.size()))); // a field twice
        }
        if (random.nextInt(10) == 0) {
            String[] others = {"x", "create", "del", "data", "id", "error", "ops", ""};
            String name = others[random.nextInt(others.length)];
            fields.add(g -> g.writeNumberField(name, 1));
        }
        if (random.nextInt(3) > 0) {
            Collections.shuffle(fields, new java.util.Random(random.nextLong()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (Field field : fields) {
                field.write(g);
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void ops(JsonGenerator g, SplittableRandom random) throws IOException {
        boolean wrapped = random.nextInt(4) > 0;
        if (wrapped) {
            g.writeStartObject();
            if (random.nextInt(20) == 0) {
                g.writeNumberField("other", 1);
            }
            g.writeFieldName("ops");
        }
        g.writeStartArray();
        for (int i = random.nextInt(4); i > 0; i--) {
            g.writeStartObject();
            switch (random.nextInt(7)) {
                case 0, 1 -> g.writeStringField("insert", text(random));
                case 2 -> number(g, "retain", random);
                case 3 -> number(g, "delete", random);
                case 4 -> {
                    g.writeStringField("insert", text(random));
                    g.writeObjectFieldStart("attributes");
                    g.writeBooleanField("bold", true);
                    g.writeEndObject();
                }
                case 5 -> {
                    g.writeObjectFieldStart("insert");
                    g.writeStringField("image", "x.png");
                    g.writeEndObject();
                }
                default -> {
                    number(g, "retain", random);
                    number(g, "delete", random); // two actions in one op
                }
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        if (wrapped) {
            g.writeEndObject();
        }
    }

    private static void number(JsonGenerator g, String name, SplittableRandom random) throws IOException {
        switch (random.nextInt(30)) {
            case 0 -> g.writeNullField(name);
            case 1 -> g.writeNumberField(name, -1 - random.nextInt(100));
            case 2 -> g.writeNumberField(name, random.nextInt(100) + 0.5);
            case 3 -> g.writeNumberField(name, Long.MAX_VALUE - random.nextInt(100));
            case 4 -> g.writeStringField(name, "12");
            case 5 -> g.writeNumberField(name, 0);
            default -> g.writeNumberField(name, random.nextLong(1L << random.nextInt(1, 50)));
        }
    }

    private static String text(SplittableRandom random) {
        String[] pieces = {"a", "b", "doc-", "7", "Z", " ", "~", "\u007F", "\"", "\\", "\n", "\t", "é", "😀", "\u0000", "/"};
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
            String piece = pieces[random.nextInt(random.nextInt(10) == 0 ? pieces.length : 8)];
            out.append(piece);
        }
        return out.toString();
    }

    /** Sometimes breaks the frame: cut short, a byte changed, a space or garbage added. */
    private static byte[] mutate(byte[] frame, SplittableRandom random) {
        switch (random.nextInt(12)) {
            case 0 -> {
                return java.util.Arrays.copyOf(frame, random.nextInt(frame.length));
            }
            case 1 -> {
                byte[] out = frame.clone();
                out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                return out;
            }
            case 2 -> {
                byte[] out = frame.clone();
                out[random.nextInt(out.length)] = (byte) ",:{}[]\"0 9-.e"
                        .charAt(random.nextInt(13));
                return out;
            }
            case 3 -> {
                int at = random.nextInt(frame.length + 1);
                byte[] out = new byte[frame.length + 1];
                System.arraycopy(frame, 0, out, 0, at);
                out[at] = ' ';
                System.arraycopy(frame, at, out, at + 1, frame.length - at);
                return out;
            }
            case 4 -> {
                byte[] out = java.util.Arrays.copyOf(frame, frame.length + 2);
                out[frame.length] = '{';
                out[frame.length + 1] = '}';
                return out;
            }
            default -> {
                return frame;
            }
        }
    }

    @FunctionalInterface
    private interface Field {
        void write(JsonGenerator g) throws IOException;
    }
}
