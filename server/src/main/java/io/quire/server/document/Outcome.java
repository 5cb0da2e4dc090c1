package io.quire.server.document;

import io.quire.server.storage.StoredOp;

import java.util.concurrent.CompletableFuture;

/** What one submission came to: an op to store (or a duplicate's ack), or a rejection. */
record Outcome(CompletableFuture<Committed> result, Subscriber origin, StoredOp op, Committed committed,
               Rejection rejection, long startNanos) {
    static Outcome accepted(Work.Submit submit, StoredOp op, Committed committed) {
        return new Outcome(submit.result(), submit.submission().origin(), op, committed, null, submit.startNanos());
    }

    static Outcome rejected(Work.Submit submit, Rejection rejection) {
        return new Outcome(submit.result(), null, null, null, rejection, submit.startNanos());
    }
}
