package io.quire.server.session;

import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A session's frames onto its WebSocket. Frames come from any thread (mostly the sequencers of the
 * documents the client has open); they queue here and are written in one go on the socket's own event
 * loop, so a busy chapter costs one hand-over per connection and burst, not one per frame.
 *
 * <p>A client that stops reading while others type would make the server buffer without bound: once more
 * than {@value #MAX_QUEUED_CHARS} characters wait here, or the socket's own buffer is full, the client is
 * disconnected with a reason (it reconnects and catches up).
 */
public final class WebSocketOutbox implements Outbox {
    /** Characters waiting for one client before it counts as not reading. */
    static final int MAX_QUEUED_CHARS = 16 * 1024 * 1024;

    private final ServerWebSocket socket;
    private final Context context;
    private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedChars = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile boolean closing;
    /** Set on the event loop once the client is found not reading: nothing more is written. */
    private boolean stopped;

    /** Must be created on the socket's event loop (in the WebSocket handler). */
    public WebSocketOutbox(ServerWebSocket socket, Context context) {
        this.socket = socket;
        this.context = context;
        socket.setWriteQueueMaxSize(MAX_QUEUED_CHARS);
    }

    @Override
    public void send(String frame) {
        if (closing) {
            return;
        }
        if (queuedChars.addAndGet(frame.length()) > MAX_QUEUED_CHARS) {
            close((short) 1008, "the client is not reading its messages fast enough");
            return;
        }
        pending.add(frame);
        if (drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    /** On the event loop: writes everything queued so far. */
    private void drain() {
        drainScheduled.set(false);
        String frame;
        while ((frame = pending.poll()) != null) {
            queuedChars.addAndGet(-frame.length());
            if (stopped || socket.isClosed()) {
                continue;
            }
            if (socket.writeQueueFull()) {
                stopped = true;
                close((short) 1008, "the client is not reading its messages fast enough");
                continue;
            }
            socket.writeTextMessage(frame);
        }
    }

    /** Takes no more frames, writes those already queued (an error reply, say), then closes. */
    @Override
    public void close(short code, String reason) {
        closing = true;
        String shortReason = reason.length() > 120 ? reason.substring(0, 120) : reason;
        context.runOnContext(v -> {
            drain();
            if (!socket.isClosed()) {
                socket.close(code, shortReason);
            }
        });
    }
}
