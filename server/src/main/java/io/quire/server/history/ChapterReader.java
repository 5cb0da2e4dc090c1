package io.quire.server.history;

import io.quire.server.document.Committed;
import io.quire.server.document.DocumentRegistry;
import io.quire.server.document.Rejection;
import io.quire.server.document.Submission;
import io.quire.server.storage.DocKey;
import io.quire.server.storage.Snapshot;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The history API's way to a chapter's live state, through the document registry (the one place that knows where
 * a chapter lives). Blocking: callers run on worker threads, never on an event loop.
 */
final class ChapterReader {
    private static final long TIMEOUT_SECONDS = 30;

    private final DocumentRegistry registry;

    ChapterReader(DocumentRegistry registry) {
        this.registry = registry;
    }

    /** The chapter at its head (every op in it is durable); 404 if it was never created. */
    Snapshot head(DocKey key) {
        Snapshot head = await(registry.fetch(key));
        if (head.version() == 0) {
            throw new HistoryException(HistoryException.Kind.NOT_FOUND, "chapter " + key.id() + " of book "
                    + key.collection() + " does not exist");
        }
        return head;
    }

    /** The chapter at {@code version}, which must be between 0 and the head. */
    Snapshot at(DocKey key, long version, Snapshot head) {
        checkVersion("version", version, head);
        return version == head.version() ? head : await(registry.snapshotAt(key, version));
    }

    Snapshot atTime(DocKey key, long epochMillis) {
        return await(registry.snapshotAtTime(key, epochMillis));
    }

    /** Runs {@code task} with the head version as the chapter's single writer. */
    <T> T exclusive(DocKey key, java.util.function.LongFunction<T> task) {
        return await(registry.exclusive(key, task));
    }

    Committed submit(DocKey key, Submission submission) {
        return await(registry.submit(key, submission));
    }

    static void checkVersion(String name, long version, Snapshot head) {
        if (version < 0) {
            throw new HistoryException(HistoryException.Kind.BAD_REQUEST, name + " must be >= 0, got " + version);
        }
        if (version > head.version()) {
            throw new HistoryException(HistoryException.Kind.BAD_REQUEST, name + " " + version
                    + " is beyond the chapter's head (expected: <= " + head.version() + ")");
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Rejection rejection) {
                throw fromRejection(rejection);
            }
            throw new HistoryException(HistoryException.Kind.UNAVAILABLE, "the chapter could not be read: " + cause.getMessage());
        } catch (TimeoutException e) {
            throw new HistoryException(HistoryException.Kind.UNAVAILABLE, "the chapter did not answer in " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HistoryException(HistoryException.Kind.UNAVAILABLE, "interrupted");
        }
    }

    private static HistoryException fromRejection(Rejection rejection) {
        HistoryException.Kind kind = switch (rejection.reason()) {
            case VERSION_IN_FUTURE, OP_DOES_NOT_FIT -> HistoryException.Kind.BAD_REQUEST;
            case DOES_NOT_EXIST -> HistoryException.Kind.NOT_FOUND;
            case COMPACTED -> HistoryException.Kind.COMPACTED;
            case UNAVAILABLE -> HistoryException.Kind.UNAVAILABLE;
            default -> HistoryException.Kind.CONFLICT;
        };
        return new HistoryException(kind, rejection.getMessage());
    }
}
