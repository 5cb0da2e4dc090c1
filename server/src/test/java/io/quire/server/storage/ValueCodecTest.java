package io.quire.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.ot.AttributeMap;
import io.quire.ot.Delta;
import io.quire.ot.DeltaBuilder;
import io.quire.ot.DeltaJson;
import io.quire.ot.Embed;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stored form of ops: what goes in comes back, from the binary layout and from stores written before it. */
class ValueCodecTest {
    private static final DocKey KEY = new DocKey("book", "chapter");
    private static final List<String> TEXTS = List.of("", "a", "client-7f3a", "ünï", "\uD800", "\uDC00x", "😀", "\"\\",
            "\u0000\u007f\u0080", "mixed 😀 \uD83D and ascii");

    @Test
    void everyOpComesBackAsItWasStored() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            StoredOp op = randomOp(random, i);
            byte[] value = ValueCodec.op(op);

            assertThat(value[0]).as("binary layout").isEqualTo((byte) 1);
            StoredOp back = ValueCodec.op(KEY, op.version(), value);
            assertThat(back).as("op %d: %s", i, op).isEqualTo(op);
            if (op.delta() != null) {
                assertThat(DeltaJson.write(back.delta())).isEqualTo(DeltaJson.write(op.delta()));
            }
        }
    }

    @Test
    void aKeystrokeTakesAboutHalfTheBytesOfTheJsonLayout() {
        String hash = HexFormat.of().formatHex(new byte[32]).replace('0', 'a');
        StoredOp op = new StoredOp(KEY, 1234, "5ee40ebbbeee3162c3217e662714cf91", 812, StoredOp.Kind.EDIT,
                Delta.builder().retain(1234).insert("e").build(), "admin", 1_764_032_000_000L, hash);
        String json = "{\"source\":\"5ee40ebbbeee3162c3217e662714cf91\",\"seq\":812,\"kind\":\"edit\","
                + "\"delta\":{\"ops\":[{\"retain\":1234},{\"insert\":\"e\"}]},\"author\":\"admin\","
                + "\"timestamp\":1764032000000,\"hash\":\"" + hash + "\"}";

        byte[] value = ValueCodec.op(op);

        assertThat(ValueCodec.op(KEY, 1234, json.getBytes(StandardCharsets.UTF_8))).isEqualTo(op);
        assertThat(value.length).isLessThan(json.length() * 55 / 100);
    }

    @Test
    void opsInTheJsonLayoutOfEarlierStoresStillRead() {
        String json = "{\"source\":\"c1\",\"seq\":4,\"kind\":\"edit\",\"delta\":{\"ops\":[{\"retain\":3},"
                + "{\"insert\":\"x\\ud800\",\"attributes\":{\"bold\":true}}]},\"author\":\"u1\",\"timestamp\":1700000000000,"
                + "\"hash\":\"9f86d0\"}";
        String delete = "{\"source\":\"c2\",\"seq\":1,\"kind\":\"delete\",\"author\":\"u2\",\"timestamp\":5}";

        StoredOp edit = ValueCodec.op(KEY, 8, json.getBytes(StandardCharsets.UTF_8));
        StoredOp deleted = ValueCodec.op(KEY, 9, delete.getBytes(StandardCharsets.UTF_8));

        assertThat(edit).isEqualTo(new StoredOp(KEY, 8, "c1", 4, StoredOp.Kind.EDIT,
                Delta.builder().retain(3).insert("x\uD800", AttributeMap.of("bold", true)).build(), "u1",
                1_700_000_000_000L, "9f86d0"));
        assertThat(deleted).isEqualTo(new StoredOp(KEY, 9, "c2", 1, StoredOp.Kind.DELETE, null, "u2", 5));
    }

    @Test
    void foldedEntriesStayInTheJsonLayoutAndComeBack() {
        StoredOp.Fold fold = new StoredOp.Fold(3, 100, 9, 1, 0, "ab12", "77e0");
        StoredOp op = new StoredOp(KEY, 12, "c1", 9, StoredOp.Kind.EDIT, Delta.builder().insert("folded").build(),
                "u1", 200, "9f86", fold);

        byte[] value = ValueCodec.op(op);

        assertThat(value[0]).isEqualTo((byte) '{');
        assertThat(ValueCodec.op(KEY, 12, value)).isEqualTo(op);
    }

    @Test
    void aValueCutShortOrGarbledIsReportedAsUnreadable() {
        Random random = new Random(11);
        for (int i = 0; i < 300; i++) {
            StoredOp op = randomOp(random, i);
            if (op.kind() == StoredOp.Kind.DELETE) {
                continue; // a delete's value may end right after its hash: some of its prefixes are whole values
            }
            byte[] value = ValueCodec.op(op);
            for (int cut = 1; cut < value.length; cut++) {
                byte[] prefix = java.util.Arrays.copyOf(value, cut);
                assertThatThrownBy(() -> ValueCodec.op(KEY, op.version(), prefix))
                        .as("op %d cut at %d of %d", i, cut, value.length)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("unreadable");
            }
        }
        byte[] unknownKind = {1, 9, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> ValueCodec.op(KEY, 1, unknownKind)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unknown kind");
        byte[] endlessNumber = {1, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1};
        assertThatThrownBy(() -> ValueCodec.op(KEY, 1, endlessNumber)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("64 bits");
    }

    private static StoredOp randomOp(Random random, long version) {
        StoredOp.Kind kind = StoredOp.Kind.values()[random.nextInt(3)];
        Delta delta = switch (kind) {
            case CREATE -> randomInserts(random);
            case EDIT -> randomEdit(random);
            case DELETE -> null;
        };
        long seq = switch (random.nextInt(3)) {
            case 0 -> random.nextInt(1000);
            case 1 -> random.nextLong();
            default -> -random.nextInt(5);
        };
        long timestamp = random.nextBoolean() ? 1_700_000_000_000L + random.nextInt(1 << 30) : random.nextLong();
        String hash = switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> HexFormat.of().withUpperCase().formatHex(randomBytes(random, 32)); // not as RevisionHash writes
            case 2 -> pick(random); // any text
            default -> HexFormat.of().formatHex(randomBytes(random, 32));
        };
        return new StoredOp(KEY, version, pick(random), seq, kind, delta, pick(random), timestamp, hash);
    }

    private static Delta randomInserts(Random random) {
        DeltaBuilder builder = Delta.builder();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(4) == 0) {
                builder.insert(Embed.of("image", "https://example.org/" + i + ".png"));
            } else {
                builder.insert(pick(random) + "x", random.nextBoolean() ? AttributeMap.EMPTY : AttributeMap.of("bold", true));
            }
        }
        return builder.build();
    }

    private static Delta randomEdit(Random random) {
        DeltaBuilder builder = Delta.builder();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(3)) {
                case 0 -> builder.retain(1 + random.nextInt(5000),
                        random.nextBoolean() ? AttributeMap.EMPTY : AttributeMap.of("italic", random.nextBoolean() ? true : null));
                case 1 -> builder.insert(pick(random) + "y");
                default -> builder.delete(1 + random.nextInt(20));
            }
        }
        return builder.build();
    }

    private static String pick(Random random) {
        return TEXTS.get(random.nextInt(TEXTS.size()));
    }

    private static byte[] randomBytes(Random random, int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
