package io.quire.server.document;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** A queued request. */
sealed interface Work {
    void fail(Throwable failure);

    /** {@code startNanos}: {@link System#nanoTime()} when the submission reached its document, for the submit timer. */
    record Submit(Submission submission, CompletableFuture<Committed> result, long startNanos) implements Work {
        @Override
        public void fail(Throwable failure) {
            result.completeExceptionally(failure);
        }
    }

    record Read<T>(Supplier<T> action, CompletableFuture<T> result) implements Work {
        void run() {
            try {
                result.complete(action.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        @Override
        public void fail(Throwable failure) {
            result.completeExceptionally(failure);
        }
    }
}
