package io.quire.server.document;

import io.quire.server.storage.StoredOp;

import java.util.List;

/**
 * The newest ops of one document, in version order, in a ring that is indexed by version: the ops since a client's
 * base version are found without walking the ones before them. Not thread-safe: the sequencer owns it.
 */
final class RecentOps {
    private StoredOp[] ring = new StoredOp[16];
    /**
     * Each held op's timestamp, at the op's ring index. Trimming reads only these and {@link #first}: the oldest op
     * itself is long out of the cache by then, and reading it twice per commit showed in profiles.
     */
    private long[] timestamps = new long[16];
    /** Ring index of the oldest op held. */
    private int head;
    private int size;
    /** The version of the oldest op held. */
    private long first;

    int size() {
        return size;
    }

    /** The version of the oldest op held; meaningless when empty. */
    long firstVersion() {
        return first;
    }

    /** Appends the next op; its version must follow the newest held. */
    void add(StoredOp op) {
        if (size > 0 && op.version() != first + size) {
            throw new IllegalArgumentException("op version " + op.version() + " after " + (first + size - 1)
                    + " (expected: " + (first + size) + ")");
        }
        if (size == 0) {
            first = op.version();
        }
        if (size == ring.length) {
            grow();
        }
        int at = (head + size) & (ring.length - 1);
        ring[at] = op;
        timestamps[at] = op.timestamp();
        size++;
    }

    /**
     * Drops the oldest ops while more than {@code keep} are held, the oldest is before {@code durableVersion} (the
     * store has it) and it was made before {@code keepSince} (epoch ms).
     */
    void trim(int keep, long durableVersion, long keepSince) {
        while (size > keep && first < durableVersion && timestamps[head] < keepSince) {
            ring[head] = null;
            head = (head + 1) & (ring.length - 1);
            size--;
            first++;
        }
        if (ring.length > 64 && size < ring.length / 4) {
            resize(ring.length / 2); // a burst is over: give its memory back
        }
    }

    /** Adds the held ops with {@code from <= version < to} to {@code out}, in order. */
    void copyTo(long from, long to, List<StoredOp> out) {
        long start = Math.max(from, first);
        long end = Math.min(to, first + size);
        for (long v = start; v < end; v++) {
            out.add(ring[(int) ((head + (v - first)) & (ring.length - 1))]);
        }
    }

    private void grow() {
        resize(ring.length * 2);
    }

    private void resize(int capacity) {
        StoredOp[] nextOps = new StoredOp[capacity];
        long[] nextTimestamps = new long[capacity];
        for (int i = 0; i < size; i++) {
            int at = (head + i) & (ring.length - 1);
            nextOps[i] = ring[at];
            nextTimestamps[i] = timestamps[at];
        }
        ring = nextOps;
        timestamps = nextTimestamps;
        head = 0;
    }
}
