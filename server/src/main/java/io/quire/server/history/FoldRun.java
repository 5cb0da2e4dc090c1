package io.quire.server.history;

import io.quire.ot.Delta;
import io.quire.server.storage.StoredOp;

/**
 * Consecutive stored entries of one author in one edit session, being gathered into a fold. Knows the hash of
 * the entry before its first, which the fold records as its link to the chain.
 */
final class FoldRun {
    private final String previousHash;
    private final StoredOp first;
    private StoredOp last;
    private Delta delta;
    private ChangeCounts counts;
    private int entries = 1;

    FoldRun(StoredOp first, String previousHash) {
        this.previousHash = previousHash;
        this.first = first;
        this.last = first;
        this.delta = first.delta();
        this.counts = ChangeCounts.of(first);
    }

    /**
     * Whether {@code next} may join: the same author, within the session's pause, and the version between them
     * not one that must stay reachable.
     */
    boolean accepts(StoredOp next, FoldPolicy policy) {
        return policy.foldable(next)
                && EditSessions.continues(last.author(), last.timestamp(), next.author(), next.startedAt())
                && !policy.keeps(next.firstVersion());
    }

    void add(StoredOp next) {
        delta = delta.compose(next.delta());
        counts = counts.plus(ChangeCounts.of(next));
        last = next;
        entries++;
    }

    /** How many stored entries the fold replaces. */
    int entries() {
        return entries;
    }

    /** The folded entry: the last op's identity and hash, the composed change, the first op's version and time. */
    StoredOp fold() {
        StoredOp.Fold unsealed = new StoredOp.Fold(first.firstVersion(), first.startedAt(), counts.inserted(),
                counts.deleted(), counts.formatted(), previousHash, null);
        StoredOp entry = withFold(unsealed);
        return withFold(unsealed.sealed(RevisionHash.ofFold(entry)));
    }

    private StoredOp withFold(StoredOp.Fold fold) {
        return new StoredOp(last.key(), last.version(), last.source(), last.seq(), StoredOp.Kind.EDIT, delta,
                last.author(), last.timestamp(), last.hash(), fold);
    }
}
