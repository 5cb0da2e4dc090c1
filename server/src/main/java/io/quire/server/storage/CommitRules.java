package io.quire.server.storage;

import java.util.List;

/**
 * What makes a commit acceptable, and the head it leaves: shared by every store so that they refuse and accept
 * exactly the same commits.
 *
 * <p>A commit of {@code n} ops starting at head {@code h} holds versions {@code h .. h+n-1}, all of its own
 * document, and may carry snapshots at versions {@code h .. h+n}: a snapshot at {@code h} itself is the state
 * before the ops (the sequencer stores one at the head when it unloads an idle document, with no ops).
 */
final class CommitRules {
    private CommitRules() {
    }

    /** Checks what can be checked without the head: ownership, and that the ops are consecutive. */
    static void checkShape(DocKey key, List<StoredOp> ops, List<Snapshot> snapshots) {
        for (int i = 0; i < ops.size(); i++) {
            StoredOp op = ops.get(i);
            if (!op.key().equals(key)) {
                throw new IllegalArgumentException("op " + i + " belongs to " + op.key() + " (expected: " + key + ")");
            }
            if (i > 0 && op.version() != ops.get(0).version() + i) {
                throw new IllegalArgumentException("op " + i + " has version " + op.version()
                        + " (expected: " + (ops.get(0).version() + i) + ", versions must be consecutive)");
            }
        }
        for (Snapshot snapshot : snapshots) {
            if (!snapshot.key().equals(key)) {
                throw new IllegalArgumentException("snapshot at version " + snapshot.version() + " belongs to "
                        + snapshot.key() + " (expected: " + key + ")");
            }
        }
    }

    /**
     * Checks the commit against the current head and returns the head after it.
     *
     * @param before the head before the commit, or null if the document has no ops
     * @return the new head; {@code before} itself when there are no ops
     */
    static DocumentStore.Head advance(DocKey key, DocumentStore.Head before, List<StoredOp> ops, List<Snapshot> snapshots) {
        long start = before == null ? 0 : before.version();
        if (!ops.isEmpty() && ops.get(0).version() != start) {
            throw new IllegalArgumentException("ops of " + key + " start at version " + ops.get(0).version()
                    + " (expected: " + start + ", the head)");
        }
        long end = start + ops.size();
        for (Snapshot snapshot : snapshots) {
            if (snapshot.version() < start || snapshot.version() > end) {
                throw new IllegalArgumentException("snapshot of " + key + " at version " + snapshot.version()
                        + " (expected: " + start + " to " + end + ", the versions this commit reaches)");
            }
        }
        if (ops.isEmpty()) {
            return before;
        }
        boolean exists = before != null && before.exists();
        long createdAt = before == null ? 0 : before.createdAt();
        for (StoredOp op : ops) {
            switch (op.kind()) {
                case CREATE -> {
                    exists = true;
                    createdAt = op.timestamp();
                }
                case DELETE -> exists = false;
                case EDIT -> {
                }
            }
        }
        return new DocumentStore.Head(end, exists, createdAt, ops.get(ops.size() - 1).timestamp());
    }
}
