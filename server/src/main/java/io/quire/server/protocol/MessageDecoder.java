package io.quire.server.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quire.server.protocol.ClientMessage.BulkFetch;
import io.quire.server.protocol.ClientMessage.BulkSubscribe;
import io.quire.server.protocol.ClientMessage.BulkUnsubscribe;
import io.quire.server.protocol.ClientMessage.Fetch;
import io.quire.server.protocol.ClientMessage.Handshake;
import io.quire.server.protocol.ClientMessage.Ping;
import io.quire.server.protocol.ClientMessage.PresenceRequest;
import io.quire.server.protocol.ClientMessage.PresenceSubscribe;
import io.quire.server.protocol.ClientMessage.PresenceUnsubscribe;
import io.quire.server.protocol.ClientMessage.PresenceUpdate;
import io.quire.server.protocol.ClientMessage.SnapshotFetch;
import io.quire.server.protocol.ClientMessage.SnapshotFetchAtTime;
import io.quire.server.protocol.ClientMessage.Subscribe;
import io.quire.server.protocol.ClientMessage.Unsubscribe;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one client frame into a {@link ClientMessage}, or says precisely why it cannot.
 *
 * <p>Failures are {@link ProtocolException}s:
 * <ul>
 *   <li>a frame over the size limit, not JSON, or not a JSON object: {@code ERR_MESSAGE_TOO_LARGE} or
 *       {@code ERR_MESSAGE_BADLY_FORMED}, fatal (ShareDB closes on a frame it cannot read, and there is no
 *       request to echo);</li>
 *   <li>an unknown action or a missing or mistyped field: {@code ERR_MESSAGE_BADLY_FORMED}, answered;</li>
 *   <li>a bad op, create or delete in a submit: {@code ERR_OT_OP_BADLY_FORMED} (a delta's own message),
 *       {@code ERR_DOC_TYPE_NOT_RECOGNIZED} for a type other than rich-text, {@code ERR_CONNECTION_SEQ_INTEGER_OVERFLOW}
 *       for a seq from 2^53-1;</li>
 *   <li>a bad handshake: {@code ERR_PROTOCOL_VERSION_NOT_SUPPORTED} or {@code ERR_CLIENT_ID_BADLY_FORMED}, fatal:
 *       a client whose handshake fails never connects.</li>
 * </ul>
 * Every failure after the frame parsed as an object carries it ({@link ProtocolException#request()}) for the
 * error reply's echo. Thread-safe.
 */
public final class MessageDecoder {
    /** The default frame limit, in UTF-16 chars (the WebSocket layer should limit bytes before this). */
    public static final int DEFAULT_MAX_FRAME_CHARS = 1024 * 1024;

    /** Presence channels are {@code collection + "." + id}. */
    private static final int MAX_CHANNEL_LENGTH = 2 * RequestFields.MAX_NAME_LENGTH + 1;

    private final int maxFrameChars;

    public MessageDecoder() {
        this(DEFAULT_MAX_FRAME_CHARS);
    }

    public MessageDecoder(int maxFrameChars) {
        if (maxFrameChars <= 0) {
            throw new IllegalArgumentException("maxFrameChars must be positive, got " + maxFrameChars);
        }
        this.maxFrameChars = maxFrameChars;
    }

    /**
     * @throws ProtocolException saying what was expected; {@link ProtocolException#closesConnection()} tells
     *                           whether to answer or to close
     */
    public ClientMessage decode(String frame) {
        if (frame.length() > maxFrameChars) {
            throw new ProtocolException(ErrorCode.ERR_MESSAGE_TOO_LARGE,
                    "a frame of " + frame.length() + " characters exceeds the limit of " + maxFrameChars);
        }
        ClientMessage edit = PlainEditReader.read(frame);
        if (edit != null) {
            return edit;
        }
        ObjectNode request = parseObject(frame);
        try {
            return decode(request);
        } catch (ProtocolException e) {
            throw e.about(request);
        }
    }

    private static ObjectNode parseObject(String frame) {
        JsonNode node;
        try {
            node = JsonFrames.TREE_READER.readTree(frame);
        } catch (JsonProcessingException e) {
            throw ProtocolException.fatal(ErrorCode.ERR_MESSAGE_BADLY_FORMED,
                    "expected a JSON object, got invalid JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw ProtocolException.fatal(ErrorCode.ERR_MESSAGE_BADLY_FORMED, "expected a JSON object, got an empty frame");
        }
        if (!node.isObject()) {
            throw ProtocolException.fatal(ErrorCode.ERR_MESSAGE_BADLY_FORMED,
                    "expected a JSON object, got " + node.getNodeType().name().toLowerCase());
        }
        return (ObjectNode) node;
    }

    /** Decodes a request already parsed; failures do not carry the request (see {@link #decode(String)}). */
    static ClientMessage decode(ObjectNode request) {
        RequestFields fields = new RequestFields(request);
        JsonNode action = request.get("a");
        if (action == null || !action.isTextual()) {
            throw RequestFields.expected("a", "an action string", action);
        }
        return switch (action.textValue()) {
            case "hs" -> handshake(fields);
            case "f" -> new Fetch(fields.name("c"), fields.name("d"), fields.optionalCount("v"));
            case "s" -> new Subscribe(fields.name("c"), fields.name("d"), fields.optionalCount("v"));
            case "u" -> new Unsubscribe(fields.name("c"), fields.name("d"));
            case "bf" -> new BulkFetch(fields.name("c"), bulkDocs(fields));
            case "bs" -> new BulkSubscribe(fields.name("c"), bulkDocs(fields));
            case "bu" -> new BulkUnsubscribe(fields.name("c"), bulkDocs(fields));
            case "op" -> SubmitDecoder.decode(fields);
            case "nf" -> new SnapshotFetch(fields.count("id"), fields.name("c"), fields.name("d"),
                    fields.optionalCount("v"));
            case "nt" -> new SnapshotFetchAtTime(fields.count("id"), fields.name("c"), fields.name("d"),
                    fields.optionalCount("ts"));
            case "ps" -> new PresenceSubscribe(fields.name("ch", MAX_CHANNEL_LENGTH), fields.positive("seq"));
            case "pu" -> new PresenceUnsubscribe(fields.name("ch", MAX_CHANNEL_LENGTH), fields.positive("seq"));
            case "p" -> presenceUpdate(fields);
            case "pr" -> new PresenceRequest(fields.name("ch", MAX_CHANNEL_LENGTH));
            case "pp" -> new Ping();
            case "qf", "qs", "qu" -> throw new ProtocolException(ErrorCode.ERR_MESSAGE_BADLY_FORMED,
                    "queries are not supported (action '" + action.textValue() + "')");
            default -> throw new ProtocolException(ErrorCode.ERR_MESSAGE_BADLY_FORMED,
                    "unknown action '" + RequestFields.shorten(action.textValue()) + "'");
        };
    }

    /**
     * The client sends {@code protocol: 1, protocolMinor: 2} as numbers; ShareDB also accepts numeric strings.
     * Any major but 1 is refused: the client would refuse our reply anyway.
     */
    private static Handshake handshake(RequestFields fields) {
        JsonNode id = fields.get("id");
        String clientId = null;
        if (id != null && !id.isNull() && !(id.isTextual() && id.textValue().isEmpty())) {
            String problem = RequestFields.nameProblem(id, RequestFields.MAX_NAME_LENGTH);
            if (problem != null) {
                throw RequestFields.expected(ErrorCode.ERR_CLIENT_ID_BADLY_FORMED, "id", "null or " + problem, id);
            }
            clientId = id.textValue();
        }
        long protocol = protocolNumber(fields.get("protocol"), -1);
        if (protocol != Protocol.MAJOR) {
            throw RequestFields.expected(ErrorCode.ERR_PROTOCOL_VERSION_NOT_SUPPORTED, "protocol",
                    String.valueOf(Protocol.MAJOR), fields.get("protocol"));
        }
        long minor = protocolNumber(fields.get("protocolMinor"), 0);
        if (minor < 0 || minor > Integer.MAX_VALUE) {
            throw RequestFields.expected(ErrorCode.ERR_PROTOCOL_VERSION_NOT_SUPPORTED, "protocolMinor",
                    "a non-negative integer", fields.get("protocolMinor"));
        }
        return new Handshake(clientId, (int) protocol, (int) minor);
    }

    /** The value of a number or numeric string; {@code absent} if missing or null; -1 if it is neither. */
    private static long protocolNumber(JsonNode node, long absent) {
        if (node == null || node.isNull()) {
            return absent;
        }
        if (node.isNumber()) {
            return RequestFields.isWholeNumber(node) && node.canConvertToLong() ? node.longValue() : -1;
        }
        if (node.isTextual() && node.textValue().matches("[0-9]{1,9}")) {
            return Long.parseLong(node.textValue());
        }
        return -1;
    }

    private static BulkDocs bulkDocs(RequestFields fields) {
        JsonNode b = fields.get("b");
        if (b != null && b.isArray()) {
            List<String> ids = new ArrayList<>(b.size());
            for (int i = 0; i < b.size(); i++) {
                JsonNode id = b.get(i);
                String problem = RequestFields.nameProblem(id, RequestFields.MAX_NAME_LENGTH);
                if (problem != null) {
                    throw RequestFields.expected("b[" + i + "]", "a document id: " + problem, id);
                }
                ids.add(id.textValue());
            }
            return new BulkDocs.IdList(ids);
        }
        if (b != null && b.isObject()) {
            Map<String, Long> versions = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String problem = RequestFields.nameProblem(entry.getKey(), RequestFields.MAX_NAME_LENGTH);
                if (problem != null) {
                    throw new ProtocolException(ErrorCode.ERR_MESSAGE_BADLY_FORMED, "expected each key of b to be "
                            + "a document id: " + problem + ", got \"" + RequestFields.shorten(entry.getKey()) + "\"");
                }
                versions.put(entry.getKey(), RequestFields.count("b." + entry.getKey(), entry.getValue()));
            }
            return new BulkDocs.VersionMap(versions);
        }
        throw RequestFields.expected("b", "an array of document ids or an object of id to version", b);
    }

    private static PresenceUpdate presenceUpdate(RequestFields fields) {
        String channel = fields.name("ch", MAX_CHANNEL_LENGTH);
        String presenceId = fields.name("id");
        long presenceVersion = fields.count("pv");
        JsonNode value = fields.get("p");
        if (!fields.has("c") && !fields.has("d")) {
            // Plain channel presence: the value is the application's, any JSON.
            return new PresenceUpdate(channel, presenceId, value, presenceVersion, null, null, null, null);
        }
        String collection = fields.name("c");
        String docId = fields.name("d");
        if (!channel.equals(collection + "." + docId)) {
            throw RequestFields.expected("ch", "\"" + collection + "." + docId + "\" for presence in document "
                    + collection + "/" + docId, fields.get("ch"));
        }
        Long version = fields.optionalCount("v");
        JsonNode type = fields.get("t");
        String typeUri = null;
        if (type != null && !type.isNull()) {
            if (!type.isTextual()) {
                throw RequestFields.expected("t", "a type URI", type);
            }
            if (!Protocol.isRichText(type.textValue())) {
                throw new ProtocolException(ErrorCode.ERR_TYPE_DOES_NOT_SUPPORT_PRESENCE,
                        "type " + RequestFields.describe(type) + " does not support presence (expected "
                                + Protocol.RICH_TEXT_URI + ")");
            }
            typeUri = Protocol.RICH_TEXT_URI;
        }
        try {
            TextRange.read(value);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.ERR_MESSAGE_BADLY_FORMED, e.getMessage());
        }
        return new PresenceUpdate(channel, presenceId, value, presenceVersion, collection, docId, version, typeUri);
    }
}
