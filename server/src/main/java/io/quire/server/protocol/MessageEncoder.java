package io.quire.server.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.quire.ot.DeltaJson;
import io.quire.server.protocol.ClientMessage.PresenceUpdate;
import io.quire.server.storage.StoredOp;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the server's messages as the JSON text of one WebSocket frame, shaped as ShareDB's {@code agent.js}
 * shapes them, so the stock sharedb client reads them. Field order differs from ShareDB's where that makes no
 * difference to {@code JSON.parse}.
 *
 * <p>Each method streams into a per-thread buffer (no JSON tree), returns a String that can be sent to any
 * number of connections, and writes lone surrogates as <code>&#92;udXXX</code> escapes (see {@link JsonFrames}).
 * Thread-safe.
 */
public final class MessageEncoder {
    private static final String PONG = "{\"a\":\"pp\"}";

    private MessageEncoder() {
    }

    // ---- Connection

    /**
     * The legacy greeting sent on connect, before the client's handshake:
     * {@code {"a":"init","protocol":1,"protocolMinor":2,"id":"<client id>","type":"http://sharejs.org/types/JSONv0"}}.
     * {@code type} must be json0, the client's default, or the client refuses to connect.
     */
    public static String init(String clientId) {
        return greeting("init", clientId);
    }

    /**
     * The handshake reply, the same shape with {@code "a":"hs"}; {@code id} is the connection's {@code src}
     * (the id the client asked to keep, or the one the server assigned).
     */
    public static String handshake(String clientId) {
        return greeting("hs", clientId);
    }

    private static String greeting(String action, String clientId) {
        return JsonFrames.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("a", action);
            gen.writeNumberField("protocol", Protocol.MAJOR);
            gen.writeNumberField("protocolMinor", Protocol.MINOR);
            gen.writeStringField("id", clientId);
            gen.writeStringField("type", Protocol.DEFAULT_TYPE_URI);
            gen.writeEndObject();
        });
    }

    /** {@code {"a":"pp"}} */
    public static String pong() {
        return PONG;
    }

    // ---- Fetch and subscribe

    /**
     * {@code {"a":"f","c":"books","d":"ch1","data":{"v":3,"data":{"ops":[...]},"type":"http://sharejs.org/types/rich-text/v1"}}};
     * for a document without a type {@code "data":{"v":0,"type":null}}. See {@link DocSnapshot}.
     */
    public static String fetchReply(String collection, String docId, DocSnapshot snapshot) {
        return snapshotReply("f", collection, docId, snapshot);
    }

    /** {@code {"a":"f","c":"books","d":"ch1"}}: ends a fetch from a version, after the ops since it. */
    public static String fetchReply(String collection, String docId) {
        return docReply("f", collection, docId);
    }

    /** As {@link #fetchReply(String, String, DocSnapshot)} with {@code "a":"s"}. */
    public static String subscribeReply(String collection, String docId, DocSnapshot snapshot) {
        return snapshotReply("s", collection, docId, snapshot);
    }

    /** {@code {"a":"s","c":"books","d":"ch1"}}: ends a subscribe from a version, after the ops since it. */
    public static String subscribeReply(String collection, String docId) {
        return docReply("s", collection, docId);
    }

    /** {@code {"a":"u","c":"books","d":"ch1"}} */
    public static String unsubscribeReply(String collection, String docId) {
        return docReply("u", collection, docId);
    }

    private static String snapshotReply(String action, String collection, String docId, DocSnapshot snapshot) {
        return JsonFrames.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("a", action);
            gen.writeStringField("c", collection);
            gen.writeStringField("d", docId);
            gen.writeFieldName("data");
            writeSnapshotData(gen, snapshot);
            gen.writeEndObject();
        });
    }

    private static String docReply(String action, String collection, String docId) {
        return JsonFrames.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("a", action);
            gen.writeStringField("c", collection);
            gen.writeStringField("d", docId);
            gen.writeEndObject();
        });
    }

    /**
     * {@code {"v":3,"data":{"ops":[...]},"type":"<rich-text URI>"}} or {@code {"v":0,"type":null}}. ShareDB
     * leaves {@code type} out only when it is the default json0, and the client then assumes json0: for
     * rich-text it must always be written, and {@code null} marks a missing document.
     */
    private static void writeSnapshotData(JsonGenerator gen, DocSnapshot snapshot) throws IOException {
        gen.writeStartObject();
        gen.writeNumberField("v", snapshot.version());
        if (snapshot.exists()) {
            gen.writeFieldName("data");
            DeltaJson.write(gen, snapshot.content());
            gen.writeStringField("type", Protocol.RICH_TEXT_URI);
        } else {
            gen.writeNullField("type");
        }
        gen.writeEndObject();
    }

    // ---- Bulk

    /**
     * {@code {"a":"bf","c":"books","data":{"ch1":{"v":3,"data":{...},"type":"..."},"ch2":{"error":{"code":"...","message":"..."}}}}}:
     * the reply to a bulk fetch of {@link BulkDocs.IdList ids}.
     */
    public static String bulkFetchReply(String collection, Map<String, ? extends BulkEntry> results) {
        return bulkSnapshotsReply("bf", collection, results);
    }

    /** As {@link #bulkFetchReply(String, Map)} with {@code "a":"bs"}. */
    public static String bulkSubscribeReply(String collection, Map<String, ? extends BulkEntry> results) {
        return bulkSnapshotsReply("bs", collection, results);
    }

    /**
     * {@code {"a":"bf","c":"books","b":{"ch1":3,"ch2":0}}}: ends a bulk fetch of {@link BulkDocs.VersionMap
     * versions} after the ops since them, echoing {@code b}.
     */
    public static String bulkFetchReply(String collection, BulkDocs docs) {
        return bulkEchoReply("bf", collection, docs);
    }

    /** As {@link #bulkFetchReply(String, BulkDocs)} with {@code "a":"bs"}. */
    public static String bulkSubscribeReply(String collection, BulkDocs docs) {
        return bulkEchoReply("bs", collection, docs);
    }

    /** {@code {"a":"bu","c":"books","b":["ch1","ch2"]}} */
    public static String bulkUnsubscribeReply(String collection, BulkDocs docs) {
        return bulkEchoReply("bu", collection, docs);
    }

    private static String bulkSnapshotsReply(String action, String collection, Map<String, ? extends BulkEntry> results) {
        return JsonFrames.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("a", action);
            gen.writeStringField("c", collection);
            gen.writeObjectFieldStart("data");
            for (Map.Entry<String, ? extends BulkEntry> entry : results.entrySet()) {
                gen.writeFieldName(entry.getKey());
                if (entry.getValue() instanceof DocSnapshot snapshot) {
                    writeSnapshotData(gen, snapshot);
                } else {
                    BulkEntry.Failed failed = (BulkEntry.Failed) entry.getValue();
                    gen.writeStartObject();
                    writeError(gen, failed.code(), failed.message());
                    gen.writeEndObject();
                }
            }
            gen.writeEndObject();
            gen.writeEndObject();
        });
    }

    private static String bulkEchoReply(String action, String collection, BulkDocs docs) {
        return JsonFrames.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("a", action);
            gen.writeStringField("c", collection);
            writeBulkDocs(gen, docs);
            gen.writeEndObject();
        });
    }

    static void writeBulkDocs(JsonGenerator gen, BulkDocs docs) throws IOException {
        gen.writeFieldName("b");
        if (docs instanceof BulkDocs.VersionMap map) {
            gen.writeStartObject();
            for (Map.Entry<String, Long> entry : map.versions().entrySet()) {
                gen.writeNumberField(entry.getKey(), entry.getValue());
            }
            gen.writeEndObject();
        } else {
            gen.writeStartArray();
            for (String id : docs.ids()) {
                gen.writeString(id);
            }
            gen.writeEndArray();
        }
    }

    // ---- Ops

    /**
     * A committed op, as every subscriber but its author receives it (and as catch-up ops are sent), encoded
     * once for all of them:
     * <pre>
     *   {"a":"op","c":"books","d":"ch1","v":3,"src":"9f2c...","seq":7,"op":{"ops":[{"retain":5},{"insert":"!"}]}}
     *   {"a":"op","c":"books","d":"ch1","v":0,"src":"9f2c...","seq":1,"create":{"type":"http://sharejs.org/types/rich-text/v1","data":{"ops":[...]}}}
     *   {"a":"op","c":"books","d":"ch1","v":9,"src":"9f2c...","seq":8,"del":true}
     * </pre>
     *
     * @param version the version the op was applied at (the document is at {@code version + 1} after it)
     */
    public static String op(String collection, String docId, long version, String source, long seq, DocOp op) {
        if (op instanceof DocOp.Edit edit && plain(collection) && plain(docId) && plain(source)) {
            String delta = DeltaJson.encodableText(edit.delta());
            if (delta != null) {
                // Once per op: put together directly, exactly as the generator below writes it (a test compares).
                return "{\"a\":\"op\",\"c\":\"" + collection + "\",\"d\":\"" + docId + "\",\"v\":" + version
                        + ",\"src\":\"" + source + "\",\"seq\":" + seq + ",\"op\":" + delta + "}";
            }
        }
        return opByGenerator(collection, docId, version, source, seq, op);
    }

    static String opByGenerator(String collection, String docId, long version, String source, long seq, DocOp op) {
        return JsonFrames.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("a", "op");
            gen.writeStringField("c", collection);
            gen.writeStringField("d", docId);
            gen.writeNumberField("v", version);
            gen.writeStringField("src", source);
            gen.writeNumberField("seq", seq);
            writeDocOp(gen, op);
            gen.writeEndObject();
        });
    }

    /** {@link #op(String, String, long, String, long, DocOp)} for an op from the log. */
    public static String op(StoredOp op) {
        DocOp docOp = switch (op.kind()) {
            case CREATE -> new DocOp.Create(op.delta());
            case EDIT -> new DocOp.Edit(op.delta());
            case DELETE -> DocOp.Delete.INSTANCE;
        };
        return op(op.key().collection(), op.key().id(), op.version(), op.source(), op.seq(), docOp);
    }

    static void writeDocOp(JsonGenerator gen, DocOp op) throws IOException {
        if (op instanceof DocOp.Edit edit) {
            gen.writeFieldName("op");
            DeltaJson.writeOnce(gen, edit.delta());
        } else if (op instanceof DocOp.Create create) {
            gen.writeObjectFieldStart("create");
            gen.writeStringField("type", create.type());
            gen.writeFieldName("data");
            DeltaJson.write(gen, create.data());
            gen.writeEndObject();
        } else {
            gen.writeBooleanField("del", true);
        }
    }

    /**
     * The acknowledgement of the sender's own op, sent after any ops it had missed:
     * {@code {"a":"op","c":"books","d":"ch1","src":"9f2c...","seq":7,"v":3}} (no op field). The client matches
     * it to its inflight op by src and seq; {@code v} is the version the op was applied at, and the client then
     * counts one up (after a create it takes {@code v} as its version first). A resubmitted op that was already
     * committed gets the same ack, not an error.
     */
    public static String ack(String collection, String docId, String source, long seq, long version) {
        if (plain(collection) && plain(docId) && plain(source)) {
            // Once per op: put together directly, exactly as the generator below writes it (a test compares).
            return "{\"a\":\"op\",\"c\":\"" + collection + "\",\"d\":\"" + docId + "\",\"src\":\"" + source
                    + "\",\"seq\":" + seq + ",\"v\":" + version + "}";
        }
        return ackByGenerator(collection, docId, source, seq, version);
    }

    static String ackByGenerator(String collection, String docId, String source, long seq, long version) {
        return JsonFrames.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("a", "op");
            gen.writeStringField("c", collection);
            gen.writeStringField("d", docId);
            gen.writeStringField("src", source);
            gen.writeNumberField("seq", seq);
            gen.writeNumberField("v", version);
            gen.writeEndObject();
        });
    }

    /** Whether JSON writes {@code text} as it is between quotes: printable ASCII without a quote or backslash. */
    private static boolean plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    // ---- Snapshots at a version or time

    /**
     * {@code {"a":"nf","id":1,"v":5,"type":"http://sharejs.org/types/rich-text/v1","data":{"ops":[...]}}}, or
     * {@code {"a":"nf","id":1,"v":0,"type":null}}. Unlike fetch, {@code type} is always written, c and d are not
     * (the client matches the reply by {@code id}). ShareDB also sends {@code "m":null}, which the client ignores
     * (it reads {@code meta}).
     */
    public static String snapshotFetchReply(long requestId, DocSnapshot snapshot) {
        return versionedSnapshotReply("nf", requestId, snapshot);
    }

    /** As {@link #snapshotFetchReply} with {@code "a":"nt"}. */
    public static String snapshotFetchAtTimeReply(long requestId, DocSnapshot snapshot) {
        return versionedSnapshotReply("nt", requestId, snapshot);
    }

    private static String versionedSnapshotReply(String action, long requestId, DocSnapshot snapshot) {
        return JsonFrames.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("a", action);
            gen.writeNumberField("id", requestId);
            gen.writeNumberField("v", snapshot.version());
            if (snapshot.exists()) {
                gen.writeStringField("type", Protocol.RICH_TEXT_URI);
                gen.writeFieldName("data");
                DeltaJson.write(gen, snapshot.content());
            } else {
                gen.writeNullField("type");
            }
            gen.writeEndObject();
        });
    }

    // ---- Presence

    /**
     * A presence update as the channel's subscribers receive it, and as its sender gets it back for an ack
     * (matched by {@code id} and {@code pv}):
     * {@code {"a":"p","ch":"books.ch1","src":"9f2c...","id":"c3f0...","p":{"index":4,"length":0},"pv":3,"c":"books","d":"ch1","v":12,"t":"http://sharejs.org/types/rich-text/v1"}}.
     * c, d, v and t are left out for plain channel presence ({@code collection == null}).
     *
     * @param source  the sender's connection id; receivers ignore their own
     * @param value   the presence value ({@code p}), transformed to {@code version}; null when the sender left
     * @param version for document presence, the document version {@code value} refers to
     */
    public static String presence(String channel, String source, String presenceId, JsonNode value,
                                  long presenceVersion, String collection, String docId, Long version, String type) {
        return JsonFrames.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("a", "p");
            gen.writeStringField("ch", channel);
            gen.writeStringField("src", source);
            gen.writeStringField("id", presenceId);
            writePresenceBody(gen, value, presenceVersion, collection, docId, version, type);
            gen.writeEndObject();
        });
    }

    /** {@link #presence(String, String, String, JsonNode, long, String, String, Long, String)} as received. */
    public static String presence(PresenceUpdate update, String source) {
        return presence(update.channel(), source, update.presenceId(), update.value(), update.presenceVersion(),
                update.collection(), update.docId(), update.version(), update.type());
    }

    static void writePresenceBody(JsonGenerator gen, JsonNode value, long presenceVersion, String collection,
                                  String docId, Long version, String type) throws IOException {
        gen.writeFieldName("p");
        if (value == null) {
            gen.writeNull();
        } else {
            gen.writeTree(value);
        }
        gen.writeNumberField("pv", presenceVersion);
        if (collection != null) {
            gen.writeStringField("c", collection);
            gen.writeStringField("d", docId);
            gen.writeFieldName("v");
            if (version == null) {
                gen.writeNull();
            } else {
                gen.writeNumber(version);
            }
            gen.writeStringField("t", type);
        }
    }

    /** {@code {"a":"ps","ch":"books.ch1","seq":1}} */
    public static String presenceSubscribeReply(String channel, long seq) {
        return presenceSubscription("ps", channel, seq);
    }

    /** {@code {"a":"pu","ch":"books.ch1","seq":2}} */
    public static String presenceUnsubscribeReply(String channel, long seq) {
        return presenceSubscription("pu", channel, seq);
    }

    private static String presenceSubscription(String action, String channel, long seq) {
        return JsonFrames.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("a", action);
            gen.writeStringField("ch", channel);
            gen.writeNumberField("seq", seq);
            gen.writeEndObject();
        });
    }

    /**
     * {@code {"a":"pr","ch":"books.ch1"}}: asks the receiver to send its presence on the channel again (sent to
     * a channel's subscribers when someone subscribes or asks with {@code pr}).
     */
    public static String presenceRequest(String channel) {
        return JsonFrames.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("a", "pr");
            gen.writeStringField("ch", channel);
            gen.writeEndObject();
        });
    }

    // ---- Errors

    /**
     * The request echoed with the error added, as ShareDB answers every failed request:
     * {@code {"a":"op","c":"books","d":"ch1","v":3,"seq":7,"op":{...},"error":{"code":"ERR_OT_OP_NOT_APPLIED","message":"..."}}}.
     * For an error of the server's own ({@link ErrorCode.Fault#SERVER_INTERNAL}), keep internals out of the message.
     */
    public static String errorReply(ClientMessage request, ErrorCode code, String message) {
        return JsonFrames.write(gen -> {
            gen.writeStartObject();
            RequestEcho.writeFields(gen, request);
            writeError(gen, code, message);
            gen.writeEndObject();
        });
    }

    /** As {@link #errorReply(ClientMessage, ErrorCode, String)}, echoing a request that did not decode. */
    public static String errorReply(JsonNode request, ErrorCode code, String message) {
        return JsonFrames.write(gen -> {
            gen.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = request.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getKey().equals("error")) {
                    gen.writeFieldName(field.getKey());
                    gen.writeTree(field.getValue());
                }
            }
            writeError(gen, code, message);
            gen.writeEndObject();
        });
    }

    /**
     * The reply to a request that failed to decode, or empty when the frame was not a JSON object: then there is
     * nothing the client could match an error to, and ShareDB just closes.
     */
    public static Optional<String> errorReply(ProtocolException e) {
        return e.request() == null
                ? Optional.empty()
                : Optional.of(errorReply(e.request(), e.code(), e.getMessage()));
    }

    /**
     * An error about a document that answers no request: {@code {"a":"op","c","d","error"}}. The sharedb client
     * hands it to the document, which rolls back an op in flight or emits it as an 'error' event. Used when the
     * server ends a subscription itself, as when a member's access is taken away.
     */
    public static String documentError(String collection, String docId, ErrorCode code, String message) {
        return JsonFrames.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("a", "op");
            gen.writeStringField("c", collection);
            gen.writeStringField("d", docId);
            writeError(gen, code, message);
            gen.writeEndObject();
        });
    }

    private static void writeError(JsonGenerator gen, ErrorCode code, String message) throws IOException {
        gen.writeObjectFieldStart("error");
        gen.writeStringField("code", code.name());
        gen.writeStringField("message", message);
        gen.writeEndObject();
    }
}
