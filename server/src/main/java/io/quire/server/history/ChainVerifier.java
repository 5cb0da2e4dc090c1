package io.quire.server.history;

import io.quire.server.storage.DocKey;
import io.quire.server.storage.DocumentStore;
import io.quire.server.storage.StoredOp;

import java.util.List;

/**
 * Walks a chapter's op log from version 0, recomputing each op's hash (and each compacted entry's fold hash and
 * link, see {@link RevisionHash}), and reports the first break.
 */
final class ChainVerifier {
    private static final int CHUNK = 1_000;

    private final DocumentStore store;

    ChainVerifier(DocumentStore store) {
        this.store = store;
    }

    ChainCheck verify(DocKey key, long head) {
        String previous = null;
        long expected = 0;
        for (long from = 0; from < head; from += CHUNK) {
            long to = Math.min(head, from + CHUNK);
            List<StoredOp> ops;
            try {
                ops = store.ops(key, from, to);
            } catch (RuntimeException e) {
                return unreadable(key, from, to, e);
            }
            for (StoredOp op : ops) {
                // A fold's key is its last version, so a fold that began in an earlier chunk is read in this one.
                if (op.firstVersion() != expected) {
                    return broken(expected, "the op at version " + expected + " is missing");
                }
                if (op.hash() == null) {
                    return broken(expected, "the op at version " + expected + " has no hash");
                }
                String reason = op.folded() ? checkFold(op, previous) : checkOp(op, previous);
                if (reason != null) {
                    return broken(expected, reason);
                }
                previous = op.hash();
                expected = op.version() + 1;
            }
        }
        if (expected != head) {
            return broken(expected, "the op at version " + expected + " is missing");
        }
        return new ChainCheck(true, head, null, null);
    }

    private static String checkOp(StoredOp op, String previous) {
        if (!RevisionHash.of(previous, op).equals(op.hash())) {
            return "the op at version " + op.version() + " does not match its hash: it, or one before it, was changed"
                    + " after it was stored";
        }
        return null;
    }

    /** A fold links to the entry before it by the hash it recorded, and its fields by its fold hash. */
    private static String checkFold(StoredOp fold, String previous) {
        String range = "the compacted revision " + fold.firstVersion() + ".." + fold.version();
        if (!java.util.Objects.equals(previous, fold.fold().previousHash())) {
            return range + " does not follow the revision before it: an entry was removed or changed";
        }
        if (!RevisionHash.ofFold(fold).equals(fold.fold().foldHash())) {
            return range + " does not match its fold hash: it was changed after it was stored";
        }
        return null;
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
