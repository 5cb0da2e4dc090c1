package io.quire.server.history;

import io.quire.ot.Delta;
import io.quire.ot.DeltaJson;
import io.quire.server.storage.DocKey;
import io.quire.server.storage.StoredOp;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The chain hash is the documented SHA-256, so a verifier written from the javadoc alone agrees with stored hashes. */
class RevisionHashTest {
    private static final DocKey KEY = new DocKey("book", "chapter");

    @Test
    void hashIsSha256OfThePreviousHashAndTheUtf16LeFields() throws Exception {
        String[] texts = {
                "Hello\n",
                "emoji \uD83D\uDE00 and é\n",
                "half a pair \uD83D at the end",          // lone high surrogate, kept exact by UTF-16
                "x".repeat(20_000) + "\uDE00",               // longer than the hashing buffer
        };
        String previous = null;
        long version = 0;
        for (String text : texts) {
            StoredOp op = new StoredOp(KEY, version, "src-1", version + 1,
                    version == 0 ? StoredOp.Kind.CREATE : StoredOp.Kind.EDIT,
                    Delta.builder().retain((int) version).insert(text).build(), "alice", 1_700_000_000_000L + version);
            assertThat(RevisionHash.of(previous, op)).isEqualTo(reference(previous, op));
            previous = RevisionHash.of(previous, op);
            version++;
        }
        StoredOp delete = new StoredOp(KEY, version, "src-1", 99, StoredOp.Kind.DELETE, null, "alice", 1L);
        assertThat(RevisionHash.of(previous, delete)).isEqualTo(reference(previous, delete));
    }

    @Test
    void anyFieldsHashAsTheDefinitionSays() throws Exception {
        String[] texts = {"", "a", "src-\uD800", "é😀", "\n", "x".repeat(4095), "y".repeat(4097)};
        long[] numbers = {0, 1, 9, 10, -1, -10, 1_700_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        java.util.Random random = new java.util.Random(5);
        String previous = null;
        for (int i = 0; i < 2_000; i++) {
            long seq = random.nextBoolean() ? numbers[random.nextInt(numbers.length)] : random.nextLong();
            long timestamp = random.nextBoolean() ? numbers[random.nextInt(numbers.length)] : random.nextLong();
            StoredOp op = new StoredOp(KEY, random.nextInt(3) == 0 ? Long.MAX_VALUE - i : i,
                    texts[random.nextInt(texts.length)], seq, StoredOp.Kind.EDIT,
                    Delta.builder().retain(1 + random.nextInt(9)).insert(texts[random.nextInt(texts.length)] + "z").build(),
                    texts[random.nextInt(texts.length)], timestamp);
            assertThat(RevisionHash.of(previous, op)).as("op %d", i).isEqualTo(reference(previous, op));
            previous = reference(previous, op);
        }
    }

    @Test
    void aTrackerSealsTheSameChainOpByOpAndAfterReopening() throws Exception {
        ProvenanceTracker tracker = new ProvenanceTracker(io.quire.server.storage.Provenance.EMPTY);
        String previous = null;
        for (int version = 0; version < 6; version++) {
            Delta delta = version == 0 ? Delta.ofText("a\n") : Delta.builder().retain(version).insert("b").build();
            StoredOp op = new StoredOp(KEY, version, "src-" + version % 2, version, version == 0 ? StoredOp.Kind.CREATE
                    : StoredOp.Kind.EDIT, delta, version % 2 == 0 ? "alice" : "bob", 1_700_000_000_000L + version);
            if (version == 3) {
                // A seal whose op is never recorded (refused after sealing) leaves the chain where it was.
                tracker.seal(op.withHash(null));
            }
            StoredOp sealed = tracker.seal(op);
            assertThat(sealed.hash()).as("version %d", version).isEqualTo(reference(previous, op));
            tracker.record(sealed);
            previous = sealed.hash();
        }
        // A tracker continuing from a stored chain (a document opened again) goes on from its text.
        ProvenanceTracker reopened = new ProvenanceTracker(tracker.snapshot());
        StoredOp next = new StoredOp(KEY, 6, "src-9", 1, StoredOp.Kind.EDIT, Delta.builder().retain(6).insert("c").build(),
                "carol", 1_700_000_000_100L);
        assertThat(reopened.seal(next).hash()).isEqualTo(reference(previous, next)).isEqualTo(tracker.seal(next).hash());
    }

    @Test
    void anyChangedFieldChangesTheHash() {
        StoredOp op = new StoredOp(KEY, 3, "src", 7, StoredOp.Kind.EDIT, Delta.builder().retain(2).insert("a").build(),
                "alice", 42L);
        String hash = RevisionHash.of(null, op);
        assertThat(RevisionHash.of(null, new StoredOp(KEY, 3, "src", 7, StoredOp.Kind.EDIT,
                Delta.builder().retain(2).insert("b").build(), "alice", 42L))).isNotEqualTo(hash);
        assertThat(RevisionHash.of(null, new StoredOp(KEY, 3, "src", 7, StoredOp.Kind.EDIT,
                op.delta(), "bob", 42L))).isNotEqualTo(hash);
        assertThat(RevisionHash.of(hash, op)).isNotEqualTo(hash);
        // A lone surrogate is hashed as itself, not as the replacement character a charset encoder writes.
        assertThat(RevisionHash.of(null, new StoredOp(KEY, 3, "src", 7, StoredOp.Kind.EDIT,
                Delta.builder().retain(2).insert("\uD83D").build(), "alice", 42L)))
                .isNotEqualTo(RevisionHash.of(null, new StoredOp(KEY, 3, "src", 7, StoredOp.Kind.EDIT,
                        Delta.builder().retain(2).insert("\uFFFD").build(), "alice", 42L)));
    }

    /** The javadoc's definition, written the plain way. */
    private static String reference(String previous, StoredOp op) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(previous == null ? new byte[32] : HexFormat.of().parseHex(previous));
        String fields = op.version() + "\n" + op.kind().name().toLowerCase() + "\n" + op.source() + "\n" + op.seq()
                + "\n" + op.author() + "\n" + op.timestamp() + "\n"
                + (op.delta() == null ? "" : DeltaJson.write(op.delta()));
        // Code unit by code unit: String.getBytes(UTF_16LE) would turn a lone surrogate into U+FFFD.
        ByteBuffer bytes = ByteBuffer.allocate(fields.length() * 2).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asCharBuffer().put(fields);
        digest.update(bytes);
        return HexFormat.of().formatHex(digest.digest());
    }
}
