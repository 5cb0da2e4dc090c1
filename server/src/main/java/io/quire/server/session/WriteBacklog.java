package io.quire.server.session;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The characters handed to one socket and not yet seen written. Writes on one socket complete in the order they
 * were handed over, so one completion can confirm a whole group of frames: waiting on each frame's own
 * completion cost about 2% of the server's CPU (a listener and a context hop per frame).
 *
 * <p>A group closes at {@value #GROUP_FRAMES} frames or {@value #GROUP_CHARS} characters; the frame that closes it
 * carries its count. So the backlog never under-counts, and over-counts by less than twice
 * {@value #GROUP_CHARS} characters (the open group, and the frames of a closed one written before its last),
 * far under any useful limit.
 * The caller must hand frames to the socket in the order it {@link #add}s them (the outbox does both under one
 * lock).
 */
final class WriteBacklog {
    static final int GROUP_FRAMES = 16;
    static final int GROUP_CHARS = 64 * 1024;

    private final AtomicLong chars = new AtomicLong();
    private long openChars;
    private int openFrames;

    /**
     * Counts a frame of {@code size} characters.
     *
     * @return the characters to {@link #confirm} once this frame is written (its whole group), or 0 when a later
     *         frame will confirm them
     */
    long add(int size) {
        chars.addAndGet(size);
        openChars += size;
        openFrames++;
        if (openFrames < GROUP_FRAMES && openChars < GROUP_CHARS) {
            return 0;
        }
        long group = openChars;
        openChars = 0;
        openFrames = 0;
        return group;
    }

    /** A group's frames are written (or failed: either way they no longer wait). */
    void confirm(long groupChars) {
        chars.addAndGet(-groupChars);
    }

    /** Characters handed over and not confirmed. */
    long chars() {
        return chars.get();
    }
}
