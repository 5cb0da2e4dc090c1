package io.quire.benchmarks.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;

import java.net.URI;
import java.util.SplittableRandom;

/**
 * A well-behaved author beside the fuzzers: creates its own document, then types one character at a random position
 * every {@code 1/rate} seconds (skipping a tick while an op is in flight), keeping a local copy. At the end it
 * fetches the document and compares it with the copy.
 */
final class ValidClient extends Wire {
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";

    private final Vertx vertx;
    private final FuzzStats stats;
    private final String collection;
    private final String docId;
    private final long periodMs;
    private final SplittableRandom random;
    private final StringBuilder local;
    private long version = -1;
    private long seq;
    private long inflightSeq = -1;
    private long inflightSent;
    private int inflightPos;
    private char inflightChar;
    private long timer = -1;
    private boolean typing = true;
    private String setupError;
    /** Set by the final fetch: null until it arrives. */
    private String finalCheck;

    ValidClient(Vertx vertx, WebSocketClient client, URI url, FuzzStats stats, String collection, String docId,
                double opsPerSecond, long seed) {
        super(client, url);
        this.vertx = vertx;
        this.stats = stats;
        this.collection = collection;
        this.docId = docId;
        this.periodMs = Math.max(1, Math.round(1000 / opsPerSecond));
        this.random = new SplittableRandom(seed);
        this.local = new StringBuilder(docId + "\n");
    }

    boolean readyToType() {
        return version >= 1;
    }

    String setupError() {
        return setupError;
    }

    boolean idle() {
        return inflightSeq < 0;
    }

    String finalCheck() {
        return finalCheck;
    }

    @Override
    public String toString() {
        return docId;
    }

    @Override
    void onReady() {
        seq++;
        socket.writeTextMessage("{\"a\":\"op\",\"c\":" + FrameGenerator.q(collection) + ",\"d\":" + FrameGenerator.q(docId)
                + ",\"v\":0,\"seq\":" + seq + ",\"create\":{\"type\":\"rich-text\",\"data\":{\"ops\":[{\"insert\":"
                + FrameGenerator.q(local.toString()) + "}]}}}");
    }

    void stopTyping() {
        typing = false;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** Asks for the document; {@link #finalCheck()} then says "ok" or what differs. */
    void verify() {
        if (closed) {
            finalCheck = "connection closed";
            return;
        }
        socket.writeTextMessage("{\"a\":\"f\",\"c\":" + FrameGenerator.q(collection) + ",\"d\":" + FrameGenerator.q(docId) + "}");
    }

    private void type() {
        if (!typing || !ready || inflightSeq >= 0 || version < 1) {
            return;
        }
        inflightPos = random.nextInt(local.length());
        inflightChar = LETTERS.charAt(random.nextInt(LETTERS.length()));
        seq++;
        inflightSeq = seq;
        inflightSent = System.nanoTime();
        String op = (inflightPos > 0 ? "{\"retain\":" + inflightPos + "}," : "") + "{\"insert\":\"" + inflightChar + "\"}";
        socket.writeTextMessage("{\"a\":\"op\",\"c\":" + FrameGenerator.q(collection) + ",\"d\":" + FrameGenerator.q(docId)
                + ",\"v\":" + version + ",\"seq\":" + seq + ",\"op\":[" + op + "]}");
        stats.validOpsSent++;
    }

    @Override
    void onMessage(JsonNode m) {
        String a = m.path("a").asText("");
        if (!docId.equals(m.path("d").asText(""))) {
            return;
        }
        JsonNode error = m.get("error");
        if (version < 1 && "op".equals(a) && !m.has("op") && m.path("seq").asLong(-2) == seq) {
            if (error != null) {
                setupError = "create " + docId + ": " + error;
                return;
            }
            version = 1;
            timer = vertx.setPeriodic(periodMs, id -> type());
            return;
        }
        if ("op".equals(a) && m.path("seq").asLong(-2) == inflightSeq) {
            if (error != null) {
                stats.validErrors++;
                FuzzStats.add(stats.validErrorCodes, error.path("code").asText("?"), 1);
                inflightSeq = -1;
                return;
            }
            stats.validAckMicros.recordValue(Math.min((System.nanoTime() - inflightSent) / 1000, 60_000_000L));
            stats.validOpsAcked++;
            local.insert(inflightPos, inflightChar);
            version = m.path("v").asLong() + 1;
            inflightSeq = -1;
            return;
        }
        if ("f".equals(a)) {
            JsonNode snap = m.path("data");
            String text = Wire.text(snap.path("data"));
            long v = snap.path("v").asLong(-1);
            if (error != null) {
                finalCheck = "fetch failed: " + error;
            } else if (v != version) {
                finalCheck = "version " + v + ", local " + version;
            } else if (!local.toString().equals(text)) {
                finalCheck = "text differs from the local copy (" + (text == null ? "null" : text.length()) + " vs "
                        + local.length() + " units)";
            } else {
                finalCheck = "ok";
            }
        }
    }

    @Override
    void onClosed(Short code, String reason) {
        stats.validDisconnects++;
        stopTyping();
        FuzzStats.add(stats.validErrorCodes, "closed " + code + " " + reason, 1);
    }

    @Override
    void onConnectFailed(Throwable e) {
        setupError = "connect failed: " + e;
    }
}
