package io.quire.server.document;

import io.quire.server.storage.StoredOp;

/**
 * Receives a document's ops as they become durable, in version order. Called on the document's sequencer:
 * implementations hand the frame to their connection and return at once.
 */
public interface Subscriber {
    /** The client id whose own ops this subscriber must not be sent (sharedb never echoes an op to its author). */
    String source();

    /**
     * One committed op. {@code frame} is the op's wire message, encoded once for all subscribers.
     */
    void onOp(StoredOp op, String frame);
}
