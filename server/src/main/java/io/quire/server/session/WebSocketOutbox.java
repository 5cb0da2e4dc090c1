package io.quire.server.session;

import io.vertx.core.http.ServerWebSocket;

/**
 * A session's frames onto its WebSocket. A client that stops reading while others type would make the server
 * buffer without bound; once its queue passes the limit it is disconnected (it reconnects and catches up).
 */
public final class WebSocketOutbox implements Outbox {
    /** Bytes queued for one client before it counts as not reading. */
    static final int MAX_QUEUED_BYTES = 16 * 1024 * 1024;

    private final ServerWebSocket socket;

    public WebSocketOutbox(ServerWebSocket socket) {
        this.socket = socket;
        socket.setWriteQueueMaxSize(MAX_QUEUED_BYTES);
    }

    @Override
    public void send(String frame) {
        if (socket.isClosed()) {
            return;
        }
        if (socket.writeQueueFull()) {
            close((short) 1008, "the client is not reading its messages fast enough");
            return;
        }
        socket.writeTextMessage(frame);
    }

    @Override
    public void close(short code, String reason) {
        if (!socket.isClosed()) {
            socket.close(code, reason.length() > 120 ? reason.substring(0, 120) : reason);
        }
    }
}
