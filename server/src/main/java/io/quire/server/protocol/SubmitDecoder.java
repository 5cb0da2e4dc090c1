package io.quire.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.quire.ot.Delta;
import io.quire.ot.DeltaJson;
import io.quire.ot.InvalidDeltaException;
import io.quire.server.protocol.ClientMessage.Submit;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads an {@code op} message ({@link Submit}). The envelope (c, d, v, seq) fails as
 * {@code ERR_MESSAGE_BADLY_FORMED}, like ShareDB's request check; the op itself as {@code ERR_OT_OP_BADLY_FORMED},
 * like its {@code ot.checkOp}, so the client sees the same codes as from ShareDB.
 */
final class SubmitDecoder {
    private SubmitDecoder() {
    }

    static Submit decode(RequestFields fields) {
        String collection = fields.name("c");
        String docId = fields.name("d");
        Long version = fields.optionalCount("v");
        long seq = seq(fields);
        String source = fields.optionalName("src", ErrorCode.ERR_OT_OP_BADLY_FORMED);
        return new Submit(collection, docId, version, seq, source, docOp(fields));
    }

    /** ShareDB refuses a seq from {@code MAX_SAFE_INTEGER} on with a code of its own, before anything else. */
    private static long seq(RequestFields fields) {
        JsonNode node = fields.get("seq");
        if (node != null && RequestFields.isWholeNumber(node) && node.doubleValue() >= Protocol.MAX_SAFE_INTEGER) {
            throw new ProtocolException(ErrorCode.ERR_CONNECTION_SEQ_INTEGER_OVERFLOW,
                    "seq " + RequestFields.describe(node) + " has reached 2^53-1, the largest the client can count to");
        }
        return fields.positive("seq");
    }

    private static DocOp docOp(RequestFields fields) {
        // ShareDB looks at 'op' in request, then a truthy create, then a truthy del, and silently takes the first.
        // Quire refuses anything but exactly one: an op message that also creates is a client bug.
        List<String> present = new ArrayList<>(1);
        if (fields.get("op") != null) {
            present.add("op");
        }
        if (fields.has("create")) {
            present.add("create");
        }
        if (fields.has("del")) {
            present.add("del");
        }
        if (present.size() != 1) {
            throw new ProtocolException(ErrorCode.ERR_OT_OP_BADLY_FORMED, "expected exactly one of op, create or del, got "
                    + (present.isEmpty() ? "none" : String.join(" and ", present)));
        }
        return switch (present.get(0)) {
            case "op" -> new DocOp.Edit(edit(fields.get("op")));
            case "create" -> create(fields.get("create"));
            default -> delete(fields.get("del"));
        };
    }

    private static Delta edit(JsonNode op) {
        try {
            return DeltaJson.read(op);
        } catch (InvalidDeltaException e) {
            throw new ProtocolException(ErrorCode.ERR_OT_OP_BADLY_FORMED, e.getMessage());
        }
    }

    private static DocOp.Create create(JsonNode create) {
        if (!create.isObject()) {
            throw RequestFields.expected(ErrorCode.ERR_OT_OP_BADLY_FORMED, "create", "an object {type, data}", create);
        }
        JsonNode type = create.get("type");
        if (type == null || !type.isTextual()) {
            throw RequestFields.expected(ErrorCode.ERR_OT_OP_BADLY_FORMED, "create.type", "a type name or URI", type);
        }
        if (!Protocol.isRichText(type.textValue())) {
            throw new ProtocolException(ErrorCode.ERR_DOC_TYPE_NOT_RECOGNIZED, "unknown type "
                    + RequestFields.describe(type) + " (expected " + Protocol.RICH_TEXT_URI + " or "
                    + Protocol.RICH_TEXT_NAME + ")");
        }
        JsonNode data = create.get("data");
        if (data == null || data.isNull()) {
            // doc.create(undefined, 'rich-text') sends no data; the type's create() makes an empty Delta of it.
            return new DocOp.Create(Delta.EMPTY);
        }
        Delta contents;
        try {
            contents = DeltaJson.read(data);
        } catch (InvalidDeltaException e) {
            throw new ProtocolException(ErrorCode.ERR_OT_OP_BADLY_FORMED, "create.data: " + e.getMessage());
        }
        // Checked on the wire form, not the canonical one: a trailing retain, which canonical form drops, would
        // stay in the creating client's copy (the type's create() keeps ops as they are) and split it from ours.
        JsonNode ops = data.isArray() ? data : data.get("ops");
        for (int i = 0; i < ops.size(); i++) {
            JsonNode op = ops.get(i);
            if (!op.has("insert")) {
                throw new ProtocolException(ErrorCode.ERR_OT_OP_BADLY_FORMED, "expected create.data to be a document "
                        + "(inserts only), got " + RequestFields.describe(op) + " at op " + i);
            }
        }
        return new DocOp.Create(contents);
    }

    private static DocOp.Delete delete(JsonNode del) {
        if (!del.isBoolean() || !del.booleanValue()) {
            throw RequestFields.expected(ErrorCode.ERR_OT_OP_BADLY_FORMED, "del", "true", del);
        }
        return DocOp.Delete.INSTANCE;
    }
}
