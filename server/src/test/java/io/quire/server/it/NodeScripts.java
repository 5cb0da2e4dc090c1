package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The protocol test scripts of {@code server/src/test/node} (see its README), run with the real sharedb 7 client.
 *
 * <p>The folder comes from the {@code quire.node.dir} system property (set by server/pom.xml), else
 * {@code src/test/node} under the working directory; its {@code node_modules} must be installed ({@code npm ci},
 * which {@code mvn verify} runs). Node comes from the {@code quire.node} property, else {@code node} on the PATH.
 * A missing Node or missing modules fail the test: these tests are the protocol's acceptance tests, and a CI
 * machine without Node must not pass them silently.
 */
final class NodeScripts {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Each script bounds its own run with --timeout; this is the Java side's bound, a little longer. */
    private static final Duration GRACE = Duration.ofSeconds(20);

    private NodeScripts() {
    }

    static Path dir() {
        Path dir = Path.of(System.getProperty("quire.node.dir", "src/test/node")).toAbsolutePath().normalize();
        assertThat(dir.resolve("lib").resolve("common.js"))
                .withFailMessage("the Node test scripts are not in %s (system property quire.node.dir)", dir)
                .isRegularFile();
        assertThat(dir.resolve("node_modules").resolve("sharedb").resolve("package.json"))
                .withFailMessage("the Node test scripts' modules are not installed: run (cd %s && npm ci), or mvn "
                        + "without -Dskip.npm", dir)
                .isRegularFile();
        return dir;
    }

    static String node() {
        return System.getProperty("quire.node", "node");
    }

    /** Fails (does not skip) unless {@code node --version} works and is 18 or newer. */
    static void requireNode() throws InterruptedException {
        String version;
        try {
            Process process = new ProcessBuilder(node(), "--version").redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("'%s --version' did not answer in 20 s", node());
            }
            version = new String(process.getInputStream().readAllBytes()).strip();
            assertThat(process.exitValue()).withFailMessage("'%s --version' failed: %s", node(), version).isZero();
        } catch (IOException e) {
            throw new AssertionError("Node.js is required for the protocol tests but '" + node() + "' cannot be run ("
                    + e.getMessage() + "): install Node 18+ or pass -Dquire.node=/path/to/node", e);
        }
        int major = Integer.parseInt(version.replaceFirst("^v(\\d+).*$", "$1"));
        assertThat(major).withFailMessage("Node 18+ is required, found %s", version).isGreaterThanOrEqualTo(18);
        dir();
    }

    /** Starts {@code node script args...} in the scripts' folder; the caller waits and closes. */
    static ChildProcess start(String script, List<String> args, Consumer<ChildProcess.Line> onStdoutLine) {
        List<String> command = new ArrayList<>();
        command.add(node());
        command.add(script);
        command.addAll(args);
        return ChildProcess.start(script, command, dir(), onStdoutLine);
    }

    /**
     * Runs a script to the end with {@code --timeout=SECONDS} and asserts that it exited 0 and that its last stdout
     * line is a JSON summary with {@code "ok": true}; returns the summary. Failures carry the command and the end
     * of both outputs.
     */
    static JsonNode runOk(Duration timeout, String script, String... args) throws InterruptedException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--timeout=" + timeout.toSeconds());
        try (ChildProcess process = start(script, all, null)) {
            return awaitOk(process, timeout.plus(GRACE));
        }
    }

    /** Waits (bounded) for a started script and checks it as {@link #runOk} does. */
    static JsonNode awaitOk(ChildProcess process, Duration timeout) throws InterruptedException {
        Optional<Integer> exit = process.waitFor(timeout);
        if (exit.isEmpty()) {
            process.kill();
            fail("%s did not finish within %d s and was killed:%n%s", process.name(), timeout.toSeconds(),
                    process.describe());
        }
        JsonNode summary = summary(process);
        assertThat(exit.get()).withFailMessage("%s failed:%n%s", process.name(), process.describe()).isZero();
        assertThat(summary.path("ok").asBoolean(false))
                .withFailMessage("%s did not report ok:true:%n%s", process.name(), process.describe())
                .isTrue();
        return summary;
    }

    /** The last stdout line as JSON; fails with the output if it is missing or not JSON. */
    static JsonNode summary(ChildProcess process) {
        String last = process.lastStdoutLine()
                .orElseThrow(() -> new AssertionError(process.name() + " printed nothing on stdout:\n" + process.describe()));
        try {
            JsonNode node = JSON.readTree(last);
            if (node == null || !node.isObject()) {
                throw new AssertionError(process.name() + "'s last stdout line is not a JSON object: " + last
                        + "\n" + process.describe());
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new AssertionError(process.name() + "'s last stdout line is not JSON (" + e.getOriginalMessage()
                    + "):\n" + process.describe(), e);
        }
    }

    /** Writes lines to a file in {@code dir} for a script to read. */
    static Path writeLines(Path dir, String name, List<String> lines) throws IOException {
        return Files.write(dir.resolve(name), lines);
    }
}
