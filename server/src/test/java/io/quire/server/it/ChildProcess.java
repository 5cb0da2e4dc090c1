package io.quire.server.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A child process (a Node script, a server JVM) whose stdout and stderr are read line by line as they come, each
 * line stamped with the {@link System#nanoTime()} at which it was read. Every wait is bounded; {@link #close()}
 * kills the process and its descendants if they are still running, so a failing test leaves nothing behind.
 */
final class ChildProcess implements AutoCloseable {

    /** One line of output and when the test read it. */
    record Line(long nanos, String text) {
    }

    private static final Duration READER_DRAIN = Duration.ofSeconds(5);
    /** Output kept for failure messages: the end of a long log says what went wrong. */
    private static final int TAIL_CHARS = 12_000;

    private final String name;
    private final List<String> command;
    private final Process process;
    private final long startedNanos;
    private final List<Line> stdout = new ArrayList<>();
    private final List<Line> stderr = new ArrayList<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private ChildProcess(String name, List<String> command, Process process, Consumer<Line> onStdoutLine) {
        this.name = name;
        this.command = List.copyOf(command);
        this.process = process;
        this.startedNanos = System.nanoTime();
        this.stdoutReader = reader(name + "-stdout", process.getInputStream(), stdout, onStdoutLine);
        this.stderrReader = reader(name + "-stderr", process.getErrorStream(), stderr, null);
    }

    /**
     * Starts {@code command} in {@code workDir}.
     *
     * @param onStdoutLine called on the reader thread for every stdout line, after it is recorded; may be null
     */
    static ChildProcess start(String name, List<String> command, Path workDir, Consumer<Line> onStdoutLine) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        try {
            Process process = builder.start();
            process.getOutputStream().close(); // no input: scripts that read stdin see its end at once
            return new ChildProcess(name, command, process, onStdoutLine);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    private Thread reader(String threadName, InputStream in, List<Line> into, Consumer<Line> listener) {
        Thread thread = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String text; (text = lines.readLine()) != null; ) {
                    Line line = new Line(System.nanoTime(), text);
                    synchronized (this) {
                        into.add(line);
                        notifyAll();
                    }
                    if (listener != null) {
                        listener.accept(line);
                    }
                }
            } catch (IOException e) {
                // The process was killed: its pipes break. What was read is kept.
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    long startedNanos() {
        return startedNanos;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits up to {@code timeout} for the process to exit, then for its output to be read to the end.
     *
     * @return the exit code, or empty if it is still running (it is not killed: see {@link #close()})
     */
    Optional<Integer> waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        stdoutReader.join(READER_DRAIN.toMillis());
        stderrReader.join(READER_DRAIN.toMillis());
        return Optional.of(process.exitValue());
    }

    /**
     * Waits up to {@code timeout} for a line of stdout or stderr matching {@code match}.
     *
     * @return the line, or empty on timeout or if the process exited without printing it
     */
    Optional<Line> awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            for (; ; ) {
                for (List<Line> lines : List.of(stdout, stderr)) {
                    for (Line line : lines) {
                        if (match.test(line.text())) {
                            return Optional.of(line);
                        }
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !stdoutReader.isAlive() && !stderrReader.isAlive())) {
                    return Optional.empty();
                }
                // Woken by each new line; the bounded wait also notices the process exiting.
                wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
            }
        }
    }

    synchronized List<Line> stdoutLines() {
        return List.copyOf(stdout);
    }

    synchronized String stdout() {
        return join(stdout);
    }

    synchronized String stderr() {
        return join(stderr);
    }

    /** The last non-blank stdout line, where the Node scripts print their JSON summary. */
    synchronized Optional<String> lastStdoutLine() {
        for (int i = stdout.size() - 1; i >= 0; i--) {
            if (!stdout.get(i).text().isBlank()) {
                return Optional.of(stdout.get(i).text());
            }
        }
        return Optional.empty();
    }

    /**
     * SIGTERM: the process may shut down as it sees fit; {@link #waitFor} says how it ended. Through its handle:
     * {@code Process.destroy()} also closes our ends of its pipes, and what it logs while stopping would be lost.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** SIGKILL to the process (and its descendants), then a bounded wait for it to be gone. */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL for 10 s");
        }
        stdoutReader.join(READER_DRAIN.toMillis());
        stderrReader.join(READER_DRAIN.toMillis());
    }

    /** Kills the process if it is still running. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive() || process.descendants().findAny().isPresent()) {
            kill();
        }
    }

    /** Command, exit status and the end of both outputs, for assertion messages. */
    String describe() {
        String status = process.isAlive() ? "still running" : "exit code " + process.exitValue();
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        return "%s (%s, after %.1f s)%n  command: %s%n  ---- stdout (end) ----%n%s%n  ---- stderr (end) ----%n%s"
                .formatted(name, status, seconds, String.join(" ", command), tail(stdout()), tail(stderr()));
    }

    private static String join(List<Line> lines) {
        StringBuilder text = new StringBuilder();
        for (Line line : lines) {
            text.append(line.text()).append('\n');
        }
        return text.toString();
    }

    private static String tail(String text) {
        return text.length() <= TAIL_CHARS ? text : "[... " + (text.length() - TAIL_CHARS) + " chars before]\n"
                + text.substring(text.length() - TAIL_CHARS);
    }
}
