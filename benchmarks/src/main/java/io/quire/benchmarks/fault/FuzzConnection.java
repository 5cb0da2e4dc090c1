package io.quire.benchmarks.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;

import java.net.URI;

/**
 * One fuzz connection: creates its target document once, then sends generated frames at a steady rate (under the
 * server's per-connection limit, so a close for flooding is a finding). After a fatal frame it stops sending and
 * waits (bounded) for the server to close, then reconnects; a close at any other time is counted as unexpected.
 */
final class FuzzConnection extends Wire {
    static final long FATAL_CLOSE_WAIT_NANOS = 5_000_000_000L;

    private final Vertx vertx;
    private final FrameGenerator generator;
    private final FuzzStats stats;
    private final FrameBudget budget;
    private final String collection;
    private final String targetText;
    private final double framesPerTick;
    private boolean created;
    private double credit;
    private FrameGenerator.Kind awaitingCloseFor;
    private long awaitingSince;
    private long timer = -1;
    private boolean finished;
    private String setupError;

    /** The frames still to send, shared by all fuzz connections (one event loop: no atomics needed). */
    static final class FrameBudget {
        long remaining;

        FrameBudget(long frames) {
            remaining = frames;
        }
    }

    FuzzConnection(Vertx vertx, WebSocketClient client, URI url, FrameGenerator generator, FuzzStats stats,
                   FrameBudget budget, String collection, String targetText, double framesPerSecond) {
        super(client, url);
        this.vertx = vertx;
        this.generator = generator;
        this.stats = stats;
        this.budget = budget;
        this.collection = collection;
        this.targetText = targetText;
        this.framesPerTick = framesPerSecond / 100.0;
    }

    boolean finished() {
        return finished;
    }

    String setupError() {
        return setupError;
    }

    boolean created() {
        return created;
    }

    void start() {
        stats.connections++;
        connect();
        if (timer < 0) {
            timer = vertx.setPeriodic(10, id -> tick());
        }
    }

    void stop() {
        finished = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        close();
    }

    @Override
    void onReady() {
        if (!created) {
            socket.writeTextMessage("{\"a\":\"op\",\"c\":" + FrameGenerator.q(collection) + ",\"d\":"
                    + FrameGenerator.q(generator.targetDoc()) + ",\"v\":0,\"seq\":1,\"create\":{\"type\":\"rich-text\","
                    + "\"data\":{\"ops\":[{\"insert\":" + FrameGenerator.q(targetText) + "}]}}}");
        }
    }

    private boolean sending() {
        return ready && created && awaitingCloseFor == null && !finished;
    }

    private void tick() {
        if (finished) {
            return;
        }
        if (awaitingCloseFor != null && System.nanoTime() - awaitingSince > FATAL_CLOSE_WAIT_NANOS) {
            FuzzStats.add(stats.fatalNotClosed, awaitingCloseFor.name(), 1);
            awaitingCloseFor = null;
            close();
            reconnect();
            return;
        }
        if (!sending()) {
            return;
        }
        credit = Math.min(credit + framesPerTick, framesPerTick * 10);
        while (credit > 0 && sending() && !socket.writeQueueFull()) {
            if (budget.remaining <= 0) {
                finished = true;
                return;
            }
            FrameGenerator.Frame frame = generator.next();
            int n = frame.count();
            budget.remaining -= n;
            credit -= n;
            stats.framesSent += n;
            FuzzStats.add(stats.framesByKind, frame.kind().name(), n);
            if (frame.binary() != null) {
                socket.writeBinaryMessage(Buffer.buffer(frame.binary()));
            } else {
                for (String text : frame.texts()) {
                    socket.writeTextMessage(text);
                }
            }
            if (frame.kind().fatal) {
                awaitingCloseFor = frame.kind();
                awaitingSince = System.nanoTime();
            }
        }
    }

    private void reconnect() {
        if (!finished) {
            stats.connections++;
            connect();
        }
    }

    @Override
    void onMessage(JsonNode m) {
        String a = m.path("a").asText("");
        JsonNode error = m.get("error");
        String d = m.path("d").asText("");
        if (!created && "op".equals(a) && !m.has("op") && d.equals(generator.targetDoc())) {
            if (error == null) {
                created = true;
            } else {
                setupError = "creating " + d + ": " + error;
                stop();
            }
            return;
        }
        if (error != null) {
            FuzzStats.add(stats.errorReplies, error.path("code").asText("?"), 1);
        } else if ("op".equals(a) && !m.has("op") && !m.has("create") && !m.has("del") && m.has("seq")) {
            if (d.equals(generator.targetDoc())) {
                stats.targetAcks++;
            } else {
                stats.scratchAcks++;
            }
        }
    }

    @Override
    void onUnparseable(String text) {
        stats.unparseableReplies++;
    }

    @Override
    void onClosed(Short code, String reason) {
        String why = code + " " + (reason == null ? "" : reason.replaceAll("(?s):.*", ""));
        if (awaitingCloseFor != null && code != null && (code == 1003 || code == 1009)) {
            FuzzStats.add(stats.expectedCloses, awaitingCloseFor.name() + " -> " + why, 1);
        } else if (awaitingCloseFor != null) {
            // Closed for the fatal frame, but without a valid close frame (1006 = the client saw none).
            FuzzStats.add(stats.abnormalFatalCloses, awaitingCloseFor.name() + " -> " + why, 1);
        } else {
            FuzzStats.add(stats.unexpectedCloses, (awaitingCloseFor == null ? "" : awaitingCloseFor.name() + " -> ")
                    + why, 1);
        }
        awaitingCloseFor = null;
        if (!created) {
            setupError = "closed before the target document was created: " + why;
            stop();
            return;
        }
        reconnect();
    }

    @Override
    void onConnectFailed(Throwable e) {
        FuzzStats.add(stats.unexpectedCloses, "connect failed: " + e.getClass().getSimpleName(), 1);
        if (!created) {
            setupError = "connect failed: " + e;
            stop();
            return;
        }
        vertx.setTimer(100, id -> reconnect());
    }
}
