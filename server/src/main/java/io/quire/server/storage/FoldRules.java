package io.quire.server.storage;

import java.util.List;

/**
 * What makes a set of folds acceptable to a store, shared by every store so that they refuse the same ones. The
 * store checks only what keeps its own structure sound (the entries a fold replaces are there, contiguous, of one
 * author, below the head); that the fold's delta is the composition of theirs is the caller's promise, kept by
 * history.HistoryCompactor and checked again by the chain verifier's fold hash.
 */
final class FoldRules {
    private FoldRules() {
    }

    /** Folds must be of {@code key}, folded, in version order and apart from each other. */
    static void checkShape(DocKey key, List<StoredOp> folds) {
        long after = -1;
        for (StoredOp fold : folds) {
            if (!fold.key().equals(key)) {
                throw new IllegalArgumentException("fold at version " + fold.version() + " belongs to " + fold.key()
                        + " (expected: " + key + ")");
            }
            if (!fold.folded() || fold.fold().foldHash() == null) {
                throw new IllegalArgumentException("entry at version " + fold.version() + " is not a sealed fold");
            }
            if (fold.firstVersion() <= after) {
                throw new IllegalArgumentException("fold " + fold.firstVersion() + ".." + fold.version()
                        + " overlaps or precedes the fold before it (expected: versions > " + after + ")");
            }
            after = fold.version();
        }
    }

    /**
     * Checks that {@code stored}, the entries now kept with versions {@code fold.firstVersion() .. fold.version()},
     * are exactly what {@code fold} replaces.
     */
    static void checkReplaces(StoredOp fold, List<StoredOp> stored, DocumentStore.Head head) {
        String range = fold.firstVersion() + ".." + fold.version();
        if (head == null || fold.version() >= head.version()) {
            throw new IllegalArgumentException("fold " + range + " reaches the head (expected: versions < "
                    + (head == null ? 0 : head.version()) + ")");
        }
        long next = fold.firstVersion();
        for (StoredOp entry : stored) {
            if (entry.firstVersion() != next) {
                throw new IllegalArgumentException("fold " + range + " would cut the stored entry "
                        + entry.firstVersion() + ".." + entry.version() + " (expected one starting at " + next + ")");
            }
            if (entry.kind() != StoredOp.Kind.EDIT || !entry.author().equals(fold.author())) {
                throw new IllegalArgumentException("fold " + range + " by " + fold.author() + " would swallow the "
                        + entry.kind() + " of " + entry.author() + " at version " + entry.version()
                        + " (expected: edits of the fold's author only)");
            }
            next = entry.version() + 1;
        }
        if (next != fold.version() + 1 || stored.size() < 2) {
            throw new IllegalArgumentException("fold " + range + " needs at least two stored entries ending at "
                    + fold.version() + ", found " + stored.size() + " ending before " + next);
        }
        if (!java.util.Objects.equals(stored.get(stored.size() - 1).hash(), fold.hash())) {
            throw new IllegalArgumentException("fold " + range + " must keep the hash of its last entry");
        }
    }
}
