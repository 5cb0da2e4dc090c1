package io.quire.server.history;

import io.quire.server.storage.DocKey;
import io.quire.server.storage.DocumentStore;
import io.quire.server.storage.StoredOp;

import java.util.List;

/** Walks a chapter's op log from version 0, recomputing each op's hash, and reports the first break. */
final class ChainVerifier {
    private static final int CHUNK = 1_000;

    private final DocumentStore store;

    ChainVerifier(DocumentStore store) {
        this.store = store;
    }

    ChainCheck verify(DocKey key, long head) {
        String previous = null;
        for (long from = 0; from < head; from += CHUNK) {
            long to = Math.min(head, from + CHUNK);
            List<StoredOp> ops;
            try {
                ops = store.ops(key, from, to);
            } catch (RuntimeException e) {
                return unreadable(key, from, to, e);
            }
            for (int i = 0; i < ops.size(); i++) {
                StoredOp op = ops.get(i);
                long expected = from + i;
                if (op.version() != expected) {
                    return broken(expected, "the op at version " + expected + " is missing");
                }
                if (op.hash() == null) {
                    return broken(expected, "the op at version " + expected + " has no hash");
                }
                String recomputed = RevisionHash.of(previous, op);
                if (!recomputed.equals(op.hash())) {
                    return broken(expected, "the op at version " + expected + " does not match its hash: it, or one"
                            + " before it, was changed after it was stored");
                }
                previous = op.hash();
            }
            if (ops.size() != to - from) {
                return broken(from + ops.size(), "the op at version " + (from + ops.size()) + " is missing");
            }
        }
        return new ChainCheck(true, head, null, null);
    }

    /** A chunk failed to decode: find the op that does, one at a time. */
    private ChainCheck unreadable(DocKey key, long from, long to, RuntimeException failure) {
        for (long v = from; v < to; v++) {
            try {
                store.ops(key, v, v + 1);
            } catch (RuntimeException e) {
                return broken(v, "the op at version " + v + " is unreadable: " + e.getMessage());
            }
        }
        return broken(from, "ops from version " + from + " are unreadable: " + failure.getMessage());
    }

    private static ChainCheck broken(long version, String reason) {
        return new ChainCheck(false, version, version, reason);
    }
}
