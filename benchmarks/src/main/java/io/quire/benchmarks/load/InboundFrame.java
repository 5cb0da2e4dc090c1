package io.quire.benchmarks.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * What a load client needs from one server frame, read with Jackson's streaming parser (no tree is built: a
 * client of a busy chapter reads hundreds of thousands of broadcasts a second on the same cores as the server).
 *
 * <pre>
 *   {"a":"init"|"hs","protocol":1,"protocolMinor":2,"id":"&lt;src&gt;","type":...}           id → {@link #clientId}
 *   {"a":"s"|"f","c","d","data":{"v":3,"data":{"ops":[...]},"type":"...rich-text/v1"}}  snapshot
 *   {"a":"op","c","d","v","src","seq","op":{"ops":[...]}}                              an edit (or a bare ops array)
 *   {"a":"op","c","d","v","src","seq","create":{"type","data":{"ops":[...]}}}          a create
 *   {"a":"op","c","d","v","src","seq","del":true}                                      a delete
 *   {"a":"op","c","d","src","seq","v"}                                                 the ack of one's own op
 *   {...the request echoed..., "error":{"code":"ERR_...","message":"..."}}              an error reply
 * </pre>
 *
 * @param version     {@code v}, or -1 when absent or null
 * @param seq         {@code seq}, or -1 when absent
 * @param lengthDelta for an edit, its inserted minus deleted length in UTF-16 units (an embed counts 1); for a
 *                    create, the created document's length
 * @param snapshot    the {@code data} of a fetch or subscribe reply, or null
 */
public record InboundFrame(String action, String collection, String docId, long version, String source, long seq,
                           Kind kind, long lengthDelta, String clientId, Snapshot snapshot, String errorCode,
                           String errorMessage) {

    public enum Kind {
        /** No op: a reply, or the ack of one's own op. */
        NONE,
        EDIT,
        CREATE,
        DELETE
    }

    /**
     * A document as a fetch or subscribe reply gives it.
     *
     * @param type   the type URI, or null for a document that does not exist
     * @param length its length in UTF-16 units
     */
    public record Snapshot(long version, String type, long length) {
        public boolean exists() {
            return type != null;
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    public boolean isError() {
        return errorCode != null;
    }

    /** An {@code op} frame without an op: the acknowledgement of the receiver's own submission. */
    public boolean isAck() {
        return "op".equals(action) && kind == Kind.NONE && errorCode == null;
    }

    public boolean isRemoteOp() {
        return "op".equals(action) && kind != Kind.NONE && errorCode == null;
    }

    /** Parses one text frame. */
    public static InboundFrame parse(String frame) throws IOException {
        try (JsonParser p = JSON.createParser(frame)) {
            return parse(p);
        }
    }

    /** Parses one text frame from its UTF-8 bytes: an ack or a plain edit by {@link OpFrameScanner}, the rest by Jackson. */
    public static InboundFrame parse(byte[] utf8, int offset, int length) throws IOException {
        InboundFrame frame = OpFrameScanner.scan(utf8, offset, length);
        if (frame != null) {
            return frame;
        }
        return parseWithJackson(utf8, offset, length);
    }

    static InboundFrame parseWithJackson(byte[] utf8, int offset, int length) throws IOException {
        try (JsonParser p = JSON.createParser(utf8, offset, length)) {
            return parse(p);
        }
    }

    private static InboundFrame parse(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("frame is not a JSON object");
        }
        String action = null;
        String collection = null;
        String docId = null;
        long version = -1;
        String source = null;
        long seq = -1;
        Kind kind = Kind.NONE;
        long lengthDelta = 0;
        String id = null;
        Snapshot snapshot = null;
        String errorCode = null;
        String errorMessage = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "a" -> action = p.getText();
                case "c" -> collection = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "d" -> docId = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "v" -> version = value.isNumeric() ? p.getLongValue() : -1;
                case "src" -> source = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "seq" -> seq = value.isNumeric() ? p.getLongValue() : -1;
                case "id" -> id = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "op" -> {
                    kind = Kind.EDIT;
                    lengthDelta = deltaLengthChange(p, value);
                }
                case "create" -> {
                    kind = Kind.CREATE;
                    lengthDelta = createdLength(p, value);
                }
                case "del" -> {
                    if (value == JsonToken.VALUE_TRUE) {
                        kind = Kind.DELETE;
                    }
                }
                case "data" -> {
                    if (value == JsonToken.START_OBJECT) {
                        snapshot = snapshot(p);
                    } else {
                        p.skipChildren();
                    }
                }
                case "error" -> {
                    if (value == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            JsonToken t = p.nextToken();
                            if ("code".equals(name) && t == JsonToken.VALUE_STRING) {
                                errorCode = p.getText();
                            } else if ("message".equals(name) && t == JsonToken.VALUE_STRING) {
                                errorMessage = p.getText();
                            } else {
                                p.skipChildren();
                            }
                        }
                        if (errorCode == null) {
                            errorCode = "ERR_(no code)";
                        }
                    } else if (value == JsonToken.VALUE_STRING) {
                        errorCode = "ERR_UNKNOWN_ERROR";
                        errorMessage = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new InboundFrame(action, collection, docId, version, source, seq, kind, lengthDelta, id, snapshot,
                errorCode, errorMessage);
    }

    /** {@code {"v":3,"data":{"ops":[...]},"type":"..."}}; the parser is on its START_OBJECT. */
    private static Snapshot snapshot(JsonParser p) throws IOException {
        long version = -1;
        String type = null;
        long length = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "v" -> version = t.isNumeric() ? p.getLongValue() : -1;
                case "type" -> type = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "data" -> length = deltaLengthChange(p, t);
                default -> p.skipChildren();
            }
        }
        return new Snapshot(version, type, length);
    }

    /** {@code {"type":...,"data":{"ops":[...]}}}: the created document's length. */
    private static long createdLength(JsonParser p, JsonToken start) throws IOException {
        if (start != JsonToken.START_OBJECT) {
            p.skipChildren();
            return 0;
        }
        long length = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if ("data".equals(name)) {
                length = deltaLengthChange(p, t);
            } else {
                p.skipChildren();
            }
        }
        return length;
    }

    /**
     * A delta as {@code {"ops":[...]}} or a bare array: inserted minus deleted length. For an insert-only document
     * this is its length.
     */
    private static long deltaLengthChange(JsonParser p, JsonToken start) throws IOException {
        if (start == JsonToken.START_ARRAY) {
            return opsLengthChange(p);
        }
        if (start != JsonToken.START_OBJECT) {
            p.skipChildren();
            return 0;
        }
        long change = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if ("ops".equals(name) && t == JsonToken.START_ARRAY) {
                change = opsLengthChange(p);
            } else {
                p.skipChildren();
            }
        }
        return change;
    }

    /** The parser is on the array's START_ARRAY; leaves it on its END_ARRAY. */
    private static long opsLengthChange(JsonParser p) throws IOException {
        long change = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("insert".equals(name)) {
                    if (v == JsonToken.VALUE_STRING) {
                        change += p.getTextLength(); // UTF-16 units, as JavaScript counts
                    } else {
                        p.skipChildren();
                        change += 1; // an embed
                    }
                } else if ("delete".equals(name) && v.isNumeric()) {
                    change -= p.getLongValue();
                } else {
                    p.skipChildren();
                }
            }
        }
        return change;
    }
}
