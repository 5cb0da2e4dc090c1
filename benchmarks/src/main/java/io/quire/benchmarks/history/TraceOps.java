package io.quire.benchmarks.history;

import io.quire.benchmarks.trace.EditingTrace;
import io.quire.ot.Delta;
import io.quire.server.storage.StoredOp;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A recorded editing trace as a chapter's history, as it is: a create holding the trace's start content, then
 * one edit per transaction of the trace. The traces have one writer; to give blame something to tell apart,
 * the edits are credited to {@value #AUTHORS} names in turn, {@value #EDITS_PER_AUTHOR} edits each.
 */
final class TraceOps implements Iterator<ChapterOp> {
    static final int AUTHORS = 3;
    static final int EDITS_PER_AUTHOR = 1_000;

    private final EditingTrace trace;
    /** -1 for the create, then the index of the next edit. */
    private int next = -1;

    TraceOps(EditingTrace trace) {
        this.trace = trace;
    }

    /** Ops in the chapter once replayed: the create and every edit. */
    static long opCount(EditingTrace trace) {
        return trace.edits().size() + 1L;
    }

    static String authorOf(int edit) {
        return "author-" + (char) ('a' + edit / EDITS_PER_AUTHOR % AUTHORS);
    }

    @Override
    public boolean hasNext() {
        return next < trace.edits().size();
    }

    @Override
    public ChapterOp next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int edit = next++;
        if (edit < 0) {
            return new ChapterOp(StoredOp.Kind.CREATE, Delta.ofText(trace.startContent()), authorOf(0));
        }
        return new ChapterOp(StoredOp.Kind.EDIT, trace.edits().get(edit), authorOf(edit));
    }
}
