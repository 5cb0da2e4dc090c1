package io.quire.server.document;

import io.quire.ot.Delta;
import io.quire.server.storage.DocKey;
import io.quire.server.storage.DocumentStore;
import io.quire.server.storage.Snapshot;
import io.quire.server.history.ProvenanceTracker;
import io.quire.server.storage.StoredOp;

import java.util.List;

/**
 * A document as it was: the nearest stored snapshot at or before a version, plus the ops from there
 * (at most one snapshot interval of them), or the version reached at a moment in time.
 *
 * <p>After compaction some versions are gone: a folded entry covering ops {@code a .. b} leads from version
 * {@code a} straight to {@code b + 1}. Asking for a version in between is refused with
 * {@link Rejection.Reason#COMPACTED}, naming both, rather than answered with a neighbour the caller did not ask
 * for; a moment in time inside a fold resolves to the kept version before it.
 */
final class PastVersions {
    /** Reads a document's ops {@code [from, to)}. */
    @FunctionalInterface
    interface OpLog {
        List<StoredOp> ops(long from, long to);
    }

    private PastVersions() {
    }

    static Snapshot snapshotAt(DocKey key, long atVersion, long head, DocumentStore store, OpLog log) {
        Snapshot base = store.snapshotAtOrBefore(key, atVersion).orElse(Snapshot.missing(key));
        ProvenanceTracker provenance = new ProvenanceTracker(base.provenance());
        Delta doc = base.content();
        boolean exists = base.exists();
        long created = base.createdAt();
        long updated = base.updatedAt();
        long reached = base.version();
        for (StoredOp op : log.ops(base.version(), atVersion)) {
            if (op.firstVersion() != reached) {
                throw compacted(key, reached, head, log);
            }
            reached = op.version() + 1;
            switch (op.kind()) {
                case CREATE -> {
                    doc = op.delta();
                    exists = true;
                    created = op.timestamp();
                }
                case EDIT -> doc = doc.compose(op.delta());
                case DELETE -> {
                    doc = Delta.EMPTY;
                    exists = false;
                }
            }
            provenance.record(op);
            updated = op.timestamp();
        }
        if (reached != atVersion) {
            throw compacted(key, atVersion, head, log);
        }
        return new Snapshot(key, atVersion, exists, doc, created, updated, provenance.snapshot());
    }

    /**
     * How many of the first {@code head} ops were made at or before {@code timestamp}: timestamps never decrease. A
     * folded entry counts as made when its last op was, so the answer is never a version inside it.
     */
    static long versionAt(long timestamp, long head, OpLog log) {
        long low = 0;
        long high = head;
        while (low < high) {
            long mid = (low + high) >>> 1;
            StoredOp entry = entryAt(mid, head, log);
            if (entry != null && entry.timestamp() <= timestamp) {
                low = entry.version() + 1;
            } else {
                high = entry == null ? mid : entry.firstVersion();
            }
        }
        return low;
    }

    /** The stored entry that holds the op at {@code version}: the op itself, or the fold it is in; null if none. */
    private static StoredOp entryAt(long version, long head, OpLog log) {
        // A fold is kept at its last version: look ahead in growing steps, as folds are rarely long.
        for (long step = 1, from = version; from < head; from += step, step = Math.min(step * 4, 4096)) {
            List<StoredOp> found = log.ops(from, Math.min(head, from + step));
            if (!found.isEmpty()) {
                StoredOp entry = found.get(0);
                return entry.firstVersion() <= version ? entry : null;
            }
        }
        return null;
    }

    private static Rejection compacted(DocKey key, long version, long head, OpLog log) {
        StoredOp fold = entryAt(version, head, log);
        if (fold == null || !fold.folded()) {
            return new Rejection(Rejection.Reason.OPS_NOT_FOUND, "the ops of " + key + " before version " + version
                    + " are not all stored");
        }
        return new Rejection(Rejection.Reason.COMPACTED, "version " + version + " of " + key.id() + " was compacted:"
                + " ops " + fold.firstVersion() + " to " + fold.version() + " were folded into one revision; the nearest"
                + " kept versions are " + fold.firstVersion() + " and " + (fold.version() + 1));
    }
}
