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
 * @param fold      null for an op as it was submitted; for an entry left by compaction, the versions it covers. A
 *                  folded entry stands for the ops {@code fold.firstVersion() .. version} of one author: its delta is
 *                  their composition, its source, seq, timestamp and hash those of the last of them.
 */
public record StoredOp(DocKey key, long version, String source, long seq, Kind kind, Delta delta, String author,
                       long timestamp, String hash, Fold fold) {

    /**
     * What a folded entry keeps of the ops it replaced.
     *
     * @param firstVersion  the version of the first op folded (the entry's own version is the last)
     * @param firstTimestamp when the first op was made
     * @param inserted      units the folded ops inserted, summed op by op (text typed and deleted again counts, as it
     *                      did in the author's tallies)
     * @param deleted       units they deleted, summed op by op
     * @param formatted     units they formatted, summed op by op
     * @param previousHash  the chain's hash before the first folded op (null at version 0)
     * @param foldHash      SHA-256 over this record, the entry's fields and both chain hashes (history.RevisionHash)
     */
    public record Fold(long firstVersion, long firstTimestamp, long inserted, long deleted, long formatted,
                       String previousHash, String foldHash) {
        public Fold {
            if (firstVersion < 0) {
                throw new IllegalArgumentException("firstVersion must be >= 0, got " + firstVersion);
            }
        }

        public Fold sealed(String hash) {
            return new Fold(firstVersion, firstTimestamp, inserted, deleted, formatted, previousHash, hash);
        }
    }

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
        if (fold != null && (kind != Kind.EDIT || fold.firstVersion() >= version)) {
            throw new IllegalArgumentException("a folded entry is an edit covering at least two versions, got " + kind
                    + " " + fold.firstVersion() + ".." + version);
        }
    }

    public StoredOp(DocKey key, long version, String source, long seq, Kind kind, Delta delta, String author,
                    long timestamp, String hash) {
        this(key, version, source, seq, kind, delta, author, timestamp, hash, null);
    }

    /** An op not yet sealed into the chain. */
    public StoredOp(DocKey key, long version, String source, long seq, Kind kind, Delta delta, String author,
                    long timestamp) {
        this(key, version, source, seq, kind, delta, author, timestamp, null);
    }

    public StoredOp withHash(String chainHash) {
        return new StoredOp(key, version, source, seq, kind, delta, author, timestamp, chainHash, fold);
    }

    public boolean folded() {
        return fold != null;
    }

    /** The first version this entry stands for: its own, unless it is folded. */
    public long firstVersion() {
        return fold == null ? version : fold.firstVersion();
    }

    /** When the first op this entry stands for was made. */
    public long startedAt() {
        return fold == null ? timestamp : fold.firstTimestamp();
    }

    /** How many submitted ops this entry stands for. */
    public long opCount() {
        return version - firstVersion() + 1;
    }
}
