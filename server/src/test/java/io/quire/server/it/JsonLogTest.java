package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --log-format json} on the real server process: every line a log collector reads is one JSON object, and
 * the significant events (a book made, a connection the server closes) carry their details as fields.
 */
class JsonLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tempDir;

    @Test
    void everyLineIsOneJsonObjectAndEventsCarryTheirFields() throws Exception {
        int port = freePort();
        Path tmp = Files.createDirectories(tempDir.resolve("tmp"));
        try (ServerProcess server = ServerProcess.start("json-log", port, tempDir.resolve("data"), tmp, tempDir,
                List.of("--log-format", "json"))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/books"))
                    .timeout(WAIT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"log-book\",\"title\":\"Logged\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            // A binary frame is not part of the protocol: the server closes with 1003, and says so in its log.
            CompletableFuture<Integer> closeCode = new CompletableFuture<>();
            WebSocket socket = http.newWebSocketBuilder().connectTimeout(WAIT)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                            closeCode.complete(statusCode);
                            return null;
                        }
                    }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true);
            assertThat(closeCode.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1003);

            assertThat(server.awaitLine(line -> line.contains("closing a connection"), WAIT)).isPresent();
            assertThat(server.awaitLine(line -> line.contains("book created"), WAIT)).isPresent();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : server.stdoutLines()) {
                lines.add(parse(line));
            }

            JsonNode listening = find(lines, "Quire listening on");
            assertThat(listening.path("level").asText()).isEqualTo("INFO");
            assertThat(listening.path("loggerName").asText()).isEqualTo("io.quire.server.QuireServer");
            assertThat(listening.path("timestamp").asLong()).isPositive();

            JsonNode bookCreated = find(lines, "book created");
            assertThat(fields(bookCreated)).contains("book=log-book", "by=admin");

            JsonNode closed = find(lines, "closing a connection");
            assertThat(fields(closed)).contains("code=1003");

            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("quire_sessions_closed_total{code=\"1003\"} 1.0");
        }
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as("a log line: %s", line).isTrue();
            return node;
        } catch (IOException e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }

    private static JsonNode find(List<JsonNode> lines, String message) {
        return lines.stream().filter(line -> line.path("formattedMessage").asText().contains(message)).findFirst()
                .orElseThrow(() -> new AssertionError("no log line says '" + message + "' in " + lines));
    }

    /** The event's key/value pairs as "key=value" strings, whatever shape the encoder gives the list. */
    private static List<String> fields(JsonNode line) {
        List<String> out = new ArrayList<>();
        for (JsonNode pair : line.path("kvpList")) {
            pair.fields().forEachRemaining(field -> out.add(field.getKey() + "=" + field.getValue().asText()));
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
