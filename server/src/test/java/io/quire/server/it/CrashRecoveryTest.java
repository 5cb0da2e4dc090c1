package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability through crashes: the server runs as a child JVM and is SIGKILLed (no shutdown hook, nothing
 * flushed) twice while four sharedb clients type, then restarted on the same port and data folder. The clients
 * reconnect by themselves and resend what was in flight.
 *
 * <pre>
 *   0 s   server 1 up; typing.js starts: 4 clients x 20 markers/s, each printing ACK for every acknowledged op
 *   3 s   SIGKILL server 1          4 s  server 2 starts (same port, same folder)
 *   7 s   SIGKILL server 2          8 s  server 3 starts
 *   11 s  typing stops, drains, checks with a fresh fetch that every acked marker is there exactly once
 *   then  SIGKILL server 3, server 4 starts, verify-markers.js checks every ACK marker again from disk
 * </pre>
 *
 * The contract under test is the store's: when an op is acknowledged, it survives a crash. Acks are counted
 * with the time the test read them, so each server must have acknowledged some (the crash did not simply
 * happen while nothing was being typed).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CrashRecoveryTest {

    private static final int CLIENTS = 4;
    private static final int RATE = 20;
    private static final int TYPING_SECONDS = 11;
    private static final Duration FIRST_KILL = Duration.ofSeconds(3);
    /** Kill, restart and the next kill this far apart. */
    private static final Duration CYCLE = Duration.ofSeconds(4);
    private static final Duration DOWNTIME = Duration.ofSeconds(1);
    private static final int KILLS = 2;
    private static final Duration TYPING_TIMEOUT = Duration.ofSeconds(TYPING_SECONDS + 60);

    private static final Pattern ACK = Pattern.compile("^ACK (\\d+) (<c\\d+n\\d+>)$");
    private static final Pattern NACK = Pattern.compile("^NACK (\\d+) (<c\\d+n\\d+>) (\\S+)$");
    private static final Pattern READY = Pattern.compile("^READY (\\S+) (\\S+)$");

    @TempDir
    Path tempDir;

    private final List<ServerProcess> servers = new ArrayList<>();
    private ChildProcess typing;

    @BeforeAll
    static void requireNode() throws InterruptedException {
        NodeScripts.requireNode();
    }

    @AfterEach
    void killEverything() throws InterruptedException {
        if (typing != null) {
            typing.close();
        }
        for (ServerProcess server : servers) {
            server.close();
        }
    }

    @Test
    void acknowledgedOpsSurviveSigkillAndRestart() throws Exception {
        Path dataDir = Files.createDirectories(tempDir.resolve("data"));
        Path tmpDir = Files.createDirectories(tempDir.resolve("tmp"));
        int port = freePort();
        String url = "ws://127.0.0.1:" + port + "/ws";

        ServerProcess server = startServer(port, dataDir, tmpDir);
        typing = NodeScripts.start("typing.js", List.of(url, "crash", String.valueOf(CLIENTS),
                String.valueOf(TYPING_SECONDS), "--rate=" + RATE, "--drain=5", "--verify",
                "--timeout=" + TYPING_TIMEOUT.toSeconds()), null);
        long t0 = typing.startedNanos();

        // Each period between a server becoming ready and its death, by the test's clock.
        List<long[]> lifetimes = new ArrayList<>();
        long up = server.listeningNanos();
        for (int kill = 0; kill < KILLS; kill++) {
            sleepUntil(t0 + FIRST_KILL.plus(CYCLE.multipliedBy(kill)).toNanos());
            assertThat(typing.isAlive()).withFailMessage("typing.js ended early:%n%s", context()).isTrue();
            server.killHard();
            long killedAt = System.nanoTime();
            lifetimes.add(new long[] {up, killedAt});
            sleepUntil(killedAt + DOWNTIME.toNanos());
            server = startServer(port, dataDir, tmpDir);
            up = server.listeningNanos();
        }

        JsonNode summary = NodeScripts.awaitOk(typing, TYPING_TIMEOUT.plusSeconds(20));
        lifetimes.add(new long[] {up, System.nanoTime()});
        List<ChildProcess.Line> out = typing.stdoutLines();

        // What the clients were told, and when the test read it.
        Map<String, Long> acked = new LinkedHashMap<>();
        List<String> duplicateAcks = new ArrayList<>();
        List<String> nacks = new ArrayList<>();
        String collection = null;
        String id = null;
        for (ChildProcess.Line line : out) {
            Matcher ack = ACK.matcher(line.text());
            Matcher nack = NACK.matcher(line.text());
            Matcher ready = READY.matcher(line.text());
            if (ack.matches()) {
                if (acked.putIfAbsent(ack.group(2), line.nanos()) != null) {
                    duplicateAcks.add(ack.group(2));
                }
            } else if (nack.matches()) {
                nacks.add(line.text());
            } else if (ready.matches() && collection == null) {
                collection = ready.group(1);
                id = ready.group(2);
            }
        }
        String context = context();
        assertThat(collection).withFailMessage("typing.js never printed READY:%n%s", context).isEqualTo("book-crash");
        assertThat(id).isEqualTo("chapter-1");
        assertThat(duplicateAcks).withFailMessage("markers acknowledged twice: %s%n%s", duplicateAcks, context).isEmpty();
        assertThat(nacks).withFailMessage("ops rejected across the crashes: %s%n%s", nacks, context).isEmpty();

        long[] perServer = new long[lifetimes.size()];
        for (int i = 0; i < lifetimes.size(); i++) {
            long from = lifetimes.get(i)[0];
            long to = lifetimes.get(i)[1];
            perServer[i] = acked.values().stream().filter(t -> t >= from && t <= to).count();
            assertThat(perServer[i]).withFailMessage("server %d (up %.1f s .. %.1f s after typing started) "
                            + "acknowledged no op: acks by time %s%n%s", i + 1, (from - t0) / 1e9, (to - t0) / 1e9,
                    ackTimeline(acked, t0), context)
                    .isPositive();
        }
        assertThat(summary.path("acked").asInt()).withFailMessage("summary acked vs ACK lines%n%s", context)
                .isEqualTo(acked.size());
        assertThat(summary.path("nacked").asInt()).isZero();
        assertThat(summary.path("clientsWithPendingOpsAtExit").asInt())
                .withFailMessage("clients still had unacknowledged ops after the drain:%n%s", context).isZero();
        assertThat(summary.path("reconnects").asInt()).withFailMessage("no client reconnected:%n%s", context)
                .isGreaterThanOrEqualTo(CLIENTS * KILLS);
        JsonNode verified = summary.path("verified");
        assertThat(verified.path("missingOrDuplicated").asInt()).isZero();

        // One line for the CI log: how much was at stake, and how the clients took the crashes.
        System.out.printf("CrashRecoveryTest: %d ops acked (per server life %s), version %s, %s reconnects, "
                        + "%d 'Invalid version from server' warnings from the client%n", acked.size(),
                Arrays.toString(perServer), verified.path("version"), summary.path("reconnects"),
                typing.stderr().split("Invalid version from server", -1).length - 1);

        // Every acknowledged op is on disk, not just in the memory of the server that acknowledged it: crash once
        // more with nobody typing, then look from a new process. Nothing was pending, so the version is the same.
        server.killHard();
        server = startServer(port, dataDir, tmpDir);
        Path markers = NodeScripts.writeLines(tempDir, "acked-markers.txt", new ArrayList<>(acked.keySet()));
        JsonNode check = NodeScripts.runOk(Duration.ofSeconds(30), "verify-markers.js", url, collection, id,
                markers.toString());
        assertThat(check.path("markers").asInt()).isEqualTo(acked.size());
        assertThat(check.path("version").asLong())
                .withFailMessage("version after the last crash is %s, the clients had seen %s%n%s",
                        check.path("version"), verified.path("version"), context())
                .isEqualTo(verified.path("version").asLong());
        assertThat(check.path("length").asInt()).isEqualTo(verified.path("length").asInt());
    }

    private ServerProcess startServer(int port, Path dataDir, Path tmpDir) throws InterruptedException {
        ServerProcess server = ServerProcess.start("server-" + (servers.size() + 1), port, dataDir, tmpDir, tempDir);
        servers.add(server);
        return server;
    }

    /** ACK counts per half second since typing started, e.g. "0.5s:12 1.0s:40 ...". */
    private static String ackTimeline(Map<String, Long> acked, long t0) {
        Map<Long, Integer> buckets = new TreeMap<>();
        for (long t : acked.values()) {
            buckets.merge((t - t0) / 500_000_000L, 1, Integer::sum);
        }
        StringBuilder text = new StringBuilder();
        buckets.forEach((bucket, n) -> text.append(String.format("%.1fs:%d ", bucket * 0.5, n)));
        return text.toString();
    }

    /** The typists' output and every server's log, for failure messages. */
    private String context() {
        StringBuilder text = new StringBuilder();
        if (typing != null) {
            text.append(typing.describe()).append('\n');
        }
        for (ServerProcess server : servers) {
            text.append(server.describe()).append('\n');
        }
        return text.toString();
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
