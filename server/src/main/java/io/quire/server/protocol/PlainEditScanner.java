package io.quire.server.protocol;

import io.quire.ot.Delta;
import io.quire.ot.DeltaBuilder;
import io.quire.ot.InvalidDeltaException;
import io.quire.server.protocol.ClientMessage.Submit;

/**
 * Reads a plain edit written exactly as the sharedb client writes one while someone types English text, in one pass
 * over its characters:
 * <pre>
 *   {"a":"op","c":"book","d":"chapter","v":12,"src":"f3a9","seq":5,"x":{},"op":{"ops":[{"retain":40},{"insert":"k"}]}}
 * </pre>
 * At 4,000 clients Jackson's parser, made afresh for each such frame with its contexts, buffers and name table,
 * was about a sixth of the bytes the server allocated per op.
 *
 * <p>It is strict: no whitespace; those fields only (in any order, each once; {@code x} only empty); {@code v} a
 * number, not null; ids and inserted text of printable ASCII without escapes; ops of {@code insert}, {@code retain}
 * or {@code delete} alone. Anything else returns null and {@link PlainEditReader} reads the frame with Jackson, so
 * text with accents or emoji, formatting, and every malformed or unusual message take the general way. A property
 * test checks that whatever this accepts is read exactly as Jackson's reader and the tree decoder read it.
 */
final class PlainEditScanner {
    private static final int A = PlainEditReader.A;
    private static final int C = PlainEditReader.C;
    private static final int D = PlainEditReader.D;
    private static final int V = PlainEditReader.V;
    private static final int SRC = PlainEditReader.SRC;
    private static final int SEQ = PlainEditReader.SEQ;
    private static final int OP = PlainEditReader.OP;
    /** The sharedb client's extras, which the reader skips: read here only when empty. */
    private static final int X = 128;
    /** Digits of {@link Protocol#MAX_SAFE_INTEGER}: no longer number can be in range. */
    private static final int MAX_COUNT_DIGITS = 16;

    private final String frame;
    private int at;

    private PlainEditScanner(String frame) {
        this.frame = frame;
    }

    /** The edit in {@code frame}, or null when it is not written in the one shape this reads. */
    static Submit scan(String frame) {
        try {
            return new PlainEditScanner(frame).submit();
        } catch (InvalidDeltaException e) {
            return null; // adjacent lengths that add up past an int: the tree decoder says so
        }
    }

    private Submit submit() {
        if (!take('{')) {
            return null;
        }
        int seen = 0;
        String collection = null;
        String docId = null;
        Long version = null;
        long seq = 0;
        String source = null;
        Delta delta = null;
        do {
            int field = fieldName();
            if (field == 0 || (seen & field) != 0 || !take(':')) {
                return null;
            }
            seen |= field;
            switch (field) {
                case A -> {
                    if (!take("\"op\"")) {
                        return null;
                    }
                }
                case C -> {
                    if ((collection = name()) == null) {
                        return null;
                    }
                }
                case D -> {
                    if ((docId = name()) == null) {
                        return null;
                    }
                }
                case V -> {
                    long v = count(MAX_COUNT_DIGITS);
                    if (v < 0 || v > Protocol.MAX_SAFE_INTEGER) {
                        return null;
                    }
                    version = v;
                }
                case SRC -> {
                    if ((source = name()) == null) {
                        return null;
                    }
                }
                case SEQ -> seq = count(MAX_COUNT_DIGITS); // checked by PlainEditReader.edit
                case OP -> {
                    if ((delta = delta()) == null) {
                        return null;
                    }
                }
                default -> {
                    if (!take("{}")) {
                        return null;
                    }
                }
            }
        } while (take(','));
        if (!take('}') || at != frame.length() || (seen & PlainEditReader.REQUIRED) != PlainEditReader.REQUIRED) {
            return null;
        }
        return PlainEditReader.edit(collection, docId, version, seq, source, delta);
    }

    /** The bit of the field name under the cursor (with its quotes), or 0 for any other. */
    private int fieldName() {
        if (take("\"a\"")) {
            return A;
        } else if (take("\"c\"")) {
            return C;
        } else if (take("\"d\"")) {
            return D;
        } else if (take("\"v\"")) {
            return V;
        } else if (take("\"src\"")) {
            return SRC;
        } else if (take("\"seq\"")) {
            return SEQ;
        } else if (take("\"op\"")) {
            return OP;
        } else if (take("\"x\"")) {
            return X;
        }
        return 0;
    }

    /** {@code {"ops":[...]}} or the array alone; null for anything else. */
    private Delta delta() {
        if (take("{\"ops\":")) {
            Delta ops = ops();
            return ops != null && take('}') ? ops : null;
        }
        return ops();
    }

    private Delta ops() {
        if (!take('[')) {
            return null;
        }
        DeltaBuilder builder = new DeltaBuilder();
        if (take(']')) {
            return builder.build();
        }
        do {
            if (take("{\"insert\":")) {
                String text = string();
                if (text == null || text.isEmpty()) {
                    return null;
                }
                builder.insert(text);
            } else if (take("{\"retain\":")) {
                int length = length();
                if (length < 0) {
                    return null;
                }
                builder.retain(length);
            } else if (take("{\"delete\":")) {
                int length = length();
                if (length < 0) {
                    return null;
                }
                builder.delete(length);
            } else {
                return null;
            }
            if (!take('}')) {
                return null;
            }
        } while (take(','));
        return take(']') ? builder.build() : null;
    }

    /** A retain or delete length the tree decoder accepts (from 1 below 2^31 - 1), or -1. */
    private int length() {
        long length = count(10);
        return length >= 1 && length <= Integer.MAX_VALUE - 1 ? (int) length : -1;
    }

    /** A string that is an id the tree decoder accepts, or null. */
    private String name() {
        String name = string();
        return name != null && RequestFields.nameProblem(name, RequestFields.MAX_NAME_LENGTH) == null ? name : null;
    }

    /** A string of printable ASCII without escapes, or null. */
    private String string() {
        if (!take('"')) {
            return null;
        }
        int start = at;
        for (int n = frame.length(); at < n; at++) {
            char c = frame.charAt(at);
            if (c == '"') {
                return frame.substring(start, at++);
            }
            if (c < 0x20 || c > 0x7E || c == '\\') {
                return null;
            }
        }
        return null;
    }

    /** A JSON integer of at most {@code maxDigits} digits, no sign or leading zero, or -1. */
    private long count(int maxDigits) {
        int start = at;
        long value = 0;
        for (int n = frame.length(); at < n && at - start <= maxDigits; at++) {
            char c = frame.charAt(at);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        int digits = at - start;
        if (digits == 0 || digits > maxDigits || (digits > 1 && frame.charAt(start) == '0')) {
            return -1;
        }
        return value;
    }

    private boolean take(char c) {
        if (at < frame.length() && frame.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private boolean take(String text) {
        if (frame.startsWith(text, at)) {
            at += text.length();
            return true;
        }
        return false;
    }
}
