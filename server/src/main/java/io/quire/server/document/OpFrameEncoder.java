package io.quire.server.document;

import io.quire.server.storage.StoredOp;

/** Turns a committed op into the message every subscriber receives; called once per op. */
@FunctionalInterface
public interface OpFrameEncoder {
    String encode(StoredOp op);
}
