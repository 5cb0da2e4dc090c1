package io.quire.server.document;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** A queued request. */
sealed interface Work {
    void fail(Throwable failure);

    record Submit(Submission submission, CompletableFuture<Committed> result) implements Work {
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
