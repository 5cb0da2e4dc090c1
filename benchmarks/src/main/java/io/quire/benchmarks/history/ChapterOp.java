package io.quire.benchmarks.history;

import io.quire.ot.Delta;
import io.quire.server.storage.StoredOp;

/**
 * One op of a chapter's history as a benchmark submits it: made on the version just before it, by one author.
 *
 * @param kind   CREATE for the first op, EDIT after
 * @param delta  the initial contents (create) or the change (edit)
 * @param author who makes it; it also names the submitting client ({@link #source()})
 */
record ChapterOp(StoredOp.Kind kind, Delta delta, String author) {

    /** One client per author, as if each wrote from one browser tab. */
    String source() {
        return "client-" + author;
    }
}
