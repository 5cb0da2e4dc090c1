package io.quire.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.quire.ot.Delta;
import io.quire.ot.DeltaJson;
import io.quire.ot.InvalidDeltaException;

/** Chapter contents in request bodies: a Quill document (inserts only), checked before it reaches a sequencer. */
final class ContentBodies {
    private ContentBodies() {
    }

    /** The optional {@code content} field of a body (a Delta), or null when absent. */
    static Delta documentField(JsonNode body) {
        JsonNode content = body.get("content");
        return content == null || content.isNull() ? null : document(content);
    }

    /** A document Delta from JSON: inserts only; a final newline is added when missing, as Quill does. */
    static Delta document(JsonNode json) {
        Delta delta;
        try {
            delta = DeltaJson.read(json);
        } catch (InvalidDeltaException e) {
            throw ApiError.badRequest("content is not a valid Delta: " + e.getMessage());
        }
        return document(delta);
    }

    static Delta document(Delta delta) {
        if (!delta.isDocument()) {
            throw ApiError.badRequest("content must be a document: inserts only, no retain or delete");
        }
        String text = delta.plainText();
        return text.endsWith("\n") ? delta : delta.compose(Delta.builder().retain(delta.length()).insert("\n").build());
    }
}
