package io.quire.server.document;

import io.quire.ot.Delta;
import io.quire.server.storage.StoredOp;

import java.util.Objects;

/**
 * An op as a client submitted it, before the sequencer has placed it.
 *
 * @param baseVersion the version the client made it on; null means "the current head" (sharedb sends no
 *                    version for a create)
 * @param source      the client id ({@code src}), stable across reconnects, used with {@code seq} to spot resubmits
 * @param seq         the client's op number
 * @param kind        create, edit or delete
 * @param delta       the initial contents (create) or the change (edit); null for delete
 * @param author      who is submitting: the user id from the connection
 * @param origin      the submitting connection, if it can subscribe: when it is subscribed at commit time it has
 *                    seen every op before its own, and {@link Committed#missed()} is left empty; null otherwise
 */
public record Submission(Long baseVersion, String source, long seq, StoredOp.Kind kind, Delta delta, String author,
                         Subscriber origin) {
    public Submission {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(author, "author");
        if ((kind == StoredOp.Kind.DELETE) != (delta == null)) {
            throw new IllegalArgumentException(kind + " submission " + (delta == null ? "needs" : "must not have") + " a delta");
        }
    }
}
