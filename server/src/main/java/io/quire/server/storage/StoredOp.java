package io.quire.server.storage;

import io.quire.ot.Delta;

import java.util.Objects;

/**
 * One committed op of a document, as the op log keeps it.
 *
 * @param key       the document
 * @param version   the version the op was applied at (its base after transform); the document is at
 *                  {@code version + 1} afterwards. Versions of one document are 0, 1, 2, ... without gaps.
 * @param source    the submitting connection's client id ({@code src}), for de-duplicating resubmits
 * @param seq       the connection's op sequence number ({@code seq})
 * @param kind      create, edit or delete
 * @param delta     for CREATE the initial contents, for EDIT the change as applied (transformed); null for DELETE
 * @param author    who made it: the authenticated user id, or the client id before auth exists
 * @param timestamp server time in epoch milliseconds; non-decreasing within a document
 * @param hash      the revision's link in the document's tamper-evident chain (hex SHA-256 over this op and the
 *                  previous op's hash; see history.RevisionHash), or null for an op not yet sealed
 */
public record StoredOp(DocKey key, long version, String source, long seq, Kind kind, Delta delta, String author,
                       long timestamp, String hash) {

    public enum Kind { CREATE, EDIT, DELETE }

    public StoredOp {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(author, "author");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, got " + version);
        }
        if ((kind == Kind.DELETE) != (delta == null)) {
            throw new IllegalArgumentException(kind + " op " + (delta == null ? "needs" : "must not have") + " a delta");
        }
    }

    /** An op not yet sealed into the chain. */
    public StoredOp(DocKey key, long version, String source, long seq, Kind kind, Delta delta, String author,
                    long timestamp) {
        this(key, version, source, seq, kind, delta, author, timestamp, null);
    }

    public StoredOp withHash(String chainHash) {
        return new StoredOp(key, version, source, seq, kind, delta, author, timestamp, chainHash);
    }
}
