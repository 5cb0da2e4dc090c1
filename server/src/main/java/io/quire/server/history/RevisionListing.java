package io.quire.server.history;

import io.quire.server.storage.DocKey;
import io.quire.server.storage.DocumentStore;
import io.quire.server.storage.StoredOp;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists a chapter's history from the op log: newest first, as edit sessions or as single revisions, and one
 * author's sessions from their index. Reads only versions below the head it is given, which are all durable and
 * never change, so it runs beside the chapter's sequencer without stopping it.
 */
final class RevisionListing {
    /** Ops read from the store at a time while walking back. */
    private static final int CHUNK = 512;
    /**
     * Ops looked at for one page, at most: a session of a million keystrokes would otherwise hold the page up.
     * An entry cut there is marked partial and goes on in the next page.
     */
    static final int MAX_SCAN = 100_000;

    private final DocumentStore store;

    RevisionListing(DocumentStore store) {
        this.store = store;
    }

    /** Up to {@code limit} entries with versions below {@code before}, newest first. */
    RevisionPage newestFirst(DocKey key, long before, int limit, boolean sessions) {
        List<Revision> out = new ArrayList<>();
        Builder current = null;
        long scanned = 0;
        long hi = before;
        while (hi > 0) {
            long lo = Math.max(0, hi - CHUNK);
            List<StoredOp> chunk = store.ops(key, lo, hi);
            for (int i = chunk.size() - 1; i >= 0; i--) {
                StoredOp op = chunk.get(i);
                if (current != null && (!sessions || !current.continuedBackwardBy(op))) {
                    out.add(current.build(false));
                    current = null;
                    if (out.size() == limit) {
                        return new RevisionPage(out, op.version() + 1);
                    }
                }
                if (scanned >= MAX_SCAN) {
                    if (current != null) {
                        out.add(current.build(true));
                    }
                    return new RevisionPage(out, op.version() + 1);
                }
                current = current == null ? new Builder(op) : current.withEarlier(op);
                scanned++;
            }
            hi = lo;
        }
        if (current != null) {
            out.add(current.build(false));
        }
        return new RevisionPage(out, null);
    }

    /**
     * One author's edit sessions from version {@code from} on, oldest first: runs of their ops at consecutive
     * versions without a long pause. Up to {@code limit} sessions.
     */
    RevisionPage authorSessions(DocKey key, String author, long from, int limit) {
        List<Revision> out = new ArrayList<>();
        Builder current = null;
        long next = from;
        long scanned = 0;
        while (true) {
            List<StoredOp> chunk = store.opsByAuthor(key, author, next, CHUNK);
            for (StoredOp op : chunk) {
                if (current != null && !current.continuedForwardBy(op)) {
                    out.add(current.build(false));
                    current = null;
                    if (out.size() == limit) {
                        return new RevisionPage(out, op.firstVersion());
                    }
                }
                if (scanned >= MAX_SCAN) {
                    if (current != null) {
                        out.add(current.build(true));
                    }
                    return new RevisionPage(out, op.firstVersion());
                }
                current = current == null ? new Builder(op) : current.withLater(op);
                scanned++;
            }
            if (chunk.size() < CHUNK) {
                break;
            }
            next = chunk.get(chunk.size() - 1).version() + 1;
        }
        if (current != null) {
            out.add(current.build(false));
        }
        return new RevisionPage(out, null);
    }

    /** An entry being put together, one op at a time, at either end. */
    private static final class Builder {
        private final String author;
        private StoredOp first;
        private StoredOp last;
        private long ops;
        private ChangeCounts changes;

        Builder(StoredOp op) {
            author = op.author();
            first = op;
            last = op;
            ops = op.opCount();
            changes = ChangeCounts.of(op);
        }

        boolean continuedBackwardBy(StoredOp earlier) {
            return EditSessions.continues(earlier.author(), earlier.timestamp(), author, first.startedAt());
        }

        boolean continuedForwardBy(StoredOp later) {
            return later.firstVersion() == last.version() + 1
                    && EditSessions.continues(author, last.timestamp(), later.author(), later.startedAt());
        }

        Builder withEarlier(StoredOp op) {
            first = op;
            return add(op);
        }

        Builder withLater(StoredOp op) {
            last = op;
            return add(op);
        }

        private Builder add(StoredOp op) {
            ops += op.opCount();
            changes = changes.plus(ChangeCounts.of(op));
            return this;
        }

        Revision build(boolean partial) {
            return new Revision(first.firstVersion(), last.version(), author, first.startedAt(), last.timestamp(), ops,
                    changes, partial);
        }
    }
}
