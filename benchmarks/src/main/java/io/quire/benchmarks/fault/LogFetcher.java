package io.quire.benchmarks.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.quire.benchmarks.load.OutboundFrames;
import io.vertx.core.Context;
import io.vertx.core.http.WebSocketClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reads documents back as a sharedb client would after a reconnect, one at a time: {@code {"a":"f","v":0}} (the
 * server sends every op from version 0 as op frames, then a reply without data), then {@code {"a":"f"}} for the
 * snapshot. Nobody types meanwhile, so the two describe the same head.
 */
final class LogFetcher extends Wire {

    /** @param error why the document could not be read, or null */
    record Fetched(List<JsonNode> ops, JsonNode snapshot, String error) {
    }

    private final Context context;
    private final String collection;
    private final Map<String, Fetched> results = new LinkedHashMap<>();
    private ArrayDeque<String> queue;
    private CompletableFuture<Map<String, Fetched>> done;
    private String current;
    private boolean readingOps;
    private List<JsonNode> ops;

    LogFetcher(Context context, WebSocketClient client, URI url, String collection) {
        super(client, url);
        this.context = context;
        this.collection = collection;
    }

    /** Connects, reads every document, closes. The future may never complete if the server stops answering. */
    CompletableFuture<Map<String, Fetched>> fetchAll(List<String> docIds) {
        CompletableFuture<Map<String, Fetched>> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            queue = new ArrayDeque<>(docIds);
            results.clear();
            done = result;
            connect();
        });
        return result;
    }

    @Override
    void onReady() {
        next();
    }

    private void next() {
        current = queue.poll();
        if (current == null) {
            close();
            done.complete(new LinkedHashMap<>(results));
            return;
        }
        readingOps = true;
        ops = new ArrayList<>();
        socket.writeTextMessage("{\"a\":\"f\",\"c\":" + json(collection) + ",\"d\":" + json(current) + ",\"v\":0}");
    }

    @Override
    void onMessage(JsonNode m) {
        if (current == null || !current.equals(m.path("d").asText()) || !collection.equals(m.path("c").asText())) {
            return;
        }
        String a = m.path("a").asText("");
        if (m.has("error")) {
            results.put(current, new Fetched(ops, null, (readingOps ? "op fetch: " : "snapshot fetch: ")
                    + m.get("error").path("code").asText() + " " + m.get("error").path("message").asText()));
            next();
        } else if (readingOps && "op".equals(a)) {
            ops.add(m);
        } else if (readingOps && "f".equals(a)) {
            readingOps = false;
            socket.writeTextMessage(OutboundFrames.fetch(collection, current));
        } else if ("f".equals(a) && m.has("data")) {
            results.put(current, new Fetched(ops, m.get("data"), null));
            next();
        }
    }

    @Override
    void onClosed(Short code, String reason) {
        fail("connection closed (" + code + " " + reason + ") while reading " + current);
    }

    @Override
    void onConnectFailed(Throwable e) {
        fail("connect: " + e.getMessage());
    }

    private void fail(String why) {
        if (done != null && !done.isDone()) {
            done.completeExceptionally(new IllegalStateException(why));
        }
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
