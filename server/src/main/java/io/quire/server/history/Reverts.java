package io.quire.server.history;

import io.quire.ot.Delta;
import io.quire.ot.DocumentRope;
import io.quire.server.document.Committed;
import io.quire.server.document.Submission;
import io.quire.server.storage.DocKey;
import io.quire.server.storage.DocumentStore;
import io.quire.server.storage.Snapshot;
import io.quire.server.storage.StoredOp;

import java.util.List;
import java.util.UUID;

/**
 * Changes that undo history without rewriting it: each is one new op, made by the requesting user, that goes
 * through the chapter's sequencer like any keystroke (transformed past ops that arrive meanwhile, stored, and
 * broadcast to everyone editing).
 */
final class Reverts {
    /** Ops read from the store at a time while replaying. */
    private static final int CHUNK = 1_000;

    private final ChapterReader chapters;
    private final DocumentStore store;

    Reverts(ChapterReader chapters, DocumentStore store) {
        this.chapters = chapters;
        this.store = store;
    }

    /** Brings the chapter back to its contents at {@code version}. */
    RevertOutcome restore(DocKey key, long version, String user) {
        Snapshot head = chapters.head(key);
        Snapshot target = chapters.at(key, version, head);
        checkEditable(head);
        if (!target.exists()) {
            throw new HistoryException(HistoryException.Kind.CONFLICT, "the chapter did not exist at version " + version
                    + ": there are no contents to restore");
        }
        return submit(key, head.version(), head.content().diff(target.content()), user);
    }

    /**
     * Undoes every change {@code author} made since {@code since}, keeping everyone else's work. Walking the ops
     * from {@code since} to the head, the revert is kept as an op that applies to the current state: an op by the
     * author is undone first (its inverse, composed before the revert so far); anyone else's op moves the revert
     * past it (transformed, their op winning ties, so text they typed next to the author's stays).
     */
    RevertOutcome revertAuthor(DocKey key, String author, long since, String user) {
        Snapshot head = chapters.head(key);
        Snapshot start = chapters.at(key, since, head);
        checkEditable(head);
        DocumentRope document = new DocumentRope(start.content());
        Delta revert = Delta.EMPTY;
        for (long from = since; from < head.version(); from += CHUNK) {
            List<StoredOp> ops = store.ops(key, from, Math.min(head.version(), from + CHUNK));
            for (StoredOp op : ops) {
                if (op.kind() != StoredOp.Kind.EDIT) {
                    throw new HistoryException(HistoryException.Kind.CONFLICT, "the chapter was "
                            + (op.kind() == StoredOp.Kind.CREATE ? "created" : "deleted") + " at version " + op.version()
                            + ", after version " + since + ": revert from a later version");
                }
                if (op.author().equals(author)) {
                    revert = op.delta().invert(document.toDelta()).compose(revert);
                } else {
                    revert = op.delta().transform(revert, true);
                }
                document.apply(op.delta());
            }
        }
        return submit(key, head.version(), revert, user);
    }

    private static void checkEditable(Snapshot head) {
        if (!head.exists()) {
            throw new HistoryException(HistoryException.Kind.CONFLICT, "the chapter was deleted at version "
                    + (head.version() - 1) + "; create it again before restoring");
        }
    }

    private RevertOutcome submit(DocKey key, long baseVersion, Delta change, String user) {
        if (change.isEmpty()) {
            return new RevertOutcome(baseVersion, false);
        }
        // A source of its own: the op is never deduplicated against a client's, and never echoed-suppressed for one.
        Submission submission = new Submission(baseVersion, "api-" + UUID.randomUUID(), 1, StoredOp.Kind.EDIT,
                change, user, null);
        Committed committed = chapters.submit(key, submission);
        return new RevertOutcome(committed.version() + 1, true);
    }
}
