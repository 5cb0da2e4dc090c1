package io.quire.benchmarks.load;

/**
 * The frames a load client sends, written as the sharedb 7 client writes them (one JSON object per text frame):
 *
 * <pre>
 *   {"a":"hs","id":null,"protocol":1,"protocolMinor":2}
 *   {"a":"s","c":"load","d":"doc-0","v":null}
 *   {"a":"f","c":"load","d":"doc-0"}
 *   {"a":"op","c":"load","d":"doc-0","v":null,"seq":1,"create":{"type":"http://sharejs.org/types/rich-text/v1","data":{"ops":[{"insert":"...\n"}]}}}
 *   {"a":"op","c":"load","d":"doc-0","v":7,"seq":2,"op":{"ops":[{"retain":12},{"insert":"k"}]}}
 * </pre>
 *
 * Like the sharedb client, an op carries no {@code src} on its first (and, here, only) send: the server takes
 * the connection's id. A retain of 0 is never written (quill-delta reads {@code {retain:0}} as "the rest").
 */
public final class OutboundFrames {
    public static final String RICH_TEXT = "http://sharejs.org/types/rich-text/v1";
    private static final String HANDSHAKE = "{\"a\":\"hs\",\"id\":null,\"protocol\":1,\"protocolMinor\":2}";

    private OutboundFrames() {
    }

    public static String handshake() {
        return HANDSHAKE;
    }

    public static String subscribe(String collection, String docId) {
        return "{\"a\":\"s\",\"c\":" + quote(collection) + ",\"d\":" + quote(docId) + ",\"v\":null}";
    }

    public static String fetch(String collection, String docId) {
        return "{\"a\":\"f\",\"c\":" + quote(collection) + ",\"d\":" + quote(docId) + "}";
    }

    public static String create(String collection, String docId, long seq, String text) {
        return "{\"a\":\"op\",\"c\":" + quote(collection) + ",\"d\":" + quote(docId) + ",\"v\":null,\"seq\":" + seq
                + ",\"create\":{\"type\":\"" + RICH_TEXT + "\",\"data\":{\"ops\":[{\"insert\":" + quote(text) + "}]}}}";
    }

    /** An insert of {@code text} at {@code position} of the document at {@code version}. */
    public static String insert(String collection, String docId, long version, long seq, long position, String text) {
        if (position < 0) {
            throw new IllegalArgumentException("position " + position + " is negative");
        }
        StringBuilder out = new StringBuilder(96 + collection.length() + docId.length() + text.length());
        out.append("{\"a\":\"op\",\"c\":").append(quote(collection)).append(",\"d\":").append(quote(docId))
                .append(",\"v\":").append(version).append(",\"seq\":").append(seq).append(",\"op\":{\"ops\":[");
        if (position > 0) {
            out.append("{\"retain\":").append(position).append("},");
        }
        out.append("{\"insert\":").append(quote(text)).append("}]}}");
        return out.toString();
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
