package io.quire.server.session;

/**
 * Where a session's frames go: the WebSocket in the server, a list in tests. Must be safe to call from any
 * thread; frames written from one thread arrive in the order written.
 */
public interface Outbox {
    void send(String frame);

    /** Ends the connection with a WebSocket close code and a reason the client can read. */
    void close(short code, String reason);
}
