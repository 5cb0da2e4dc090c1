package io.quire.server.history;

import io.quire.ot.Authorship;
import io.quire.server.storage.AuthorTally;
import io.quire.server.storage.Provenance;
import io.quire.server.storage.StoredOp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A chapter's {@link Provenance}, kept up to date op by op: the document's sequencer records each op as it
 * commits, and past versions are rebuilt by recording the ops after a snapshot. Not thread-safe: one owner.
 */
public final class ProvenanceTracker {
    private Authorship authorship;
    private final Map<String, AuthorTally> tallies;
    private String lastAuthor;
    private long lastTimestamp;
    private String chainHash;
    /** The last hash this tracker made, as text and as bytes: the next op's seal needs the bytes. */
    private String sealedHash;
    private byte[] sealedHashBytes;

    /** Continues from {@code start}, which is copied. */
    public ProvenanceTracker(Provenance start) {
        authorship = start.authorship().copy();
        tallies = new LinkedHashMap<>(start.tallies());
        lastAuthor = start.lastAuthor();
        lastTimestamp = start.lastTimestamp();
        chainHash = start.chainHash();
    }

    /** {@code op} with its chain hash: the hash of the op before it is the one this tracker holds. */
    public StoredOp seal(StoredOp op) {
        if (chainHash != null && chainHash != sealedHash) {
            // Read back from the store, or a fold's: the bytes come from its text once.
            sealedHash = chainHash;
            sealedHashBytes = RevisionHash.bytes(chainHash);
        }
        byte[] hash = RevisionHash.digest(chainHash == null ? null : sealedHashBytes, op);
        sealedHash = RevisionHash.hex(hash);
        sealedHashBytes = hash;
        return op.withHash(sealedHash);
    }

    /**
     * Records a committed op (sealed, or read back from the store with its hash). The op must fit the contents
     * this tracker describes; the sequencer has checked that before.
     */
    public void record(StoredOp op) {
        switch (op.kind()) {
            case CREATE -> {
                authorship = new Authorship();
                authorship.apply(op.delta(), op.author());
            }
            case EDIT -> authorship.apply(op.delta(), op.author());
            case DELETE -> authorship = new Authorship();
        }
        ChangeCounts counts = ChangeCounts.of(op);
        // A fold holds one author's ops of one edit session, so only its first op may start a session, and the
        // authorship its composed delta leaves is the one its ops left one by one.
        boolean newSession = !EditSessions.continues(lastAuthor, lastTimestamp, op.author(), op.startedAt());
        tallies.put(op.author(), tallies.getOrDefault(op.author(), AuthorTally.NONE).plus(op.opCount(),
                counts.inserted(), counts.deleted(), counts.formatted(), newSession, op.startedAt(), op.timestamp()));
        lastAuthor = op.author();
        lastTimestamp = op.timestamp();
        chainHash = op.hash();
    }

    /** The author of each unit now; a live view, not to be changed by the caller. */
    public Authorship authorship() {
        return authorship;
    }

    /** An immutable copy of the current state. */
    public Provenance snapshot() {
        return new Provenance(authorship.copy(), tallies, lastAuthor, lastTimestamp, chainHash);
    }
}
