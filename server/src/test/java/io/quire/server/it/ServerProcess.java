package io.quire.server.it;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code io.quire.server.Main} in a JVM of its own, so that a test can SIGKILL it. It runs on this test's
 * classpath, with {@code java.io.tmpdir} pointed at a folder of the test's (rocksdbjni extracts its native
 * library there) and a small heap.
 */
final class ServerProcess implements AutoCloseable {

    /** Logged by {@code QuireServer.start} once connections are accepted. */
    static final String LISTENING = "Quire listening on";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(45);

    private final ChildProcess process;
    private final long listeningNanos;

    private ServerProcess(ChildProcess process, long listeningNanos) {
        this.process = process;
        this.listeningNanos = listeningNanos;
    }

    /** Starts the server and waits (bounded) for its "listening" line; fails with its output otherwise. */
    static ServerProcess start(String name, int port, Path dataDir, Path tmpDir, Path workDir) throws InterruptedException {
        return start(name, port, dataDir, tmpDir, workDir, List.of());
    }

    /** As {@link #start(String, int, Path, Path, Path)}, with more command-line flags for the server. */
    static ServerProcess start(String name, int port, Path dataDir, Path tmpDir, Path workDir, List<String> flags)
            throws InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                javaExecutable(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + tmpDir,
                "-cp", classpath(),
                "io.quire.server.Main",
                "--host", "127.0.0.1",
                "--port", String.valueOf(port),
                "--data", dataDir.toString()));
        command.addAll(flags);
        ChildProcess process = ChildProcess.start(name, command, workDir, null);
        Optional<ChildProcess.Line> listening = process.awaitLine(line -> line.contains(LISTENING), START_TIMEOUT);
        if (listening.isEmpty()) {
            String why = process.isAlive() ? "did not log '" + LISTENING + "' within " + START_TIMEOUT.toSeconds() + " s"
                    : "exited before listening";
            process.close();
            throw new AssertionError("server " + name + " " + why + ":\n" + process.describe());
        }
        return new ServerProcess(process, listening.get().nanos());
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * The test classpath. Surefire puts it in {@code java.class.path} of the forked JVM; should a manifest-only
     * booter jar stand there instead, its manifest's Class-Path still carries it to the child.
     */
    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String cp = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        if (!cp.contains("rocksdbjni") && !cp.contains("surefire")) {
            throw new AssertionError("the test classpath does not hold rocksdbjni: " + cp.replace(File.pathSeparator, "\n"));
        }
        return cp;
    }

    long pid() {
        return process.pid();
    }

    /** When the "listening" line was read. */
    long listeningNanos() {
        return listeningNanos;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
    void killHard() throws InterruptedException {
        process.kill();
    }

    /** Waits (bounded) for an output line that {@code match} accepts. */
    Optional<String> awaitLine(java.util.function.Predicate<String> match, Duration timeout) throws InterruptedException {
        return process.awaitLine(match, timeout).map(ChildProcess.Line::text);
    }

    /** What the server wrote to stdout so far, a line each. */
    List<String> stdoutLines() {
        return process.stdoutLines().stream().map(ChildProcess.Line::text).toList();
    }

    /** SIGTERM, then up to {@code timeout} for the exit code; empty if it is still running. */
    Optional<Integer> terminate(Duration timeout) throws InterruptedException {
        process.terminate();
        return process.waitFor(timeout);
    }

    String describe() {
        return process.describe();
    }

    String log() {
        return process.stdout() + process.stderr();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
