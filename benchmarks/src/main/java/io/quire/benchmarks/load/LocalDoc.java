package io.quire.benchmarks.load;

import java.util.random.RandomGenerator;

/**
 * A client's view of its document reduced to what typing needs: the version it has seen and the length at that
 * version. A client sends only when it has nothing in flight, basing the op on this version, so it never has to
 * transform its own op: remote ops only change the length, and the ack moves the version past its own op.
 *
 * <p>Versions follow sharedb: a document that does not exist is at version 0; an op with base version {@code v}
 * leaves the document at {@code v + 1}. A remote op is applied only when its {@code v} is this version; an
 * older one is a duplicate (a subscribe may replay ops), a newer one means ops were lost.
 */
public final class LocalDoc {

    public enum Result {
        APPLIED,
        /** Older than this version: already counted. */
        DUPLICATE,
        /** Newer than this version: some op between was never received. */
        GAP
    }

    private long version = -1;
    private boolean exists;
    private long length;

    /** Unknown until a snapshot arrives. */
    public boolean known() {
        return version >= 0;
    }

    public long version() {
        return version;
    }

    public boolean exists() {
        return exists;
    }

    public long length() {
        return length;
    }

    /** Takes a fetch or subscribe reply's snapshot as the new state. */
    public void reset(InboundFrame.Snapshot snapshot) {
        reset(snapshot.version(), snapshot.exists(), snapshot.exists() ? snapshot.length() : 0);
    }

    public void reset(long version, boolean exists, long length) {
        this.version = version;
        this.exists = exists;
        this.length = length;
    }

    /** An op applied by the server at {@code opVersion}: another client's broadcast, or one's own acked op. */
    public Result applyRemote(long opVersion, InboundFrame.Kind kind, long lengthDelta) {
        if (opVersion < version) {
            return Result.DUPLICATE;
        }
        if (opVersion > version) {
            return Result.GAP;
        }
        switch (kind) {
            case CREATE -> {
                exists = true;
                length = lengthDelta;
            }
            case DELETE -> {
                exists = false;
                length = 0;
            }
            case EDIT -> length += lengthDelta;
            case NONE -> throw new IllegalArgumentException("not an op");
        }
        version++;
        return Result.APPLIED;
    }

    /**
     * A position for an insert in this version: anywhere before the final newline a rich-text document keeps,
     * so every position from 0 to {@code length - 1}.
     */
    public long randomInsertPosition(RandomGenerator random) {
        return length <= 1 ? 0 : random.nextLong(length);
    }
}
