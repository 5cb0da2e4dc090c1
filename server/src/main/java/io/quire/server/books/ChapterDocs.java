package io.quire.server.books;

import io.quire.ot.Delta;
import io.quire.server.document.Committed;
import io.quire.server.document.DocumentRegistry;
import io.quire.server.document.Rejection;
import io.quire.server.document.Submission;
import io.quire.server.storage.DocKey;
import io.quire.server.storage.Snapshot;
import io.quire.server.storage.StoredOp;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Chapter documents as the books API changes them: every change is an op through the chapter's sequencer, so
 * editors who have it open see it live, and it lands in the history like anyone's typing. Blocking: call from a
 * worker thread.
 */
public final class ChapterDocs {
    private static final long TIMEOUT_SECONDS = 30;

    private final DocumentRegistry documents;

    public ChapterDocs(DocumentRegistry documents) {
        this.documents = documents;
    }

    public Snapshot head(String book, String chapter) {
        return await(documents.fetch(new DocKey(book, chapter)));
    }

    public Snapshot at(String book, String chapter, long version) {
        return await(documents.snapshotAt(new DocKey(book, chapter), version));
    }

    /** Creates the chapter's document with {@code content}; returns the version after. */
    public long create(String book, String chapter, Delta content, String user) {
        return submit(book, chapter, null, StoredOp.Kind.CREATE, content, user);
    }

    /** Deletes the chapter's document, if it exists; returns the version after. */
    public long delete(String book, String chapter, String user) {
        Snapshot head = head(book, chapter);
        if (!head.exists()) {
            return head.version();
        }
        return submit(book, chapter, head.version(), StoredOp.Kind.DELETE, null, user);
    }

    /**
     * Applies {@code change}, made against {@code baseVersion}, transformed past whatever was committed since, as
     * a client's op would be; returns the version after.
     */
    public long edit(String book, String chapter, long baseVersion, Delta change, String user) {
        return submit(book, chapter, baseVersion, StoredOp.Kind.EDIT, change, user);
    }

    /** Makes the chapter's text {@code content}: one op, the difference from the head. Returns the version after. */
    public long replace(String book, String chapter, Delta content, String user) {
        Snapshot head = head(book, chapter);
        if (!head.exists()) {
            return create(book, chapter, content, user);
        }
        return replace(book, chapter, head, content, user);
    }

    /**
     * Turns {@code base} into {@code content}: the difference is made against {@code base} and submitted on its
     * version, so edits committed since are transformed past, never overwritten.
     */
    public long replace(String book, String chapter, Snapshot base, Delta content, String user) {
        Delta change = base.content().diff(content);
        return change.isEmpty() ? base.version() : edit(book, chapter, base.version(), change, user);
    }

    private long submit(String book, String chapter, Long base, StoredOp.Kind kind, Delta delta, String user) {
        // A source of its own: never deduplicated against a client's ops.
        Submission submission = new Submission(base, "api-" + UUID.randomUUID(), 1, kind, delta, user, null);
        Committed committed = await(documents.submit(new DocKey(book, chapter), submission));
        return committed.version() + 1;
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Rejection rejection) {
                throw switch (rejection.reason()) {
                    case DOES_NOT_EXIST, WAS_DELETED -> BookException.notFound(rejection.getMessage());
                    case VERSION_IN_FUTURE, OP_DOES_NOT_FIT -> BookException.badRequest(rejection.getMessage());
                    case UNAVAILABLE -> new BookException(BookException.Kind.UNAVAILABLE, rejection.getMessage());
                    default -> BookException.conflict(rejection.getMessage());
                };
            }
            if (cause instanceof IllegalArgumentException bad) {
                throw BookException.badRequest(bad.getMessage());
            }
            throw new BookException(BookException.Kind.UNAVAILABLE, "the chapter could not be reached: " + cause.getMessage());
        } catch (TimeoutException e) {
            throw new BookException(BookException.Kind.UNAVAILABLE, "the chapter did not answer in " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BookException(BookException.Kind.UNAVAILABLE, "interrupted");
        }
    }
}
