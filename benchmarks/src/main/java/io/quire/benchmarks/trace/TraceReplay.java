package io.quire.benchmarks.trace;

import io.quire.ot.Delta;
import io.quire.ot.DocumentRope;

/** Replays a trace on a {@link DocumentRope}, the way the server applies a chapter's ops. */
public final class TraceReplay {
    private TraceReplay() {
    }

    public static DocumentRope onRope(EditingTrace trace) {
        DocumentRope rope = new DocumentRope(Delta.ofText(trace.startContent()));
        for (Delta edit : trace.edits()) {
            rope.apply(edit);
        }
        return rope;
    }

    /** The same replay through {@link Delta#compose}, rebuilding the document on every edit: the baseline. */
    public static Delta onDelta(EditingTrace trace, int maxEdits) {
        Delta doc = Delta.ofText(trace.startContent());
        int n = Math.min(maxEdits, trace.edits().size());
        for (int i = 0; i < n; i++) {
            doc = doc.compose(trace.edits().get(i));
        }
        return doc;
    }

    /** Throws unless the replay produced the trace's end content. */
    public static void checkEnd(EditingTrace trace, String actual) {
        if (!trace.endContent().equals(actual)) {
            int at = 0;
            while (at < Math.min(actual.length(), trace.endContent().length()) && actual.charAt(at) == trace.endContent().charAt(at)) {
                at++;
            }
            throw new IllegalStateException(trace.name() + ": replay diverged from endContent at offset " + at
                    + " (lengths " + actual.length() + " vs " + trace.endContent().length() + ")");
        }
    }
}
