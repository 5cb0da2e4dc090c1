package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quire.server.ops.BackupCommand;
import io.quire.server.ops.RestoreCommand;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online backups of a running server (a child JVM) while clients type: a backup taken through the admin API holds
 * every op acknowledged before it was asked for, the books and the local token secret, and a new server started on
 * the backup folder serves all of it. Also who may ask, which names are refused, and the backup and restore
 * commands.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BackupTest {
    private static final int WRITERS = 4;
    private static final String COLLECTION = "book-backup";

    @TempDir
    Path tempDir;

    private final List<ServerProcess> servers = new ArrayList<>();
    private final List<MarkerWriter> writers = new ArrayList<>();
    private Vertx vertx;
    private WebSocketClient client;

    @BeforeEach
    void client() {
        vertx = Vertx.vertx();
        client = vertx.createWebSocketClient();
    }

    @AfterEach
    void cleanUp() throws Exception {
        writers.forEach(MarkerWriter::stop);
        for (ServerProcess server : servers) {
            server.close();
        }
        client.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aBackupTakenWhileWritingHoldsEveryOpAcknowledgedBeforeIt() throws Exception {
        Path data = Files.createDirectories(tempDir.resolve("data"));
        Path tmp = Files.createDirectories(tempDir.resolve("tmp"));
        Path backups = tempDir.resolve("backups");
        int port = GracefulShutdownTest.freePort();
        ServerProcess server = start(port, data, tmp, List.of("--backup-dir", backups.toString()));
        Api admin = new Api(port, null);

        assertThat(admin.post("/books", Api.object().put("title", "Backed up").put("id", "bk")).status()).isEqualTo(201);
        String anaToken = admin.post("/local-tokens", Api.object().put("userId", "ana")).ok().path("token").asText();
        Api ana = admin.as(anaToken);
        assertThat(ana.get("/me").ok().path("userId").asText()).isEqualTo("ana");

        // Only the administrator.
        for (Api.Reply refused : List.of(ana.post("/admin/backups", Api.object()), ana.get("/admin/backups"))) {
            assertError(refused, 403, "FORBIDDEN");
        }
        // Only plain folder names.
        for (String bad : List.of("../escape", "a/b", "a\\b", ".hidden", "", "x".repeat(101))) {
            assertError(admin.post("/admin/backups", Api.object().put("name", bad)), 400, "BAD_REQUEST");
        }
        assertThat(Files.exists(tempDir.resolve("escape"))).isFalse();

        for (int i = 0; i < WRITERS; i++) {
            writers.add(new MarkerWriter(client, port, COLLECTION, i).start());
        }
        Thread.sleep(1_000);
        long askedAt = System.nanoTime();
        JsonNode backup = admin.post("/admin/backups", Api.object().put("name", "mid")).ok();
        Thread.sleep(500);
        assertThat(writers.stream().mapToLong(w -> w.acked.values().stream().filter(t -> t > askedAt).count()).sum())
                .as("writing went on during and after the backup").isPositive();

        Path mid = backups.resolve("mid");
        assertThat(backup.path("name").asText()).isEqualTo("mid");
        assertThat(Path.of(backup.path("path").asText())).isEqualTo(mid);
        assertThat(backup.path("bytes").asLong()).isPositive();
        assertThat(backup.path("sequence").asLong()).isPositive();
        assertThat(backup.path("createdAt").asText()).isNotBlank();
        assertError(admin.post("/admin/backups", Api.object().put("name", "mid")), 409, "CONFLICT");

        // The command, as an operator would run it.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BackupCommand.run(new String[] {"--url", "http://127.0.0.1:" + port, "--name", "via-cli"}, Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as("backup command: %s %s", out, err).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(backups.resolve("via-cli").toString());

        JsonNode listed = admin.get("/admin/backups").ok();
        assertThat(listed.path("folder").asText()).isEqualTo(backups.toString());
        List<String> names = new ArrayList<>();
        listed.path("backups").forEach(b -> names.add(b.path("name").asText()));
        assertThat(names).containsExactly("mid", "via-cli");

        writers.forEach(MarkerWriter::stop);
        for (MarkerWriter writer : writers) {
            writer.join(Duration.ofSeconds(30));
            assertThat(writer.failure).as("writer %s", writer.docId).isNull();
        }
        assertThat(server.terminate(Duration.ofSeconds(20))).as(server.describe()).contains(0);

        // The restore command copies a backup only into a new or empty folder.
        Path restored = tempDir.resolve("restored");
        assertThat(RestoreCommand.run(new String[] {"--from", mid.toString(), "--data", restored.toString()},
                System.out, System.err)).isZero();
        assertThat(restored.resolve("CURRENT")).exists();
        assertThat(restored.resolve("local-token-secret")).exists();
        assertThat(RestoreCommand.run(new String[] {"--from", mid.toString(), "--data", data.toString()},
                System.out, System.err)).as("restore over a data folder in use").isEqualTo(1);

        // A new server on the backup folder itself: a backup is a complete data folder.
        int newPort = GracefulShutdownTest.freePort();
        start(newPort, mid, tmp, List.of());
        long checked = 0;
        for (MarkerWriter writer : writers) {
            MarkerWriter.Stored stored = MarkerWriter.fetch(client, newPort, writer.collection, writer.docId);
            Set<String> present = new HashSet<>(stored.markers());
            assertThat(present).as("markers of %s appear once each", writer.docId).hasSize(stored.markers().size());
            Set<String> ackedBefore = new HashSet<>();
            writer.acked.forEach((marker, at) -> {
                if (at < askedAt) {
                    ackedBefore.add(marker);
                }
            });
            assertThat(present).as("%s in the backup: every op acknowledged before it was asked for", writer.docId)
                    .containsAll(ackedBefore);
            Set<String> sent = new HashSet<>(writer.acked.keySet());
            if (writer.unacked != null) {
                sent.add(writer.unacked);
            }
            assertThat(sent).as("%s in the backup: only ops the writer sent", writer.docId).containsAll(present);
            assertThat(stored.version()).as("version of %s", writer.docId).isEqualTo(1 + present.size());
            checked += ackedBefore.size();
        }
        assertThat(checked).as("ops acknowledged before the backup").isPositive();

        Api restoredAdmin = new Api(newPort, null);
        assertThat(restoredAdmin.get("/books/bk").ok().path("title").asText()).isEqualTo("Backed up");
        // The local token secret came along: a token made before the backup still signs in.
        assertThat(restoredAdmin.as(anaToken).get("/me").ok().path("userId").asText()).isEqualTo("ana");
        System.out.printf("BackupTest: %d ops acknowledged before the backup, all in it; backup of %d bytes%n",
                checked, backup.path("bytes").asLong());
    }

    private static void assertError(Api.Reply reply, int status, String code) {
        assertThat(reply.status()).as("%s", reply.raw()).isEqualTo(status);
        assertThat(reply.body().path("error").path("status").asInt()).as("%s", reply.raw()).isEqualTo(status);
        assertThat(reply.body().path("error").path("code").asText()).as("%s", reply.raw()).isEqualTo(code);
        assertThat(reply.body().path("error").path("message").asText()).as("%s", reply.raw()).isNotBlank();
    }

    private ServerProcess start(int port, Path data, Path tmp, List<String> flags) throws InterruptedException {
        ServerProcess server = ServerProcess.start("server-" + (servers.size() + 1), port, data, tmp, tempDir, flags);
        servers.add(server);
        return server;
    }
}
