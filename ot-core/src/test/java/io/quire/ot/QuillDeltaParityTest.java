package io.quire.ot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Differential test against the real quill-delta: {@code src/test/parity/cases.js} generates random
 * documents and changes with quill-delta 5.1.0 and records what compose, transform, transformPosition,
 * invert, diff and slice return; every case is replayed here and our JSON must equal quill-delta's byte
 * for byte (op and attribute key order included, after both go through Jackson).
 *
 * <p>Needs {@code node} on the PATH and the parity folder's packages, which the build installs with
 * {@code npm ci} in generate-test-resources. Without them this test fails: that is a broken build, not
 * a reason to skip. System properties: {@code quire.parity.dir}, {@code quire.parity.cases} (cases per
 * kind), {@code quire.parity.seed} (32-bit unsigned; random when absent, and printed in every failure),
 * {@code quire.parity.node} (the node executable, default {@code node}).
 */
class QuillDeltaParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_MINUTES = 5;
    /** The smallest failing cases shown per kind; the total count is always given. */
    private static final int FAILURES_SHOWN = 5;

    /** Every kind cases.js emits, each with one line per case. */
    private static final List<String> KINDS = List.of(
            "compose", "composeChanges",
            "transform(priority=true)", "transform(priority=false)",
            "transformPosition(priority=true)", "transformPosition(priority=false)",
            "invert", "diff", "slice");

    /** Kinds where quill-delta 4.2.2 (bundled by sharedb's rich-text type) must agree with 5.1.0. */
    private static final List<String> V4_KINDS = List.of("compose", "composeChanges", "transform", "transformPosition");

    private record Generated(long seed, int count, Map<String, List<String>> linesByKind, long millis) {
        String tag() {
            return "[quill-delta parity seed=" + seed + " cases=" + count
                    + "; rerun with -Dquire.parity.seed=" + seed + "]";
        }
    }

    private static Generated generated;
    private static AssertionError generationFailure;

    @TestFactory
    Stream<DynamicTest> javaMatchesQuillDelta() {
        Generated cases = cases();
        return KINDS.stream()
                .map(kind -> dynamicTest(kind + " x" + cases.count(), () -> checkKind(cases, kind)));
    }

    @Test
    void quillDelta4AgreesWith5OnComposeAndTransform() throws IOException {
        Generated cases = cases();
        StringBuilder info = new StringBuilder();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : cases.linesByKind().entrySet()) {
            List<String> disagreements = new ArrayList<>();
            int differ = 0;
            for (String line : entry.getValue()) {
                JsonNode node = JSON.readTree(line);
                if (!node.path("v4").asBoolean(false)) {
                    differ++;
                    if (disagreements.size() < FAILURES_SHOWN) {
                        disagreements.add(line);
                    }
                }
            }
            info.append(String.format("%n  %-34s 4.2.2 differs from 5.1.0 in %d of %d", entry.getKey(), differ,
                    entry.getValue().size()));
            if (differ > 0 && V4_KINDS.stream().anyMatch(k -> entry.getKey().equals(k) || entry.getKey().startsWith(k + "("))) {
                problems.add(entry.getKey() + ": 4.2.2 differs in " + differ + " cases, e.g.:\n" + String.join("\n", disagreements));
            }
        }
        // The other kinds are informational: diff differs by design (4.2.2's fast-diff 1.2.0 runs no semantic cleanup).
        System.out.println(cases.tag() + " quill-delta 4.2.2 vs 5.1.0:" + info);
        assertThat(problems).as("%s quill-delta 4.2.2 must agree with 5.1.0 on compose, transform and transformPosition",
                cases.tag()).isEmpty();
    }

    private static void checkKind(Generated cases, String kind) throws IOException {
        List<String> lines = cases.linesByKind().getOrDefault(kind, List.of());
        assertThat(lines).as("%s cases.js wrote %d %s cases, expected %d", cases.tag(), lines.size(), kind,
                cases.count()).hasSize(cases.count());
        long start = System.nanoTime();
        List<Failure> failures = new ArrayList<>();
        Map<String, Integer> whenQuillThrew = new TreeMap<>();
        int jsThrew = 0;
        for (String line : lines) {
            JsonNode node = JSON.readTree(line);
            jsThrew += node.has("error") ? 1 : 0;
            String mismatch;
            try {
                mismatch = check(node, whenQuillThrew);
            } catch (RuntimeException | AssertionError | StackOverflowError e) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                mismatch = "  threw " + trace;
            }
            if (mismatch != null) {
                failures.add(new Failure(node.path("case").asInt(), line.length(), describe(node) + mismatch));
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("%s %-34s %6d cases compared in %5d ms, %d differ%s%n", cases.tag(), kind, lines.size(),
                millis, failures.size(), jsThrew == 0 ? "" : "; quill-delta threw in " + jsThrew + ", Java gave " + whenQuillThrew);
        if (!failures.isEmpty()) {
            failures.sort(Comparator.comparingInt(Failure::size).thenComparingInt(Failure::number));
            String shown = failures.stream().limit(FAILURES_SHOWN)
                    .map(f -> kind + " case #" + f.number() + ":\n" + f.message())
                    .collect(Collectors.joining("\n\n"));
            fail(cases.tag() + " " + kind + ": " + failures.size() + " of " + lines.size()
                    + " cases differ from quill-delta 5.1.0; the smallest " + Math.min(FAILURES_SHOWN, failures.size())
                    + ":\n\n" + shown);
        }
    }

    private record Failure(int number, int size, String message) {
    }

    /**
     * Runs one case; null when Java agrees with quill-delta, else what differs. Where quill-delta threw (only diff
     * does, on some split emoji), Java's diff must still be correct; such cases are counted in {@code whenQuillThrew}.
     */
    private static String check(JsonNode node, Map<String, Integer> whenQuillThrew) throws JsonProcessingException {
        StringBuilder mismatch = new StringBuilder();
        for (String input : List.of("a", "b", "base")) {
            if (node.has(input)) {
                // Inputs were built canonical by quill-delta's own push: reading and writing must keep them as they are.
                compare(mismatch, "input " + input + " read+written", node.get(input), DeltaJson.read(node.get(input)));
            }
        }
        if (node.has("error")) {
            // quill-delta has no answer (fast-diff overflows its stack on some texts holding halves of emoji).
            // Java must still give a correct one: the diff has to turn a into b.
            Object actual = run(node);
            if (actual instanceof Delta diff && "diff".equals(node.path("op").asText())) {
                Delta a = delta(node, "a");
                Delta b = delta(node, "b");
                whenQuillThrew.merge("none; a correct fallback diff", 1, Integer::sum);
                if (!a.apply(diff).equals(b)) {
                    mismatch.append("  quill-delta threw: ").append(node.get("error").asText())
                            .append("\n  Java's diff does not turn a into b: ").append(diff).append('\n');
                }
                return mismatch.length() == 0 ? null : mismatch.toString();
            }
            mismatch.append("  quill-delta threw: ").append(node.get("error").asText())
                    .append("\n  Java returned:     ").append(actual).append('\n');
            return mismatch.toString();
        }
        Object actual = run(node);
        JsonNode expected = node.get("result");
        if (actual instanceof Delta delta) {
            compare(mismatch, "result", expected, delta);
        } else if (!expected.isInt() || expected.intValue() != (Integer) actual) {
            mismatch.append("  expected: ").append(expected).append("\n  actual:   ").append(actual).append('\n');
        }
        return mismatch.length() == 0 ? null : mismatch.toString();
    }

    /** The Java operation of one case: a {@link Delta}, or an Integer for transformPosition. */
    private static Object run(JsonNode node) {
        boolean priority = node.path("priority").asBoolean();
        String op = node.path("op").asText();
        return switch (op) {
            case "compose", "composeChanges" -> delta(node, "a").compose(delta(node, "b"));
            case "transform" -> delta(node, "a").transform(delta(node, "b"), priority);
            case "transformPosition" -> delta(node, "a").transformPosition(node.get("index").intValue(), priority);
            case "invert" -> delta(node, "a").invert(delta(node, "base"));
            case "diff" -> delta(node, "a").diff(delta(node, "b"));
            case "slice" -> {
                int start = node.get("start").intValue();
                JsonNode end = node.get("end");
                yield end == null || end.isNull() ? delta(node, "a").slice(start) : delta(node, "a").slice(start, end.intValue());
            }
            default -> throw new AssertionError("unknown op in cases.js output: " + op);
        };
    }

    private static Delta delta(JsonNode node, String field) {
        return DeltaJson.read(node.get(field));
    }

    /** Both sides through Jackson (which keeps field order), then compared as text. */
    private static void compare(StringBuilder mismatch, String what, JsonNode expectedNode, Delta actualDelta)
            throws JsonProcessingException {
        String expected = JSON.writeValueAsString(JSON.readTree(JSON.writeValueAsString(expectedNode)));
        String actual = JSON.writeValueAsString(JSON.readTree(DeltaJson.write(actualDelta)));
        if (!expected.equals(actual)) {
            mismatch.append("  ").append(what).append(" differs\n  expected: ").append(expected)
                    .append("\n  actual:   ").append(actual).append('\n');
        }
    }

    private static String describe(JsonNode node) {
        StringBuilder text = new StringBuilder();
        node.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("result") && !field.getKey().equals("v4")) {
                text.append("  ").append(field.getKey()).append(" = ").append(field.getValue()).append('\n');
            }
        });
        return text.toString();
    }

    private static String kindOf(JsonNode node) {
        String op = node.path("op").asText();
        JsonNode priority = node.get("priority");
        return priority == null ? op : op + "(priority=" + priority.asBoolean() + ")";
    }

    /** Runs cases.js once per test class; a failure to run it fails every test. */
    private static synchronized Generated cases() {
        if (generationFailure != null) {
            throw generationFailure;
        }
        if (generated == null) {
            String seedProperty = System.getProperty("quire.parity.seed", "").trim();
            long seed = seedProperty.isEmpty() ? ThreadLocalRandom.current().nextLong(1L << 32) : Long.parseLong(seedProperty);
            try {
                generated = generate(seed);
            } catch (AssertionError e) {
                generationFailure = e;
                throw e;
            } catch (Exception e) {
                generationFailure = new AssertionError("[quill-delta parity seed=" + seed + "] " + e, e);
                throw generationFailure;
            }
        }
        return generated;
    }

    private static Generated generate(long seed) throws IOException, InterruptedException {
        if (seed < 0 || seed >= 1L << 32) {
            throw new AssertionError("quire.parity.seed must be a 32-bit unsigned integer, got " + seed);
        }
        int count = Integer.parseInt(System.getProperty("quire.parity.cases", "2000").trim());
        Path dir = Path.of(System.getProperty("quire.parity.dir", "src/test/parity")).toAbsolutePath();
        String node = System.getProperty("quire.parity.node", "node");
        String tag = "[quill-delta parity seed=" + seed + " cases=" + count + "] ";
        if (!Files.isRegularFile(dir.resolve("cases.js"))) {
            throw new AssertionError(tag + "no cases.js in " + dir + " (set quire.parity.dir)");
        }
        Path out = Files.createTempFile("quire-parity-", ".jsonl");
        Path err = Files.createTempFile("quire-parity-", ".err");
        try {
            long start = System.nanoTime();
            Process process;
            try {
                process = new ProcessBuilder(node, "cases.js", Long.toString(seed), Integer.toString(count))
                        .directory(dir.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
            } catch (IOException e) {
                throw new AssertionError(tag + "cannot run '" + node + "' (" + e.getMessage() + "): Node.js must be"
                        + " installed for the quill-delta parity test; this is a broken build, not a skip", e);
            }
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(tag + "node cases.js did not finish in " + TIMEOUT_MINUTES + " minutes");
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                String hint = stderr.contains("Cannot find module")
                        ? "\nThe npm packages are missing: run 'npm ci' in " + dir + " (the build does it unless -Dskip.npm)."
                        : "";
                throw new AssertionError(tag + "node cases.js exited with " + process.exitValue() + ":\n" + stderr + hint);
            }
            Map<String, List<String>> byKind = new LinkedHashMap<>();
            try (BufferedReader reader = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isEmpty()) {
                        byKind.computeIfAbsent(kindOf(JSON.readTree(line)), k -> new ArrayList<>()).add(line);
                    }
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(byKind.keySet()).as(tag + "kinds written by cases.js").containsExactlyInAnyOrderElementsOf(KINDS);
            Generated result = new Generated(seed, count, byKind, millis);
            System.out.printf("%s generated %d lines with node in %d ms%n", result.tag(),
                    byKind.values().stream().mapToInt(List::size).sum(), millis);
            return result;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
