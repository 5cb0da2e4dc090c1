package io.quire.server.document;

import io.quire.server.storage.StoredOp;

/**
 * Hears every op once it is durable, before its author's ack: books follow created and deleted chapters, webhooks
 * announce changes. Called on the document's sequencer, in version order, on the path of every op: it must return
 * at once (hand real work to another thread) and must not throw.
 */
@FunctionalInterface
public interface CommitListener {
    void committed(StoredOp op);

    CommitListener NONE = op -> { };
}
