package io.quire.server.storage;

import io.quire.ot.Delta;

import java.util.Objects;

/**
 * A document's state at a version: what sharedb calls a snapshot.
 *
 * @param key       the document
 * @param version   how many ops had been committed (0 for a document never created)
 * @param exists    false before the create op and after a delete (sharedb's {@code type: null})
 * @param content   the rich-text contents (an insert-only delta); empty when {@code exists} is false
 * @param createdAt epoch ms of the create op, 0 if never created
 * @param updatedAt epoch ms of the last op, 0 if none
 * @param provenance who wrote each character, per-author tallies and the chain's hash at this version
 */
public record Snapshot(DocKey key, long version, boolean exists, Delta content, long createdAt, long updatedAt,
                       Provenance provenance) {
    public Snapshot {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(provenance, "provenance");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, got " + version);
        }
    }

    /** A snapshot whose provenance is not known: every character by {@link Provenance#UNKNOWN_AUTHOR}. */
    public Snapshot(DocKey key, long version, boolean exists, Delta content, long createdAt, long updatedAt) {
        this(key, version, exists, content, createdAt, updatedAt, Provenance.unknown(content.length()));
    }

    /** The state of a document nobody has created: version 0, no type. */
    public static Snapshot missing(DocKey key) {
        return new Snapshot(key, 0, false, Delta.EMPTY, 0, 0, Provenance.EMPTY);
    }
}
