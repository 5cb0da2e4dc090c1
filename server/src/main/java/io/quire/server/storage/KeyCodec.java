package io.quire.server.storage;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Builds the RocksDB keys of {@link RocksDocumentStore}.
 *
 * <h2>Format</h2>
 * <pre>
 *   doc prefix    = u16 length, collection bytes, u16 length, id bytes     (lengths big-endian, in bytes)
 *   op-log        = hint, doc prefix, u64 version                          (big-endian)
 *   snapshots     = doc prefix, u64 version
 *   author-index  = hint, doc prefix, u32 length, author bytes, u64 version (the value is empty)
 *   heads         = doc prefix
 *   labels        = doc prefix, label name bytes                            (the name runs to the end)
 * </pre>
 * The hint is a 4-byte hash of the bytes between it and the version: one value per document in the op log, one
 * per author of a document in the index. It is there for RocksDB's memtable alone. With
 * {@code memtable_insert_with_hint_prefix_extractor} on those 4 bytes, the memtable remembers where it put the
 * last key of each hint and inserts the next one (the next version) beside it, instead of searching its whole
 * skip list: that search, two per op, was the store writer's largest cost (see {@link RocksDocumentStore}).
 * A hint shared by two documents costs only that saving; keys stay unique as the full prefix follows.
 *
 * Strings are encoded as UTF-8, except that an unpaired surrogate becomes its own three-byte sequence
 * (WTF-8): plain UTF-8 would turn every unpaired surrogate into {@code ?} and give two names one key.
 *
 * <p>Why this is unambiguous: a prefix is read from its first byte on (after the fixed-length hint) without
 * looking ahead, so no key of one document can begin with another document's prefix (the test "a"/"bc" vs
 * "ab"/"c" checks it), and every key of a column family has a fixed-length tail after its prefix. Versions are never negative, so RocksDB's unsigned
 * byte order on the big-endian tail is version order, and a range of versions is one contiguous key range.
 */
final class KeyCodec {
    static final int VERSION_BYTES = Long.BYTES;
    /** Length of the hint in front of op-log and author-index keys; the prefix extractor's length. */
    static final int HINT_BYTES = Integer.BYTES;

    private KeyCodec() {
    }

    /** The key of the document's head, and the first bytes of all its other keys. */
    static byte[] docPrefix(DocKey key) {
        byte[] collection = wtf8(key.collection());
        byte[] id = wtf8(key.id());
        byte[] out = new byte[2 + collection.length + 2 + id.length];
        int at = putU16(out, 0, collection.length);
        System.arraycopy(collection, 0, out, at, collection.length);
        at = putU16(out, at + collection.length, id.length);
        System.arraycopy(id, 0, out, at, id.length);
        return out;
    }

    /** Key of an op (after {@link #opLogPrefix}) or a snapshot (after the doc prefix): the prefix, then the version. */
    static byte[] versionKey(byte[] prefix, long version) {
        return withVersion(prefix, version);
    }

    /** The prefix of a document's keys in the op log: the hint, then the doc prefix. */
    static byte[] opLogPrefix(byte[] docPrefix) {
        return hinted(docPrefix, docPrefix.length);
    }

    /** The author index's prefix for one author of one document: the hint, the doc prefix, the author. */
    static byte[] authorPrefix(byte[] docPrefix, String author) {
        byte[] name = wtf8(author);
        // Built in place behind the hint's four bytes: this runs for every op committed.
        byte[] out = new byte[HINT_BYTES + docPrefix.length + 4 + name.length];
        System.arraycopy(docPrefix, 0, out, HINT_BYTES, docPrefix.length);
        int at = HINT_BYTES + docPrefix.length;
        out[at++] = (byte) (name.length >>> 24);
        out[at++] = (byte) (name.length >>> 16);
        out[at++] = (byte) (name.length >>> 8);
        out[at++] = (byte) name.length;
        System.arraycopy(name, 0, out, at, name.length);
        writeHint(out, out.length);
        return out;
    }

    /**
     * An op-log or author-index key of the layout before hints ({@code prefix, u64 version}) with its hint put in
     * front: the key the same entry has now. For the upgrade of older stores.
     */
    static byte[] withHint(byte[] unhintedKey) {
        if (unhintedKey.length < VERSION_BYTES) {
            throw new IllegalArgumentException("not a versioned key: " + unhintedKey.length + " bytes");
        }
        return hinted(unhintedKey, unhintedKey.length - VERSION_BYTES);
    }

    /** The hint (hash of {@code bytes[0, hashed)}), then all of {@code bytes}. */
    private static byte[] hinted(byte[] bytes, int hashed) {
        byte[] out = new byte[HINT_BYTES + bytes.length];
        System.arraycopy(bytes, 0, out, HINT_BYTES, bytes.length);
        writeHint(out, HINT_BYTES + hashed);
        return out;
    }

    /** Writes into {@code key}'s first bytes the hint of {@code key[HINT_BYTES, hashedEnd)}. */
    private static void writeHint(byte[] key, int hashedEnd) {
        // 32-bit FNV-1a: stored in every key, so it is fixed here rather than taken from a library that may change.
        int hash = 0x811C9DC5;
        for (int i = HINT_BYTES; i < hashedEnd; i++) {
            hash = (hash ^ (key[i] & 0xFF)) * 0x01000193;
        }
        for (int i = 0; i < HINT_BYTES; i++) {
            key[i] = (byte) (hash >>> (24 - 8 * i));
        }
    }

    /** Key of a label: the document's prefix, then the name. */
    static byte[] labelKey(byte[] docPrefix, String name) {
        byte[] bytes = wtf8(name);
        byte[] out = Arrays.copyOf(docPrefix, docPrefix.length + bytes.length);
        System.arraycopy(bytes, 0, out, docPrefix.length, bytes.length);
        return out;
    }

    /** The label name at the end of a label key. */
    static String labelName(byte[] docPrefix, byte[] labelKey) {
        return new String(labelKey, docPrefix.length, labelKey.length - docPrefix.length, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Key of an author index entry: the author's prefix, then the version of the op. */
    static byte[] authorKey(byte[] authorPrefix, long version) {
        return withVersion(authorPrefix, version);
    }

    /** The version at the end of a key (the last eight bytes). */
    static long version(byte[] key) {
        long v = 0;
        for (int i = key.length - VERSION_BYTES; i < key.length; i++) {
            v = (v << 8) | (key[i] & 0xFF);
        }
        return v;
    }

    /**
     * The smallest key greater than every key that starts with {@code prefix}: an exclusive upper bound for a
     * prefix scan. Every prefix here has a length byte pair that is not all {@code 0xFF}, so one exists.
     */
    static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        throw new IllegalArgumentException("a prefix of only 0xFF bytes has no end");
    }

    private static byte[] withVersion(byte[] prefix, long version) {
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, got " + version);
        }
        byte[] out = Arrays.copyOf(prefix, prefix.length + VERSION_BYTES);
        for (int i = 0; i < VERSION_BYTES; i++) {
            out[prefix.length + i] = (byte) (version >>> (56 - 8 * i));
        }
        return out;
    }

    private static int putU16(byte[] out, int at, int value) {
        if (value > 0xFFFF) {
            throw new IllegalArgumentException("name too long for a key: " + value + " bytes (expected: <= 65535)");
        }
        out[at] = (byte) (value >>> 8);
        out[at + 1] = (byte) value;
        return at + 2;
    }

    /** UTF-8 of the code points; an unpaired surrogate is encoded like any other BMP code point. */
    static byte[] wtf8(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
        for (int i = 0; i < s.length(); ) {
            // codePointAt combines a valid pair and returns a lone surrogate as itself.
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                out.write(cp);
            } else if (cp < 0x800) {
                out.write(0xC0 | (cp >>> 6));
                out.write(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                out.write(0xE0 | (cp >>> 12));
                out.write(0x80 | ((cp >>> 6) & 0x3F));
                out.write(0x80 | (cp & 0x3F));
            } else {
                out.write(0xF0 | (cp >>> 18));
                out.write(0x80 | ((cp >>> 12) & 0x3F));
                out.write(0x80 | ((cp >>> 6) & 0x3F));
                out.write(0x80 | (cp & 0x3F));
            }
        }
        return out.toByteArray();
    }
}
