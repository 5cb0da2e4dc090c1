package io.quire.server.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.quire.ot.Delta;
import io.quire.ot.DeltaBuilder;
import io.quire.ot.InvalidDeltaException;
import io.quire.server.protocol.ClientMessage.Submit;

import java.io.IOException;

/**
 * Reads the message a typing client sends most, an edit of plain text ({@code op} with inserts, retains and
 * deletes, no attributes or embeds), with Jackson's streaming parser instead of a tree: the tree was a third of
 * the bytes the server allocated per op at 4,000 clients.
 *
 * <p>Frames written exactly as the sharedb client writes English typing are read first without Jackson
 * ({@link PlainEditScanner}); the rest of what this reader takes goes through Jackson's parser.
 *
 * <p>It only accepts what is plainly valid, in the shape the sharedb client sends it: anything else (another
 * action, a create or delete, attributes, a float, a duplicate field, a name the tree decoder would refuse, invalid
 * JSON) makes it return null, and {@link MessageDecoder} reads the frame as a tree, so every error message and
 * every unusual message still comes from one decoder. A property test checks that what it does accept decodes
 * exactly as the tree decoder decodes it.
 */
final class PlainEditReader {
    // A bit per field, to tell a field given twice and the required ones (PlainEditScanner uses them too).
    static final int A = 1;
    static final int C = 2;
    static final int D = 4;
    static final int V = 8;
    static final int SEQ = 16;
    static final int SRC = 32;
    static final int OP = 64;
    static final int REQUIRED = A | C | D | SEQ | OP;

    private PlainEditReader() {
    }

    /** The edit in {@code frame}, or null when the tree decoder must read it. */
    static Submit read(String frame) {
        Submit scanned = PlainEditScanner.scan(frame);
        return scanned != null ? scanned : readWithJackson(frame);
    }

    /** The edit read with Jackson's parser, or null: {@link #read} past the scanner, and tests comparing both. */
    static Submit readWithJackson(String frame) {
        try (JsonParser p = JsonFrames.FACTORY.createParser(frame)) {
            return read(p);
        } catch (IOException | InvalidDeltaException e) {
            // Invalid JSON, a number past a long, or lengths that add up past an int: the tree decoder says which.
            return null;
        }
    }

    private static Submit read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        int seen = 0;
        String collection = null;
        String docId = null;
        Long version = null;
        long seq = 0;
        String source = null;
        Delta delta = null;
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            int bit = bit(field);
            if (bit < 0 || (seen & bit) != 0) {
                return null; // a create or del, or a field given twice
            }
            seen |= bit;
            switch (field) {
                case "a" -> {
                    if (value != JsonToken.VALUE_STRING || !"op".equals(p.getText())) {
                        return null;
                    }
                }
                case "c" -> collection = name(p, value);
                case "d" -> docId = name(p, value);
                case "v" -> {
                    if (value != JsonToken.VALUE_NULL) {
                        long v = count(p, value, 0);
                        if (v < 0) {
                            return null;
                        }
                        version = v;
                    }
                }
                case "seq" -> seq = count(p, value, 1);
                case "src" -> {
                    if (value == JsonToken.VALUE_STRING && p.getTextLength() > 0) {
                        source = name(p, value);
                        if (source == null) {
                            return null;
                        }
                    } else if (value != JsonToken.VALUE_NULL && value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                }
                case "op" -> delta = delta(p, value);
                default -> p.skipChildren(); // x, and fields of later clients: the tree decoder ignores them too
            }
        }
        if (token != JsonToken.END_OBJECT || p.nextToken() != null || (seen & REQUIRED) != REQUIRED) {
            return null;
        }
        return edit(collection, docId, version, seq, source, delta);
    }

    /**
     * The edit of the fields read, by this reader or the scanner; null if one the decoder requires is missing or
     * out of range.
     */
    static Submit edit(String collection, String docId, Long version, long seq, String source, Delta delta) {
        if (collection == null || docId == null || delta == null || seq < 1 || seq >= Protocol.MAX_SAFE_INTEGER) {
            return null;
        }
        return new Submit(collection, docId, version, seq, source, new DocOp.Edit(delta));
    }

    /** The field's bit; 0 for a field this reader skips; -1 for one that makes the message not a plain edit. */
    private static int bit(String field) {
        return switch (field) {
            case "a" -> A;
            case "c" -> C;
            case "d" -> D;
            case "v" -> V;
            case "seq" -> SEQ;
            case "src" -> SRC;
            case "op" -> OP;
            case "create", "del" -> -1;
            default -> 0;
        };
    }

    /** An id the tree decoder accepts, or null. */
    private static String name(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            return null;
        }
        String name = p.getText();
        return RequestFields.nameProblem(name, RequestFields.MAX_NAME_LENGTH) == null ? name : null;
    }

    /** A JSON integer from {@code min} up to 2^53-1, or -1. */
    private static long count(JsonParser p, JsonToken value, long min) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            return -1;
        }
        long count = p.getLongValue();
        return count >= min && count <= Protocol.MAX_SAFE_INTEGER ? count : -1;
    }

    /** {@code {"ops": [...]}} or the array itself, of plain ops; null for anything else. */
    private static Delta delta(JsonParser p, JsonToken start) throws IOException {
        if (start == JsonToken.START_ARRAY) {
            return ops(p);
        }
        if (start != JsonToken.START_OBJECT) {
            return null;
        }
        Delta ops = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (!"ops".equals(field)) {
                p.skipChildren(); // the tree decoder reads "ops" and nothing else
            } else if (ops != null || value != JsonToken.START_ARRAY || (ops = ops(p)) == null) {
                return null;
            }
        }
        return ops;
    }

    /** The ops of the array the parser is on; null at the first op that is not a plain one. */
    private static Delta ops(JsonParser p) throws IOException {
        DeltaBuilder builder = new DeltaBuilder();
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.START_OBJECT) {
            String insert = null;
            long retain = -1;
            long delete = -1;
            int actions = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                actions++;
                switch (field) {
                    case "insert" -> {
                        if (value != JsonToken.VALUE_STRING || p.getTextLength() == 0) {
                            return null;
                        }
                        insert = p.getText();
                    }
                    case "retain" -> retain = length(p, value);
                    case "delete" -> delete = length(p, value);
                    default -> {
                        return null; // attributes, or a field the tree decoder refuses
                    }
                }
            }
            if (actions != 1) {
                return null;
            }
            if (insert != null) {
                builder.insert(insert);
            } else if (retain > 0) {
                builder.retain((int) retain);
            } else if (delete > 0) {
                builder.delete((int) delete);
            } else {
                return null;
            }
        }
        return token == JsonToken.END_ARRAY ? builder.build() : null;
    }

    /** A retain or delete length the tree decoder accepts (an integer from 1 below 2^31 - 1), or -1. */
    private static long length(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            return -1;
        }
        long length = p.getLongValue();
        return length >= 1 && length <= Integer.MAX_VALUE - 1 ? length : -1;
    }
}
