package io.quire.server.storage;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The key format's two promises: byte order is version order, and no two names share a key or a prefix. */
class KeyCodecTest {

    @Test
    void byteOrderIsVersionOrder() {
        byte[] doc = KeyCodec.docPrefix(new DocKey("c", "d"));
        long[] versions = {0, 1, 255, 256, 65_535, 65_536, 1L << 31, (1L << 32) + 1, Long.MAX_VALUE - 1};
        for (int i = 1; i < versions.length; i++) {
            byte[] a = KeyCodec.versionKey(doc, versions[i - 1]);
            byte[] b = KeyCodec.versionKey(doc, versions[i]);
            assertThat(Arrays.compareUnsigned(a, b)).as("%s < %s", versions[i - 1], versions[i]).isNegative();
            assertThat(KeyCodec.version(b)).isEqualTo(versions[i]);
        }
    }

    @Test
    void noDocumentPrefixStartsAnother() {
        List<DocKey> keys = List.of(new DocKey("a", "bc"), new DocKey("ab", "c"), new DocKey("a", "b"),
                new DocKey("a", "b\u0100"), new DocKey("\uD83D", "x"), new DocKey("?", "x"), new DocKey("\uFFFD", "x"),
                new DocKey("😀", "x"), new DocKey("\uD83D\uDE00", "y"));
        for (DocKey a : keys) {
            for (DocKey b : keys) {
                if (!a.equals(b)) {
                    byte[] pa = KeyCodec.docPrefix(a);
                    byte[] pb = KeyCodec.docPrefix(b);
                    assertThat(startsWith(pa, pb)).as("%s starts with %s", a, b).isFalse();
                }
            }
        }
    }

    @Test
    void encodingIsUtf8ForWellFormedTextAndKeepsLoneSurrogatesApart() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            String s = new String(Character.toChars(random.nextInt(0x10FFFF + 1 - 0x800) + 0x800));
            if (s.length() == 1 && Character.isSurrogate(s.charAt(0))) {
                continue;
            }
            assertThat(KeyCodec.wtf8(s)).as("U+%X", s.codePointAt(0)).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
        }
        Set<String> encoded = new HashSet<>();
        for (String s : List.of("\uD800", "\uDC00", "?", "\uFFFD", "\uD800\uDC00", "\uDC00\uD800")) {
            assertThat(encoded.add(Arrays.toString(KeyCodec.wtf8(s)))).as("distinct encoding of %s", s).isTrue();
        }
    }

    @Test
    void theKeysOfOneDocumentShareTheirHintAndKeepVersionOrder() {
        Set<String> hints = new HashSet<>();
        for (int d = 0; d < 1000; d++) {
            byte[] doc = KeyCodec.docPrefix(new DocKey("book", "chapter-" + d));
            byte[] opLog = KeyCodec.opLogPrefix(doc);
            assertThat(Arrays.copyOfRange(opLog, KeyCodec.HINT_BYTES, opLog.length)).isEqualTo(doc);
            byte[] previous = null;
            for (long version : new long[] {0, 1, 2, 255, 256, 1L << 40}) {
                byte[] key = KeyCodec.versionKey(opLog, version);
                assertThat(Arrays.equals(key, 0, KeyCodec.HINT_BYTES, opLog, 0, KeyCodec.HINT_BYTES)).isTrue();
                assertThat(KeyCodec.withHint(KeyCodec.versionKey(doc, version))).as("the upgrade's key").isEqualTo(key);
                if (previous != null) {
                    assertThat(Arrays.compareUnsigned(previous, key)).isNegative();
                }
                previous = key;
            }
            hints.add(Arrays.toString(Arrays.copyOf(opLog, KeyCodec.HINT_BYTES)));
        }
        // The memtable's saving comes from documents having hints of their own.
        assertThat(hints).hasSizeGreaterThan(990);
    }

    @Test
    void eachAuthorOfADocumentHasAHintOfItsOwn() {
        byte[] doc = KeyCodec.docPrefix(new DocKey("book", "chapter-1"));
        byte[] alice = KeyCodec.authorPrefix(doc, "alice");
        byte[] bob = KeyCodec.authorPrefix(doc, "bob");
        assertThat(Arrays.equals(alice, 0, KeyCodec.HINT_BYTES, bob, 0, KeyCodec.HINT_BYTES)).isFalse();
        byte[] unhinted = Arrays.copyOfRange(KeyCodec.authorKey(alice, 7), KeyCodec.HINT_BYTES, alice.length + 8);
        assertThat(Arrays.copyOf(unhinted, doc.length)).isEqualTo(doc);
        assertThat(KeyCodec.withHint(unhinted)).isEqualTo(KeyCodec.authorKey(alice, 7));
        assertThat(KeyCodec.version(KeyCodec.authorKey(alice, 7))).isEqualTo(7);
    }

    @Test
    void prefixEndBoundsExactlyThePrefix() {
        byte[] prefix = {1, 2, (byte) 0xFF};
        byte[] end = KeyCodec.prefixEnd(prefix);
        assertThat(end).containsExactly(1, 3);
        assertThat(Arrays.compareUnsigned(new byte[]{1, 2, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, end)).isNegative();
        assertThat(Arrays.compareUnsigned(new byte[]{1, 3}, end)).isZero();
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
