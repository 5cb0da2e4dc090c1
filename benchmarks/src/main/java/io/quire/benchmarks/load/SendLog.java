package io.quire.benchmarks.load;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When each of one client's recent ops was sent, by {@code seq}, so that the clients receiving its broadcast (on
 * other event loops) can measure op-to-peer latency: a broadcast carries the sender's {@code src} and {@code seq}.
 * A ring of the last {@value #SIZE} ops; a client has at most one op in flight, so a broadcast older than that
 * would be hundreds of round trips late and is not measured (it shows in {@link #lookup} returning 0).
 */
public final class SendLog {
    static final int SIZE = 256;

    /** Slot i: [2i] the seq, [2i+1] the send time in nanoseconds. The seq is written last and read first and last. */
    private final AtomicLongArray slots = new AtomicLongArray(2 * SIZE);

    public SendLog() {
        for (int i = 0; i < SIZE; i++) {
            slots.set(2 * i, -1);
        }
    }

    /** Called by the sending client, on its event loop, just before the frame is written. */
    public void record(long seq, long sentNanos) {
        int slot = (int) (seq & (SIZE - 1));
        slots.set(2 * slot, -1);
        slots.set(2 * slot + 1, sentNanos);
        slots.set(2 * slot, seq);
    }

    /** The send time of op {@code seq}, or 0 when it is not (or no longer) in the log. Any thread. */
    public long lookup(long seq) {
        int slot = (int) (seq & (SIZE - 1));
        if (slots.get(2 * slot) != seq) {
            return 0;
        }
        long sent = slots.get(2 * slot + 1);
        return slots.get(2 * slot) == seq ? sent : 0;
    }
}
