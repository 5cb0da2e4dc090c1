package io.quire.server.books;

import io.quire.server.document.CommitListener;
import io.quire.server.storage.StoredOp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Keeps each book's chapter list in step with documents that sharedb clients create or delete directly (any
 * sharedb application can create a chapter with {@code doc.create}). Listening to commits on the sequencers, it
 * hands the change to a thread of its own, as updating a book is a synced write that must not slow typing.
 */
public final class ChapterListSync implements CommitListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChapterListSync.class);

    private final BookService books;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "quire-chapter-list");
        thread.setDaemon(true);
        return thread;
    });

    public ChapterListSync(BookService books) {
        this.books = books;
    }

    @Override
    public void committed(StoredOp op) {
        if (op.kind() == StoredOp.Kind.EDIT) {
            return;
        }
        String book = op.key().collection();
        String chapter = op.key().id();
        worker.execute(() -> {
            try {
                if (op.kind() == StoredOp.Kind.CREATE) {
                    books.documentCreated(book, chapter, op.author(), op.timestamp());
                } else {
                    books.documentDeleted(book, chapter);
                }
            } catch (BookException e) {
                log.debug("chapter list of {} not updated for {}: {}", book, chapter, e.getMessage()); // book deleted meanwhile
            } catch (RuntimeException e) {
                log.warn("chapter list of {} not updated for {}", book, chapter, e);
            }
        });
    }

    /** Finishes the updates already handed over. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("chapter list updates still running 10 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
