package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.server.QuireServer;
import io.quire.server.config.ServerConfig;
import io.vertx.core.Future;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a server says while it stops. The client here is the JDK's WebSocket, which does not answer a close frame
 * by itself: the server then waits (bounded) for it, and that wait is the window in which the test looks.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class StoppingServerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tempDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private QuireServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop().await(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesNewWorkSaysStoppingAndClosesConnectionsWith1001() throws Exception {
        server = new QuireServer();
        server.start(ServerConfig.defaults().withPort(0).withDataDir(tempDir.resolve("data")))
                .await(WAIT.toSeconds(), TimeUnit.SECONDS);
        int port = server.actualPort();
        assertThat(get(port, "/ready").body()).isEqualTo("{\"status\":\"ready\"}");

        CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                        closed.complete(statusCode + " " + reason);
                        return new CompletableFuture<>(); // no close frame back until the test says so
                    }
                }).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        Future<Void> stopping = server.stop();
        assertThat(closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).startsWith("1001 ").contains("shutting down");

        HttpResponse<String> ready = get(port, "/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"status\":\"stopping\"}");
        HttpResponse<String> api = get(port, "/api/v1/me");
        assertThat(api.statusCode()).isEqualTo(503);
        assertThat(api.body()).contains("\"status\":503").contains("\"code\":\"UNAVAILABLE\"");
        try {
            http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() { })
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("a WebSocket was accepted while the server was stopping");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(503);
        }

        socket.abort();
        stopping.await(20, TimeUnit.SECONDS);
        assertThat(stopping.succeeded()).isTrue();
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(WAIT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (CompletionException e) {
            throw new AssertionError(path, e);
        }
    }
}
