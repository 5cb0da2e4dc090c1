package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A bare WebSocket to the server's {@code /ws}: frames go out exactly as written, and every text frame that comes
 * back is queued, so a test can send what no sharedb client would and assert the exact reply. Handlers are set
 * before connecting, so the server's {@code init} greeting is never missed. Every wait is bounded.
 */
final class RawClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    /** How the server ended the connection. */
    record Closed(Short code, String reason) {
    }

    private final ClientWebSocket socket;
    private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final List<String> binaryFrames = new ArrayList<>();
    private String clientId;

    private RawClient(ClientWebSocket socket) {
        this.socket = socket;
    }

    /** Connects and reads the {@code init} greeting; fails if it is not the sharedb one. */
    static RawClient connect(WebSocketClient client, int port) throws Exception {
        return connect(client, port, "/ws");
    }

    /** Connects to {@code path} (e.g. {@code /ws?token=...}) and reads the greeting. */
    static RawClient connect(WebSocketClient client, int port, String path) throws Exception {
        RawClient raw = new RawClient(client.webSocket());
        raw.socket.textMessageHandler(raw.frames::add);
        raw.socket.binaryMessageHandler(b -> {
            synchronized (raw.binaryFrames) {
                raw.binaryFrames.add(b.toString());
            }
        });
        raw.socket.closeHandler(v -> raw.closed.complete(new Closed(raw.socket.closeStatusCode(), raw.socket.closeReason())));
        raw.socket.exceptionHandler(e -> { });
        raw.socket.connect(port, "127.0.0.1", path).await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        JsonNode init = raw.next();
        assertThat(init.path("a").asText()).as("greeting %s", init).isEqualTo("init");
        assertThat(init.path("protocol").asInt()).as("greeting %s", init).isEqualTo(1);
        raw.clientId = init.path("id").asText();
        assertThat(raw.clientId).as("client id in %s", init).isNotBlank();
        return raw;
    }

    String clientId() {
        return clientId;
    }

    /** Stops reading from the socket, as a client that hangs does: the server's frames pile up on its side. */
    void stopReading() {
        socket.pause();
    }

    /** Sends one text frame, as is. */
    void send(String frame) {
        socket.writeTextMessage(frame);
    }

    void send(JsonNode message) {
        send(message.toString());
    }

    /** Sends one text message as {@code parts} frames: a text frame, then continuations, the last one final. */
    void sendFragmented(String message, int parts) {
        int step = (message.length() + parts - 1) / parts;
        for (int i = 0; i < parts; i++) {
            String part = message.substring(Math.min(i * step, message.length()), Math.min((i + 1) * step, message.length()));
            boolean last = i == parts - 1;
            socket.writeFrame(i == 0 ? WebSocketFrame.textFrame(part, last)
                    : WebSocketFrame.continuationFrame(Buffer.buffer(part), last));
        }
    }

    void sendBinary(byte[] bytes) {
        socket.writeBinaryMessage(Buffer.buffer(bytes));
    }

    /** The next text frame as JSON; fails if none arrives within {@link #WAIT}. */
    JsonNode next() throws InterruptedException {
        return next(WAIT);
    }

    JsonNode next(Duration timeout) throws InterruptedException {
        String frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new AssertionError("no frame from the server within " + timeout.toMillis() + " ms"
                    + (closed.isDone() ? "; the connection was closed: " + closed.join() : ""));
        }
        return parse(frame);
    }

    /** The next frame matching {@code match}, skipping (and returning in {@code skipped}, if given) the others. */
    JsonNode nextMatching(Predicate<JsonNode> match, Duration timeout, List<JsonNode> skipped) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (; ; ) {
            long left = deadline - System.nanoTime();
            String frame = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
            if (frame == null) {
                throw new AssertionError("no matching frame from the server within " + timeout.toMillis() + " ms; "
                        + "skipped " + skipped + (closed.isDone() ? "; the connection was closed: " + closed.join() : ""));
            }
            JsonNode node = parse(frame);
            if (match.test(node)) {
                return node;
            }
            if (skipped != null) {
                skipped.add(node);
            }
        }
    }

    /** A frame if one arrives within {@code timeout}, else null. */
    JsonNode poll(Duration timeout) throws InterruptedException {
        String frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return frame == null ? null : parse(frame);
    }

    /** Waits for the server to close the connection; fails if it does not within {@code timeout}. */
    Closed awaitClose(Duration timeout) throws InterruptedException {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + timeout.toMillis() + " ms; "
                    + "frames received meanwhile: " + frames);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** Frames received and not read yet, taken off the queue. */
    List<JsonNode> drain() {
        List<String> texts = new ArrayList<>();
        frames.drainTo(texts);
        List<JsonNode> nodes = new ArrayList<>();
        for (String text : texts) {
            nodes.add(parse(text));
        }
        return nodes;
    }

    /** Sends a request and returns the next frame, which must be its reply. */
    JsonNode request(JsonNode message) throws InterruptedException {
        send(message);
        return next();
    }

    static ObjectNode object() {
        return NodeScripts.JSON.createObjectNode();
    }

    static JsonNode json(String text) {
        return parse(text);
    }

    private static JsonNode parse(String frame) {
        try {
            return NodeScripts.JSON.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new AssertionError("the server sent a frame that is not JSON: " + frame, e);
        }
    }

    @Override
    public void close() throws Exception {
        if (!socket.isClosed()) {
            // A client that stopped reading would never read the server's answer to its close.
            socket.resume();
            socket.close().await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
