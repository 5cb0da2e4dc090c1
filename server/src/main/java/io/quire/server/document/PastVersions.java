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
 */
final class PastVersions {
    /** Reads a document's ops {@code [from, to)}. */
    @FunctionalInterface
    interface OpLog {
        List<StoredOp> ops(long from, long to);
    }

    private PastVersions() {
    }

    static Snapshot snapshotAt(DocKey key, long atVersion, DocumentStore store, OpLog log) {
        Snapshot base = store.snapshotAtOrBefore(key, atVersion).orElse(Snapshot.missing(key));
        ProvenanceTracker provenance = new ProvenanceTracker(base.provenance());
        Delta doc = base.content();
        boolean exists = base.exists();
        long created = base.createdAt();
        long updated = base.updatedAt();
        for (StoredOp op : log.ops(base.version(), atVersion)) {
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
        return new Snapshot(key, atVersion, exists, doc, created, updated, provenance.snapshot());
    }

    /** How many of the first {@code head} ops were made at or before {@code timestamp}: timestamps never decrease. */
    static long versionAt(long timestamp, long head, OpLog log) {
        long low = 0;
        long high = head;
        while (low < high) {
            long mid = (low + high) >>> 1;
            List<StoredOp> op = log.ops(mid, mid + 1);
            if (!op.isEmpty() && op.get(0).timestamp() <= timestamp) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
