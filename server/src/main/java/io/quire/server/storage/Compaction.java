package io.quire.server.storage;

/**
 * What compacting one document changed in its store.
 *
 * @param entriesFolded stored entries replaced by folds (each fold's own entries included)
 * @param foldsWritten  folded entries written in their place
 * @param keysRemoved   keys deleted: ops, author index entries and snapshots inside folds
 * @param bytesBefore   key and value bytes of every record the compaction replaced or deleted
 * @param bytesAfter    key and value bytes of the records it wrote in their place
 */
public record Compaction(long entriesFolded, long foldsWritten, long keysRemoved, long bytesBefore, long bytesAfter) {
    public static final Compaction NONE = new Compaction(0, 0, 0, 0, 0);

    public Compaction plus(Compaction other) {
        return new Compaction(entriesFolded + other.entriesFolded, foldsWritten + other.foldsWritten,
                keysRemoved + other.keysRemoved, bytesBefore + other.bytesBefore, bytesAfter + other.bytesAfter);
    }
}
