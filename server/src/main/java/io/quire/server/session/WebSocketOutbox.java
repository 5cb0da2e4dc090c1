package io.quire.server.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.EventExecutor;
import io.quire.server.metrics.QuireMeters;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A session's frames onto its WebSocket, from any thread (mostly the sequencers of the documents the client has
 * open).
 *
 * <h2>One write per batch</h2>
 * Frames are encoded at once into one buffer per connection; the first frame into an empty buffer schedules
 * one write of the whole buffer on the socket's event loop. A sequencer's batch (an ack and the ops of the
 * client's co-authors) so usually becomes one write and one TCP segment. Going through Vert.x's
 * {@code writeTextMessage} instead cost a frame object, a buffer, a queue and a pass through the Netty pipeline
 * per frame: at 4,000 clients the server's user CPU per op fell by about 6% without them (benchmarks/README.md).
 * Vert.x still writes its own frames (close, pong) on the same event loop, between whole writes of ours.
 *
 * <h2>A client that stops reading</h2>
 * While others type, such a client would make the server buffer without bound. The outbox counts the characters
 * handed to it and not yet written to the socket; past {@value #MAX_UNWRITTEN_CHARS} the client is disconnected with
 * a reason (it reconnects and catches up).
 */
public final class WebSocketOutbox implements Outbox {
    private static final Logger log = LoggerFactory.getLogger(WebSocketOutbox.class);
    /** Characters waiting for one client before it counts as not reading. */
    static final int MAX_UNWRITTEN_CHARS = 16 * 1024 * 1024;
    private static final short GOING_AWAY = 1001;
    private static final int FIRST_BUFFER_BYTES = 1024;

    private final ServerWebSocket socket;
    private final ChannelHandlerContext channel;
    private final EventExecutor eventLoop;
    private final ByteBufAllocator allocator;
    private final QuireMeters meters;
    private final AtomicLong unwritten = new AtomicLong();
    private final Runnable writePending = this::writePending;
    /** Frames not yet handed to the event loop, and their characters; guarded by {@code this}. */
    private ByteBuf pending;
    private long pendingChars;
    private volatile boolean closing;
    /** Set on the event loop once the close is sent; nothing is written after it. */
    private boolean closeSent;

    /** {@code meters} counts the characters sent. */
    public WebSocketOutbox(ServerWebSocket socket, QuireMeters meters) {
        this.socket = socket;
        this.channel = ((WebSocketInternal) socket).channelHandlerContext();
        // Kept here: reached through the channel on every batch, they were a chain of cache misses per connection.
        this.eventLoop = channel.executor();
        this.allocator = channel.alloc();
        this.meters = meters;
    }

    @Override
    public void send(String frame) {
        if (closing) {
            return;
        }
        int size = frame.length();
        if (unwritten.get() + size > MAX_UNWRITTEN_CHARS) {
            close((short) 1008, "the client is not reading its messages fast enough");
            return;
        }
        meters.bytesOut(size);
        unwritten.addAndGet(size);
        boolean first;
        synchronized (this) {
            first = pending == null;
            if (first) {
                pending = allocator.directBuffer(Math.max(FIRST_BUFFER_BYTES, 2 * size));
            }
            TextFrames.append(pending, frame);
            pendingChars += size;
        }
        if (first) {
            onEventLoop(writePending);
        }
    }

    /** On the event loop: hands the frames gathered so far to the socket. */
    private void writePending() {
        ByteBuf frames;
        long chars;
        synchronized (this) {
            frames = pending;
            chars = pendingChars;
            pending = null;
            pendingChars = 0;
        }
        if (frames == null) {
            return;
        }
        if (closeSent) {
            frames.release();
            unwritten.addAndGet(-chars);
            return;
        }
        // Written or failed, the frames no longer wait.
        channel.writeAndFlush(frames).addListener(done -> unwritten.addAndGet(-chars));
    }

    private void onEventLoop(Runnable task) {
        try {
            eventLoop.execute(task);
        } catch (RejectedExecutionException e) {
            // Only once Vert.x itself is closed, and with it every socket: nothing is left to write to.
            log.debug("the event loop of a closed connection refused a write");
        }
    }

    /** Takes no more frames; those already handed over go out first, then the close with its reason. */
    @Override
    public void close(short code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        String shortReason = CloseReasons.fit(reason);
        meters.serverClosed(code);
        // A shutdown closes every connection with 1001 and logs their count once; one line each would bury the rest.
        (code == GOING_AWAY ? log.atDebug() : log.atInfo()).setMessage("closing a connection").addKeyValue("code", code)
                .addKeyValue("reason", shortReason).addKeyValue("client", socket.remoteAddress()).log();
        onEventLoop(() -> {
            writePending();
            closeSent = true;
            if (!socket.isClosed()) {
                socket.close(code, shortReason);
            }
        });
    }
}
