package io.quire.server.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * A webhook receiver for tests: a Vert.x HTTP server on 127.0.0.1 and a free port that records every request and
 * answers with the status its responder picks ({@link #HANG}: no answer until {@link #releaseHeld}).
 */
final class Receiver implements AutoCloseable {
    static final int HANG = -1;
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as it arrived. */
    record Received(String method, String path, MultiMap headers, byte[] body, long nanos) {
        String header(String name) {
            return headers.get(name);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String eventId() {
            return header("X-Quire-Delivery");
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    private volatile ToIntFunction<Received> responder;

    private Receiver(Vertx vertx, ToIntFunction<Received> responder) throws Exception {
        this.responder = responder;
        this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(this::handle);
        server.listen().await(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    static Receiver start(Vertx vertx, ToIntFunction<Received> responder) throws Exception {
        return new Receiver(vertx, responder);
    }

    static Receiver answering(Vertx vertx, int status) throws Exception {
        return start(vertx, request -> status);
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            // The copy of the headers outlives the request.
            Received arrived = new Received(request.method().name(), request.path(),
                    MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body.getBytes(), System.nanoTime());
            received.add(arrived);
            int status = responder.applyAsInt(arrived);
            if (status == HANG) {
                held.add(request);
            } else {
                request.response().setStatusCode(status).end();
            }
        });
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/hook";
    }

    void respondWith(ToIntFunction<Received> next) {
        responder = next;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Answers every request held so far with {@code status}. */
    void releaseHeld(int status) {
        for (HttpServerRequest request : held) {
            held.remove(request);
            request.response().setStatusCode(status).end();
        }
    }

    /** Waits (at most {@link #WAIT}) until at least {@code count} requests arrived; fails the test otherwise. */
    List<Received> awaitCount(int count) {
        awaitTrue(() -> received.size() >= count,
                () -> "receiver at " + url() + " to get " + count + " request(s), got " + received.size());
        return received();
    }

    static void awaitTrue(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + what.get());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what.get(), e);
            }
        }
    }

    @Override
    public void close() throws Exception {
        releaseHeld(503);
        server.close().await(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
