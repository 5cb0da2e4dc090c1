package io.quire.benchmarks.fault;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real server ({@code java -jar quire-server.jar}) as a child process on 127.0.0.1 that can be SIGKILLed and
 * started again on the same data folder. Its pid goes to a file so that the calling script's trap can kill it if
 * this JVM dies first.
 */
final class KillableServer implements AutoCloseable {
    private final Path jar;
    private final List<String> jvmOptions;
    private final Path data;
    private final int port;
    private final Path log;
    private final Path pidFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private Process process;

    KillableServer(Path jar, List<String> jvmOptions, Path data, int port, Path log, Path pidFile) {
        this.jar = jar;
        this.jvmOptions = jvmOptions;
        this.data = data;
        this.port = port;
        this.log = log;
        this.pidFile = pidFile;
        Runtime.getRuntime().addShutdownHook(new Thread(this::killQuietly, "kill-server"));
    }

    /** Starts the server and returns the nanoTime of the spawn. */
    long start() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--data", data.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        long spawned = System.nanoTime();
        process = builder.start();
        if (pidFile != null) {
            Files.writeString(pidFile, process.pid() + "\n");
        }
        return spawned;
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Polls {@code /ready} until it answers 200; false if the deadline passes or the process exits first. */
    boolean awaitReady(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                .timeout(Duration.ofSeconds(1)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!alive()) {
                return false;
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return false;
    }

    /** SIGKILL (Process.destroyForcibly on Linux): no shutdown hook runs, nothing is flushed. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("server pid " + process.pid() + " survived SIGKILL for 30 s");
        }
    }

    /** SIGTERM, then SIGKILL after 20 s. */
    @Override
    public void close() throws InterruptedException {
        if (alive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill9();
            }
        }
    }

    private void killQuietly() {
        if (alive()) {
            process.destroyForcibly();
        }
    }
}
