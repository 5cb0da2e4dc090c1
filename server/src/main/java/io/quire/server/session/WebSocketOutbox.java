package io.quire.server.session;

import io.quire.server.metrics.QuireMeters;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * A session's frames onto its WebSocket, from any thread (mostly the sequencers of the documents the
 * client has open); Vert.x hands writes from other threads to the socket's event loop in order.
 *
 * <p>A client that stops reading while others type would make the server buffer without bound. The outbox
 * counts the characters it has handed over and not yet seen written ({@link WriteBacklog}); past {@value #MAX_QUEUED_CHARS} the client
 * is disconnected with a reason (it reconnects and catches up). Vert.x's own {@code writeQueueFull()} is no
 * guide here: written from other threads, it reports "full" after a handful of messages, whatever their size.
 */
public final class WebSocketOutbox implements Outbox {
    private static final Logger log = LoggerFactory.getLogger(WebSocketOutbox.class);
    /** Characters waiting for one client before it counts as not reading. */
    static final int MAX_QUEUED_CHARS = 16 * 1024 * 1024;
    private static final short GOING_AWAY = 1001;

    private final ServerWebSocket socket;
    private final Context context;
    private final WriteBacklog backlog = new WriteBacklog();
    private volatile boolean closing;
    private final QuireMeters meters;

    /** {@code context} is the socket's own (the WebSocket handler's). */
    public WebSocketOutbox(ServerWebSocket socket, Context context) {
        this(socket, context, QuireMeters.NOOP);
    }

    /** {@code meters} counts the characters sent. */
    public WebSocketOutbox(ServerWebSocket socket, Context context, QuireMeters meters) {
        this.socket = socket;
        this.context = context;
        this.meters = meters;
    }

    @Override
    public void send(String frame) {
        if (closing) {
            return;
        }
        int size = frame.length();
        if (backlog.chars() + size > MAX_QUEUED_CHARS) {
            close((short) 1008, "the client is not reading its messages fast enough");
            return;
        }
        meters.bytesOut(size);
        // Counted and handed over under one lock, so that the socket's order is the backlog's (see WriteBacklog).
        synchronized (backlog) {
            long group = backlog.add(size);
            if (group == 0) {
                socket.writeTextMessage(frame);
            } else {
                socket.writeTextMessage(frame).onComplete(written -> backlog.confirm(group));
            }
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
        context.runOnContext(v -> {
            if (!socket.isClosed()) {
                socket.close(code, shortReason);
            }
        });
    }
}
