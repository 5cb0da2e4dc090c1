package io.quire.server.history;

import io.quire.server.storage.StoredOp;

import java.util.Set;

/**
 * Which of a chapter's stored entries compaction may fold, and which versions must stay reachable.
 *
 * <ul>
 *   <li>Only edits made before the cutoff fold; a create or a delete stays, and so does everything newer, which
 *       live clients may still ask for one op at a time.</li>
 *   <li>A version named by a label or captured by a book version stays reachable: no fold spans it.</li>
 *   <li>The rest of the rule (one author, one edit session) is {@link FoldRun#accepts}: who wrote what, and the
 *       author's session count, stay what they were.</li>
 * </ul>
 *
 * @param cutoffMillis entries whose last op was made at or after this time (epoch ms) are left alone
 * @param kept         versions that must remain fetchable exactly
 */
record FoldPolicy(long cutoffMillis, Set<Long> kept) {
    FoldPolicy {
        kept = Set.copyOf(kept);
    }

    boolean foldable(StoredOp entry) {
        return entry.kind() == StoredOp.Kind.EDIT && entry.timestamp() < cutoffMillis;
    }

    /** Whether the state at {@code version} (after {@code version} ops) must stay reachable. */
    boolean keeps(long version) {
        return kept.contains(version);
    }
}
