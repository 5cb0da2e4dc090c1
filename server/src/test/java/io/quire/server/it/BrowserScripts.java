package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The web client's browser scripts ({@code web-client/test/*.js}), run with Node against a server: each drives
 * Debian's Chromium with playwright-core and prints a JSON summary as its last line.
 *
 * <p>Needs what CI installs ({@code .ci/run}): Chromium at {@code /usr/bin/chromium} (or {@code -Dquire.chromium=PATH})
 * and the web client's {@code node_modules} ({@code npm ci}, which the web-client module's build runs). Missing
 * either fails the test rather than skipping it. Screenshots go to {@code server/target/screenshots}.
 */
final class BrowserScripts {
    static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration GRACE = Duration.ofSeconds(20);

    private BrowserScripts() {
    }

    /** Fails unless Node, Chromium and the web client's modules are there. */
    static void requireBrowser() throws InterruptedException {
        NodeScripts.requireNode();
        assertThat(chromium())
                .withFailMessage("Chromium is needed for the browser test and is not at %s: apt-get install -y chromium "
                        + "(or pass -Dquire.chromium=/path/to/chromium)", chromium())
                .isExecutable();
        assertThat(webClientDir().resolve("node_modules/playwright-core/package.json"))
                .withFailMessage("the web client's modules are not installed: run (cd %s && npm ci), or the Maven build "
                        + "without -Dskip.npm.ci", webClientDir())
                .isRegularFile();
    }

    static Path screenshots() {
        return Path.of(System.getProperty("quire.screenshots.dir", "target/screenshots")).toAbsolutePath();
    }

    /** Runs {@code test/<script>} against {@code baseUrl} with the common flags and {@code extra} ones; its summary. */
    static JsonNode run(String script, String baseUrl, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(NodeScripts.node(), "test/" + script, baseUrl,
                "--screenshots=" + screenshots(), "--chromium=" + chromium(), "--timeout=" + SCRIPT_TIMEOUT.toSeconds()));
        command.addAll(List.of(extra));
        try (ChildProcess process = ChildProcess.start(script, command, webClientDir(), null)) {
            JsonNode summary = NodeScripts.awaitOk(process, SCRIPT_TIMEOUT.plus(GRACE));
            System.out.println(process.stderr().strip());
            return summary;
        }
    }

    /** Fails unless each named screenshot was written and is not empty. */
    static void assertScreenshots(String... names) throws Exception {
        for (String name : names) {
            Path file = screenshots().resolve(name);
            assertThat(file).isRegularFile();
            assertThat(Files.size(file)).isPositive();
        }
    }

    static Path chromium() {
        return Path.of(System.getProperty("quire.chromium", "/usr/bin/chromium"));
    }

    /** The web-client folder (system property quire.webclient.dir, set by server/pom.xml), else ../web-client. */
    static Path webClientDir() {
        return Path.of(System.getProperty("quire.webclient.dir", "../web-client")).toAbsolutePath().normalize();
    }
}
