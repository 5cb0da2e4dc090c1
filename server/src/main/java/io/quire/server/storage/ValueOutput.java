package io.quire.server.storage;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A per-thread byte buffer for one stored value at a time, with the UTF-8 JSON generator that writes into it and
 * the binary fields of {@link ValueCodec}'s op layout: a generator per value (its contexts and buffers) was a good
 * part of what a commit allocates.
 */
final class ValueOutput extends OutputStream {
    private static final int MAX_RETAINED_BYTES = 64 * 1024;
    private static final HexFormat HEX = HexFormat.of();
    static final int HASH_BYTES = 32;

    /** {@link #writeHash} tags: no hash, the 32 bytes of a lower-case hex SHA-256, any other text. */
    static final int NO_HASH = 0;
    static final int HEX_HASH = 1;
    static final int TEXT_HASH = 2;

    private final JsonFactory factory;
    private byte[] bytes = new byte[512];
    private int length;
    boolean inUse;
    private JsonGenerator generator;

    ValueOutput(JsonFactory factory) {
        this.factory = factory;
    }

    /**
     * The generator, with nothing buffered: each use ends with a flush, so that bytes written directly to this
     * stream land after what it wrote.
     */
    JsonGenerator generator() throws IOException {
        if (generator == null) {
            generator = factory.createGenerator(this, JsonEncoding.UTF8);
            generator.setRootValueSeparator(null);
        }
        return generator;
    }

    void dropGenerator() {
        generator = null;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    void release() {
        length = 0;
        inUse = false;
        if (bytes.length > MAX_RETAINED_BYTES) {
            bytes = new byte[512];
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    /** Seven bits a byte, low bits first; the high bit says another byte follows. */
    void writeUnsigned(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            bytes[length++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[length++] = (byte) value;
    }

    /** Zigzag, so that a small negative number stays short too. */
    void writeSigned(long value) {
        writeUnsigned((value << 1) ^ (value >> 63));
    }

    /**
     * The length in UTF-16 units, shifted left by one, with the low bit set when a unit is past ASCII; then one
     * byte per unit for ASCII text, two (big-endian) otherwise. Units rather than UTF-8, so that any Java string,
     * a lone surrogate included, comes back unchanged.
     */
    void writeString(String text) {
        int units = text.length();
        boolean ascii = true;
        for (int i = 0; i < units && ascii; i++) {
            ascii = text.charAt(i) < 0x80;
        }
        writeUnsigned(((long) units << 1) | (ascii ? 0 : 1));
        ensure(ascii ? units : 2 * units);
        for (int i = 0; i < units; i++) {
            char c = text.charAt(i);
            if (!ascii) {
                bytes[length++] = (byte) (c >>> 8);
            }
            bytes[length++] = (byte) c;
        }
    }

    /** A revision hash: its 32 bytes when it is 64 lower-case hex digits (as RevisionHash writes it), else its text. */
    void writeHash(String hash) {
        if (hash == null) {
            write(NO_HASH);
            return;
        }
        if (hash.length() == 2 * HASH_BYTES) {
            ensure(1 + HASH_BYTES);
            int at = length;
            bytes[at] = HEX_HASH;
            int i = 0;
            for (; i < HASH_BYTES; i++) {
                int high = lowerHexDigit(hash.charAt(2 * i));
                int low = lowerHexDigit(hash.charAt(2 * i + 1));
                if ((high | low) < 0) {
                    break;
                }
                bytes[at + 1 + i] = (byte) ((high << 4) | low);
            }
            if (i == HASH_BYTES) {
                length = at + 1 + HASH_BYTES;
                return;
            }
        }
        write(TEXT_HASH);
        writeString(hash);
    }

    private static int lowerHexDigit(char c) {
        return c < LOWER_HEX_DIGITS.length ? LOWER_HEX_DIGITS[c] : -1;
    }

    /** The value of each lower-case hex digit by its char; -1 for every other char below 128. */
    private static final byte[] LOWER_HEX_DIGITS = new byte[128];

    static {
        Arrays.fill(LOWER_HEX_DIGITS, (byte) -1);
        for (int digit = 0; digit < 16; digit++) {
            LOWER_HEX_DIGITS[Character.forDigit(digit, 16)] = (byte) digit;
        }
    }

    static String hexHash(byte[] source, int offset) {
        return HEX.formatHex(source, offset, offset + HASH_BYTES);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
