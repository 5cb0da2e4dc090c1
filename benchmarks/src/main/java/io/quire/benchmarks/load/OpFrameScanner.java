package io.quire.benchmarks.load;

import java.nio.charset.StandardCharsets;

/**
 * Reads the two frames a busy server sends most, the ack of one's own op and a co-author's plain edit, straight
 * from their UTF-8 bytes:
 * <pre>
 *   {"a":"op","c":"b","d":"doc-7","src":"9f2c","seq":12,"v":340}
 *   {"a":"op","c":"b","d":"doc-7","v":341,"src":"77ab","seq":5,"op":{"ops":[{"retain":12},{"insert":"k"}]}}
 * </pre>
 * At 4,000 clients the generator reads about four of these per op, on the cores of the server it measures, and
 * Jackson's parser (one per frame, with its contexts and buffers) was a third of its user time.
 *
 * <p>It accepts only those shapes, written as the server writes them: no whitespace, strings of printable ASCII
 * without escapes (the generator types ASCII letters), only the fields above (in any order, each once), ops of
 * {@code insert}, {@code retain} and {@code delete} alone.
 * Anything else returns null, and {@link InboundFrame#parse(byte[], int, int)} reads the frame with Jackson, so
 * errors, snapshots, creates, formatting and anything unexpected are read as before. A property test checks that
 * whatever this accepts reads exactly as Jackson reads it.
 */
final class OpFrameScanner {
    private static final int A = 1;
    private static final int C = 2;
    private static final int D = 4;
    private static final int V = 8;
    private static final int SRC = 16;
    private static final int SEQ = 32;
    private static final int OP = 64;
    /** Integers up to this many digits: far below where a long overflows. */
    private static final int MAX_DIGITS = 15;

    private final byte[] b;
    private final int end;
    private int at;
    /** The value of the last {@link #string()}: its bytes are {@code b[stringStart, stringEnd)}. */
    private int stringStart;
    private int stringEnd;

    private OpFrameScanner(byte[] b, int offset, int length) {
        this.b = b;
        this.at = offset;
        this.end = offset + length;
    }

    /** The ack or plain edit in {@code utf8[offset, offset + length)}, or null when Jackson must read it. */
    static InboundFrame scan(byte[] utf8, int offset, int length) {
        return new OpFrameScanner(utf8, offset, length).frame();
    }

    private InboundFrame frame() {
        if (!take('{')) {
            return null;
        }
        int seen = 0;
        String collection = null;
        String docId = null;
        String source = null;
        long version = -1;
        long seq = -1;
        long lengthDelta = 0;
        do {
            int field = fieldName();
            if (field == 0 || (seen & field) != 0) {
                return null;
            }
            seen |= field;
            boolean valid = switch (field) {
                case A -> string() && isOp();
                case C -> (collection = text()) != null;
                case D -> (docId = text()) != null;
                case SRC -> (source = text()) != null;
                case V -> (version = integer()) >= 0;
                case SEQ -> (seq = integer()) >= 0;
                case OP -> (lengthDelta = delta()) != Long.MIN_VALUE;
                default -> throw new IllegalStateException("field bit " + field);
            };
            if (!valid) {
                return null;
            }
        } while (take(','));
        if (!take('}') || at != end || (seen & (A | C | D | V | SRC | SEQ)) != (A | C | D | V | SRC | SEQ)) {
            return null;
        }
        InboundFrame.Kind kind = (seen & OP) != 0 ? InboundFrame.Kind.EDIT : InboundFrame.Kind.NONE;
        return new InboundFrame("op", collection, docId, version, source, seq, kind, lengthDelta, null, null, null, null);
    }

    /** Reads {@code "name":} and returns its field's bit, or 0 for any other name. */
    private int fieldName() {
        if (!string() || !take(':')) {
            return 0;
        }
        int length = stringEnd - stringStart;
        byte first = length > 0 ? b[stringStart] : 0;
        if (length == 1) {
            return first == 'a' ? A : first == 'c' ? C : first == 'd' ? D : first == 'v' ? V : 0;
        }
        if (length == 2 && first == 'o' && b[stringStart + 1] == 'p') {
            return OP;
        }
        if (length == 3 && first == 's') {
            byte second = b[stringStart + 1];
            byte third = b[stringStart + 2];
            return second == 'r' && third == 'c' ? SRC : second == 'e' && third == 'q' ? SEQ : 0;
        }
        return 0;
    }

    private boolean isOp() {
        return stringEnd - stringStart == 2 && b[stringStart] == 'o' && b[stringStart + 1] == 'p';
    }

    /** A string value as text, or null. */
    private String text() {
        return string() ? new String(b, stringStart, stringEnd - stringStart, StandardCharsets.ISO_8859_1) : null;
    }

    /**
     * Reads a string of printable ASCII without escapes, setting its bounds; false for anything else (the frame
     * then goes to Jackson, which reads escapes and UTF-8 and refuses what is invalid).
     */
    private boolean string() {
        if (!take('"')) {
            return false;
        }
        int start = at;
        while (at < end) {
            byte c = b[at];
            if (c == '"') {
                stringStart = start;
                stringEnd = at++;
                return true;
            }
            if (c == '\\' || c < 0x20) { // bytes from 0x80 up are negative: not ASCII
                return false;
            }
            at++;
        }
        return false;
    }

    /** A non-negative integer without sign, fraction, exponent or leading zero; -1 otherwise. */
    private long integer() {
        int start = at;
        long value = 0;
        while (at < end && b[at] >= '0' && b[at] <= '9') {
            value = value * 10 + (b[at++] - '0');
        }
        int digits = at - start;
        if (digits == 0 || digits > MAX_DIGITS || (digits > 1 && b[start] == '0')
                || at < end && (b[at] == '.' || b[at] == 'e' || b[at] == 'E')) {
            return -1;
        }
        return value;
    }

    /** {@code {"ops":[...]}} or the bare array: inserted minus deleted length, or Long.MIN_VALUE. */
    private long delta() {
        if (at < end && b[at] == '[') {
            return ops();
        }
        if (!take('{') || !string() || stringEnd - stringStart != 3 || b[stringStart] != 'o' || b[stringStart + 1] != 'p'
                || b[stringStart + 2] != 's' || !take(':')) {
            return Long.MIN_VALUE;
        }
        long change = ops();
        return change != Long.MIN_VALUE && take('}') ? change : Long.MIN_VALUE;
    }

    private long ops() {
        if (!take('[')) {
            return Long.MIN_VALUE;
        }
        long change = 0;
        if (take(']')) {
            return change;
        }
        do {
            if (!take('{') || !string() || !take(':')) {
                return Long.MIN_VALUE;
            }
            int length = stringEnd - stringStart;
            byte first = length > 0 ? b[stringStart] : 0;
            if (length == 6 && first == 'i' && matches("insert")) {
                if (!string()) {
                    return Long.MIN_VALUE;
                }
                change += stringEnd - stringStart; // ASCII: one UTF-16 unit a byte
            } else if (length == 6 && first == 'r' && matches("retain")) {
                if (integer() < 0) {
                    return Long.MIN_VALUE;
                }
            } else if (length == 6 && first == 'd' && matches("delete")) {
                long deleted = integer();
                if (deleted < 0) {
                    return Long.MIN_VALUE;
                }
                change -= deleted;
            } else {
                return Long.MIN_VALUE; // attributes, an embed, anything else
            }
            if (!take('}')) {
                return Long.MIN_VALUE;
            }
        } while (take(','));
        return take(']') ? change : Long.MIN_VALUE;
    }

    private boolean matches(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (b[stringStart + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean take(char c) {
        if (at < end && b[at] == c) {
            at++;
            return true;
        }
        return false;
    }
}
