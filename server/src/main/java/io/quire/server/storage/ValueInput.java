package io.quire.server.storage;

import java.nio.charset.StandardCharsets;

/** Reads the binary fields {@link ValueOutput} writes, failing on a value cut short or malformed. */
final class ValueInput {
    private final byte[] bytes;
    private int position;

    ValueInput(byte[] bytes, int position) {
        this.bytes = bytes;
        this.position = position;
    }

    int position() {
        return position;
    }

    int remaining() {
        return bytes.length - position;
    }

    int readByte() {
        need(1);
        return bytes[position++] & 0xFF;
    }

    long readUnsigned() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            value |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return value;
            }
        }
        throw new IllegalArgumentException("a number runs past 64 bits at byte " + position);
    }

    long readSigned() {
        long zigzag = readUnsigned();
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    String readString() {
        long header = readUnsigned();
        long units = header >>> 1;
        boolean ascii = (header & 1) == 0;
        long size = ascii ? units : 2 * units;
        if (size > remaining()) {
            throw new IllegalArgumentException("a text of " + units + " units runs past the value's end");
        }
        String text;
        if (ascii) {
            text = new String(bytes, position, (int) units, StandardCharsets.ISO_8859_1);
        } else {
            char[] chars = new char[(int) units];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = (char) (((bytes[position + 2 * i] & 0xFF) << 8) | (bytes[position + 2 * i + 1] & 0xFF));
            }
            text = new String(chars);
        }
        position += (int) size;
        return text;
    }

    String readHash() {
        int tag = readByte();
        switch (tag) {
            case ValueOutput.NO_HASH:
                return null;
            case ValueOutput.HEX_HASH:
                need(ValueOutput.HASH_BYTES);
                String hash = ValueOutput.hexHash(bytes, position);
                position += ValueOutput.HASH_BYTES;
                return hash;
            case ValueOutput.TEXT_HASH:
                return readString();
            default:
                throw new IllegalArgumentException("unknown hash tag " + tag);
        }
    }

    private void need(int count) {
        if (count > remaining()) {
            throw new IllegalArgumentException("the value ends at byte " + bytes.length + ", " + count + " more expected");
        }
    }
}
