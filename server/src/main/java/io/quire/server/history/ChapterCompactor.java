package io.quire.server.history;

import io.quire.server.storage.Compaction;
import io.quire.server.storage.DocKey;
import io.quire.server.storage.DocumentStore;
import io.quire.server.storage.StoredOp;

import java.util.ArrayList;
import java.util.List;

/**
 * Folds a chapter's old keystroke ops into one entry per author edit session (see {@link FoldPolicy}). Runs as
 * the chapter's single writer (the caller hands it to the sequencer), verifies the chain first so that a fold
 * never seals over a break, then gives the store every fold of the chapter as one atomic write.
 */
final class ChapterCompactor {
    private static final int CHUNK = 1_000;

    private final DocumentStore store;
    private final ChainVerifier chain;

    ChapterCompactor(DocumentStore store) {
        this.store = store;
        this.chain = new ChainVerifier(store);
    }

    /** Compacts {@code key}, whose head is {@code head}, keeping also the chapter's own labels reachable. */
    ChapterCompaction compact(DocKey key, long head, long cutoffMillis, java.util.Set<Long> alsoKept) {
        ChainCheck check = chain.verify(key, head);
        if (!check.intact()) {
            return new ChapterCompaction(key, Compaction.NONE, "its hash chain is broken at version " + check.brokenAt()
                    + ": " + check.reason());
        }
        java.util.Set<Long> kept = new java.util.HashSet<>(alsoKept);
        store.labels(key).forEach(label -> kept.add(label.version()));
        FoldPolicy policy = new FoldPolicy(cutoffMillis, kept);
        List<StoredOp> folds = new ArrayList<>();
        FoldRun run = null;
        String previousHash = null;
        for (long from = 0; from < head; from += CHUNK) {
            for (StoredOp entry : store.ops(key, from, Math.min(head, from + CHUNK))) {
                if (run != null && run.accepts(entry, policy)) {
                    run.add(entry);
                } else {
                    addFold(run, folds);
                    run = policy.foldable(entry) ? new FoldRun(entry, previousHash) : null;
                }
                previousHash = entry.hash();
            }
        }
        addFold(run, folds);
        return new ChapterCompaction(key, folds.isEmpty() ? Compaction.NONE : store.fold(key, folds), null);
    }

    private static void addFold(FoldRun run, List<StoredOp> folds) {
        if (run != null && run.entries() > 1) {
            folds.add(run.fold());
        }
    }
}
