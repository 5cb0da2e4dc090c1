package io.quire.server.document;

import io.quire.server.storage.StoredOp;

import java.util.List;

/**
 * The newest ops of one document, in version order, in a ring that is indexed by version: the ops since a client's
 * base version are found without walking the ones before them. Not thread-safe: the sequencer owns it.
 */
final class RecentOps {
    private StoredOp[] ring = new StoredOp[16];
    /** Ring index of the oldest op held. */
    private int head;
    private int size;

    int size() {
        return size;
    }

    /** The version of the oldest op held; meaningless when empty. */
    long firstVersion() {
        return ring[head].version();
    }

    /** Appends the next op; its version must follow the newest held. */
    void add(StoredOp op) {
        if (size > 0) {
            long expected = ring[(head + size - 1) & (ring.length - 1)].version() + 1;
            if (op.version() != expected) {
                throw new IllegalArgumentException("op version " + op.version() + " after " + (expected - 1)
                        + " (expected: " + expected + ")");
            }
        }
        if (size == ring.length) {
            grow();
        }
        ring[(head + size) & (ring.length - 1)] = op;
        size++;
    }

    /**
     * Drops the oldest ops while more than {@code keep} are held, the oldest is before {@code durableVersion} (the
     * store has it) and it was made before {@code keepSince} (epoch ms).
     */
    void trim(int keep, long durableVersion, long keepSince) {
        while (size > keep && ring[head].version() < durableVersion && ring[head].timestamp() < keepSince) {
            ring[head] = null;
            head = (head + 1) & (ring.length - 1);
            size--;
        }
        if (ring.length > 64 && size < ring.length / 4) {
            resize(ring.length / 2); // a burst is over: give its memory back
        }
    }

    /** Adds the held ops with {@code from <= version < to} to {@code out}, in order. */
    void copyTo(long from, long to, List<StoredOp> out) {
        if (size == 0) {
            return;
        }
        long first = firstVersion();
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
        StoredOp[] next = new StoredOp[capacity];
        for (int i = 0; i < size; i++) {
            next[i] = ring[(head + i) & (ring.length - 1)];
        }
        ring = next;
        head = 0;
    }
}
