package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while clients type: the server (a child JVM) must exit 0 within its bound, having acknowledged every op it
 * committed before closing the connections with 1001, so that after a restart on the same folder each chapter holds
 * exactly the markers its writer saw acknowledged: an op in flight at the end was either acknowledged or not stored.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GracefulShutdownTest {
    private static final int WRITERS = 6;
    private static final Duration TYPING = Duration.ofSeconds(2);
    /** Main gives up after 15 s; the process must be gone well before a test runner would kill it. */
    private static final Duration EXIT_BOUND = Duration.ofSeconds(20);

    @TempDir
    Path tempDir;

    private final List<ServerProcess> servers = new ArrayList<>();
    private Vertx vertx;
    private WebSocketClient client;

    @BeforeEach
    void client() {
        vertx = Vertx.vertx();
        client = vertx.createWebSocketClient();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (ServerProcess server : servers) {
            server.close();
        }
        client.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void sigtermAcknowledgesWhatItCommitsAndExitsZero() throws Exception {
        Path data = Files.createDirectories(tempDir.resolve("data"));
        Path tmp = Files.createDirectories(tempDir.resolve("tmp"));
        int port = freePort();
        ServerProcess server = start(port, data, tmp);

        List<MarkerWriter> writers = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            writers.add(new MarkerWriter(client, port, "book-stop", i).start());
        }
        Thread.sleep(TYPING.toMillis());
        long acksBefore = writers.stream().mapToLong(w -> w.acked.size()).sum();
        assertThat(acksBefore).as("acks before SIGTERM%n%s", server.describe()).isPositive();

        long termAt = System.nanoTime();
        Optional<Integer> exit = server.terminate(EXIT_BOUND);
        double seconds = (System.nanoTime() - termAt) / 1e9;
        assertThat(exit).as("exit after SIGTERM (%.1f s)%n%s", seconds, server.describe()).contains(0);
        assertThat(server.log()).as(server.describe()).contains("Quire stopping connections=").contains("Quire stopped ms=");
        for (MarkerWriter writer : writers) {
            writer.join(Duration.ofSeconds(30));
            assertThat(writer.failure).as("writer %s", writer.docId).isNull();
            assertThat(writer.closed).as("how %s was closed", writer.docId).isNotNull();
            assertThat(writer.closed.code()).as("close of %s: %s", writer.docId, writer.closed).isEqualTo((short) 1001);
        }

        server = start(port, data, tmp);
        long inFlightAtEnd = 0;
        for (MarkerWriter writer : writers) {
            MarkerWriter.Stored stored = MarkerWriter.fetch(client, port, writer.collection, writer.docId);
            Set<String> present = new HashSet<>(stored.markers());
            assertThat(present).as("markers of %s appear once each", writer.docId).hasSize(stored.markers().size());
            assertThat(present).as("%s after restart: every acknowledged op, nothing else", writer.docId)
                    .isEqualTo(writer.acked.keySet());
            assertThat(stored.version()).as("version of %s", writer.docId).isEqualTo(1 + writer.acked.size());
            if (writer.unacked != null) {
                inFlightAtEnd++;
            }
        }
        System.out.printf("GracefulShutdownTest: %d ops acked, %d writers had an op unanswered at the close, "
                        + "exit after %.2f s; server said: %s%n",
                writers.stream().mapToLong(w -> w.acked.size()).sum(), inFlightAtEnd, seconds,
                servers.get(0).log().lines().filter(l -> l.contains("Quire stop")).toList());
    }

    private ServerProcess start(int port, Path data, Path tmp) throws InterruptedException {
        ServerProcess server = ServerProcess.start("server-" + (servers.size() + 1), port, data, tmp, tempDir);
        servers.add(server);
        return server;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
