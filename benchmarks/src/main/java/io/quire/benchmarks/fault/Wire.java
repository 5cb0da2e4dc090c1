package io.quire.benchmarks.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.net.URI;

/**
 * One WebSocket connection speaking the start of the sharedb protocol: read {@code init}, send {@code hs}, then
 * {@link #onReady()}. Subclasses get every later frame parsed ({@link #onMessage}) or not ({@link #onUnparseable}),
 * and the close ({@link #onClosed}) unless they closed it themselves. Runs on one event loop.
 */
abstract class Wire {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final WebSocketClient client;
    private final URI url;
    protected ClientWebSocket socket;
    protected boolean ready;
    protected boolean closing;
    protected boolean closed = true;
    /** The {@code src} the server gave this connection in its {@code hs} reply. */
    protected String clientId;

    Wire(WebSocketClient client, URI url) {
        this.client = client;
        this.url = url;
    }

    void connect() {
        ready = false;
        closing = false;
        closed = false;
        ClientWebSocket ws = client.webSocket();
        socket = ws;
        ws.textMessageHandler(text -> {
            if (ws != socket) {
                return;
            }
            JsonNode node;
            try {
                node = MAPPER.readTree(text);
            } catch (Exception e) {
                onUnparseable(text);
                return;
            }
            String a = node.path("a").asText("");
            if (!ready && "init".equals(a)) {
                ws.writeTextMessage("{\"a\":\"hs\",\"id\":null,\"protocol\":1,\"protocolMinor\":2}");
            } else if (!ready && "hs".equals(a) && !node.has("error")) {
                ready = true;
                clientId = node.path("id").asText(null);
                onReady();
            } else {
                onMessage(node);
            }
        });
        ws.closeHandler(v -> {
            if (ws != socket) {
                return;
            }
            closed = true;
            ready = false;
            if (!closing) {
                onClosed(ws.closeStatusCode(), ws.closeReason());
            }
        });
        ws.exceptionHandler(e -> { });
        ws.connect(new WebSocketConnectOptions().setHost(url.getHost()).setPort(url.getPort()).setURI(url.getPath())
                .setTimeout(10_000)).onFailure(e -> {
            if (ws == socket) {
                closed = true;
                onConnectFailed(e);
            }
        });
    }

    void close() {
        closing = true;
        ready = false;
        if (socket != null && !socket.isClosed()) {
            socket.close();
        }
    }

    abstract void onReady();

    abstract void onMessage(JsonNode message);

    void onUnparseable(String text) {
    }

    abstract void onClosed(Short code, String reason);

    abstract void onConnectFailed(Throwable e);

    /** The text of a rich-text snapshot's {@code data} (inserts concatenated; embeds as U+FFFC), or null. */
    static String text(JsonNode data) {
        JsonNode ops = data.isArray() ? data : data.path("ops");
        if (!ops.isArray()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode op : ops) {
            JsonNode ins = op.get("insert");
            if (ins == null || op.size() != 1) {
                return null;
            }
            b.append(ins.isTextual() ? ins.asText() : "\uFFFC");
        }
        return b.toString();
    }
}
