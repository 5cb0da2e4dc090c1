package io.quire.benchmarks.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Protocol fuzzer: N fuzz connections send generated frames ({@link FrameGenerator}) to a running server while K
 * valid clients type into their own documents; then it checks that the server is healthy, that the fuzzers' target
 * documents are exactly as created (they only ever got invalid ops), and that every valid op was acknowledged and
 * every valid document equals its client's copy. Prints a text report and one JSON line.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.quire.benchmarks.fault.ProtocolFuzzer \
 *     --url ws://127.0.0.1:18280/ws --frames 1000000 --fuzzers 16 --valid 4
 * </pre>
 * Options: {@code --frames N} (total, default 1,000,000), {@code --fuzzers N} (16), {@code --rate F} (frames/s per
 * fuzz connection, default 400: under the server's 500/s per connection, so a close for flooding is a finding),
 * {@code --valid K} (4), {@code --valid-rate R} (ops/s per valid client, 20), {@code --seed S} (1),
 * {@code --max-seconds T} (600: stop sending then, whatever is left), {@code --max-message B} (1048576, the
 * server's limit), {@code --collection C}. Exit code 0 if nothing was found, 1 if something was, 2 on bad use or a
 * failed setup.
 */
public final class ProtocolFuzzer {
    private static final long CALL_TIMEOUT_MS = 10_000;

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                usage("unexpected argument " + arg);
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                opts.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (arg.equals("--help")) {
                usage(null);
            } else if (i + 1 < args.length) {
                opts.put(arg.substring(2), args[++i]);
            } else {
                usage("missing value for " + arg);
            }
        }
        System.exit(new ProtocolFuzzer(opts).run());
    }

    private static void usage(String error) {
        if (error != null) {
            System.err.println(error);
        }
        System.err.println("usage: ProtocolFuzzer --url ws://127.0.0.1:PORT/ws [--frames N] [--fuzzers N] [--rate F]"
                + " [--valid K] [--valid-rate R] [--seed S] [--max-seconds T] [--max-message B] [--collection C]");
        System.exit(error == null ? 0 : 2);
    }

    private final URI url;
    private final long frames;
    private final int fuzzers;
    private final double rate;
    private final int validCount;
    private final double validRate;
    private final long seed;
    private final long maxSeconds;
    private final int maxMessage;
    private final String collection;

    private ProtocolFuzzer(Map<String, String> o) {
        String u = o.remove("url");
        if (u == null) {
            usage("--url is required");
        }
        url = URI.create(u);
        frames = Long.parseLong(o.getOrDefault("frames", "1000000").replace("_", "").replace(",", ""));
        fuzzers = Integer.parseInt(o.getOrDefault("fuzzers", "16"));
        rate = Double.parseDouble(o.getOrDefault("rate", "400"));
        validCount = Integer.parseInt(o.getOrDefault("valid", "4"));
        validRate = Double.parseDouble(o.getOrDefault("valid-rate", "20"));
        seed = Long.parseLong(o.getOrDefault("seed", "1"));
        maxSeconds = Long.parseLong(o.getOrDefault("max-seconds", "600"));
        maxMessage = Integer.parseInt(o.getOrDefault("max-message", "1048576"));
        collection = o.getOrDefault("collection", "fuzz-" + Long.toString(System.currentTimeMillis(), 36));
        for (String k : List.of("frames", "fuzzers", "rate", "valid", "valid-rate", "seed", "max-seconds",
                "max-message", "collection")) {
            o.remove(k);
        }
        if (!o.isEmpty()) {
            usage("unknown options " + o.keySet());
        }
    }

    static String targetText(int i) {
        return "fuzz target " + i + "\n";
    }

    private int run() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        Context ctx = vertx.getOrCreateContext();
        FuzzStats stats = new FuzzStats();
        FuzzConnection.FrameBudget budget = new FuzzConnection.FrameBudget(frames);
        List<FuzzConnection> fuzz = new ArrayList<>();
        List<ValidClient> valid = new ArrayList<>();
        WebSocketClient[] clients = new WebSocketClient[1];
        try {
            call(ctx, () -> {
                WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                        .setMaxConnections(fuzzers + validCount + 16)
                        .setConnectTimeout(10_000)
                        .setMaxFrameSize(4 * 1024 * 1024)
                        .setMaxMessageSize(64 * 1024 * 1024)
                        .setTcpNoDelay(true));
                clients[0] = client;
                for (int k = 0; k < validCount; k++) {
                    ValidClient v = new ValidClient(vertx, client, url, stats, collection, "valid-" + k, validRate,
                            seed * 7_919 + k);
                    valid.add(v);
                    v.connect();
                }
                for (int i = 0; i < fuzzers; i++) {
                    String target = targetText(i);
                    FrameGenerator gen = new FrameGenerator(seed * 1_000_003L + i, collection, "target-" + i,
                            "scratch-" + i + "-", target.length(), 1, maxMessage);
                    FuzzConnection f = new FuzzConnection(vertx, client, url, gen, stats, budget, collection, target,
                            rate);
                    fuzz.add(f);
                    f.start();
                }
                return null;
            });
            // Setup, bounded.
            long setupDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String setupError = null;
            while (setupError == null) {
                setupError = call(ctx, () -> {
                    for (ValidClient v : valid) {
                        if (v.setupError() != null) {
                            return v.setupError();
                        }
                    }
                    for (FuzzConnection f : fuzz) {
                        if (f.setupError() != null) {
                            return f.setupError();
                        }
                    }
                    boolean done = valid.stream().allMatch(ValidClient::readyToType)
                            && fuzz.stream().allMatch(FuzzConnection::created);
                    return done ? "" : null;
                });
                if (setupError == null) {
                    if (System.nanoTime() > setupDeadline) {
                        setupError = "setup did not finish in 30 s";
                    } else {
                        Thread.sleep(100);
                    }
                }
            }
            if (!setupError.isEmpty()) {
                System.err.println("setup failed: " + setupError);
                return 2;
            }
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(maxSeconds);
            long nextProgress = start + TimeUnit.SECONDS.toNanos(10);
            boolean timedOut = false;
            while (!call(ctx, () -> fuzz.stream().allMatch(FuzzConnection::finished))) {
                if (System.nanoTime() > deadline) {
                    timedOut = true;
                    break;
                }
                if (System.nanoTime() > nextProgress) {
                    long sent = call(ctx, () -> stats.framesSent);
                    System.err.printf("fuzz: %,d frames after %d s%n", sent, (System.nanoTime() - start) / 1_000_000_000L);
                    nextProgress += TimeUnit.SECONDS.toNanos(10);
                }
                Thread.sleep(200);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(2_000); // last replies and closes
            call(ctx, () -> {
                fuzz.forEach(FuzzConnection::stop);
                valid.forEach(ValidClient::stopTyping);
                return null;
            });
            long idleDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!call(ctx, () -> valid.stream().allMatch(ValidClient::idle)) && System.nanoTime() < idleDeadline) {
                Thread.sleep(50);
            }
            call(ctx, () -> {
                valid.forEach(ValidClient::verify);
                return null;
            });
            long verifyDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!call(ctx, () -> valid.stream().allMatch(v -> v.finalCheck() != null))
                    && System.nanoTime() < verifyDeadline) {
                Thread.sleep(50);
            }
            Map<String, String> validChecks = call(ctx, () -> {
                Map<String, String> m = new LinkedHashMap<>();
                for (ValidClient v : valid) {
                    String c = v.finalCheck();
                    m.put(v.toString(), c == null ? "no fetch reply in 10 s" : c);
                }
                return m;
            });
            TargetCheck check = new TargetCheck(clients[0], url, collection, fuzzers);
            call(ctx, () -> {
                check.connect();
                return null;
            });
            CompletableFuture<Map<String, String>> targets = check.result;
            Map<String, String> targetResults;
            try {
                targetResults = targets.get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                targetResults = Map.of("*", "no answer in 20 s: " + e);
            }
            call(ctx, () -> {
                check.close();
                valid.forEach(ValidClient::close);
                return null;
            });
            int health = health();
            return report(stats, seconds, timedOut, health, validChecks, targetResults);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private int health() {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://" + url.getHost() + ":" + url.getPort() + "/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private int report(FuzzStats s, double seconds, boolean timedOut, int health, Map<String, String> validChecks,
                       Map<String, String> targets) {
        long targetsChanged = targets.values().stream().filter(v -> !v.equals("ok")).count();
        long validBad = validChecks.values().stream().filter(v -> !v.equals("ok")).count();
        long unexpected = s.unexpectedCloses.values().stream().mapToLong(Long::longValue).sum();
        long expected = s.expectedCloses.values().stream().mapToLong(Long::longValue).sum();
        long notClosed = s.fatalNotClosed.values().stream().mapToLong(Long::longValue).sum();
        int crashes = health == 200 ? 0 : 1;
        boolean clean = crashes == 0 && targetsChanged == 0 && s.targetAcks == 0 && validBad == 0
                && s.validErrors == 0 && s.validDisconnects == 0 && s.validOpsAcked == s.validOpsSent
                && unexpected == 0 && notClosed == 0 && !timedOut;
        StringBuilder t = new StringBuilder();
        t.append(String.format("Protocol fuzzer against %s (%d cores here)%n", url, Runtime.getRuntime().availableProcessors()));
        t.append(String.format("  frames sent          %,d in %.1f s (%,.0f/s) over %d fuzz connections, %d connects%s%n",
                s.framesSent, seconds, s.framesSent / seconds, fuzzers, s.connections, timedOut ? " (TIMED OUT)" : ""));
        t.append("  frames by kind       ").append(s.framesByKind).append('\n');
        t.append(String.format("  server health        /health %d -> crashes %d%n", health, crashes));
        t.append(String.format("  closes expected      %,d %s%n", expected, s.expectedCloses));
        long abnormal = s.abnormalFatalCloses.values().stream().mapToLong(Long::longValue).sum();
        t.append(String.format("  closes after a fatal frame, not 1003/1009  %,d %s%n", abnormal, s.abnormalFatalCloses));
        t.append(String.format("  closes unexpected    %,d %s%n", unexpected, s.unexpectedCloses));
        t.append(String.format("  fatal, not closed    %,d %s%n", notClosed, s.fatalNotClosed));
        t.append("  error replies        ").append(s.errorReplies).append('\n');
        t.append(String.format("  fuzz ops acked       target %d (must be 0), scratch %d%n", s.targetAcks, s.scratchAcks));
        t.append(String.format("  target docs changed  %d of %d %s%n", targetsChanged, fuzzers,
                targetsChanged == 0 ? "" : targets));
        t.append(String.format("  valid clients        %d: ops sent %,d, acked %,d, errors %d %s, disconnects %d%n",
                validCount, s.validOpsSent, s.validOpsAcked, s.validErrors, s.validErrorCodes, s.validDisconnects));
        t.append(String.format("  valid docs           %d of %d equal their local copy %s%n", validCount - validBad,
                validCount, validBad == 0 ? "" : validChecks));
        t.append(String.format("  valid op-to-ack      p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                s.validAckMicros.getValueAtPercentile(50) / 1000.0, s.validAckMicros.getValueAtPercentile(99) / 1000.0,
                s.validAckMicros.getMaxValue() / 1000.0));
        t.append("  result               ").append(clean ? "CLEAN" : "FINDINGS").append('\n');
        System.out.print(t);
        StringBuilder j = new StringBuilder("{");
        j.append("\"url\":").append(FrameGenerator.q(url.toString()));
        j.append(",\"cores\":").append(Runtime.getRuntime().availableProcessors());
        j.append(",\"framesSent\":").append(s.framesSent);
        j.append(",\"seconds\":").append(String.format("%.1f", seconds));
        j.append(",\"fuzzConnections\":").append(fuzzers);
        j.append(",\"connects\":").append(s.connections);
        j.append(",\"timedOut\":").append(timedOut);
        j.append(",\"health\":").append(health);
        j.append(",\"crashes\":").append(crashes);
        j.append(",\"expectedCloses\":").append(expected);
        j.append(",\"abnormalFatalCloses\":").append(json(s.abnormalFatalCloses));
        j.append(",\"unexpectedCloses\":").append(json(s.unexpectedCloses));
        j.append(",\"fatalNotClosed\":").append(notClosed);
        j.append(",\"closesByKind\":").append(json(s.expectedCloses));
        j.append(",\"errorReplies\":").append(json(s.errorReplies));
        j.append(",\"targetAcks\":").append(s.targetAcks);
        j.append(",\"scratchAcks\":").append(s.scratchAcks);
        j.append(",\"targetDocsChanged\":").append(targetsChanged);
        j.append(",\"validOpsSent\":").append(s.validOpsSent);
        j.append(",\"validOpsAcked\":").append(s.validOpsAcked);
        j.append(",\"validErrors\":").append(s.validErrors);
        j.append(",\"validDisconnects\":").append(s.validDisconnects);
        j.append(",\"validDocsDiffering\":").append(validBad);
        j.append(",\"validAckP99Ms\":").append(String.format("%.2f", s.validAckMicros.getValueAtPercentile(99) / 1000.0));
        j.append(",\"clean\":").append(clean);
        j.append('}');
        System.out.println(j);
        return clean ? 0 : 1;
    }

    private static String json(Map<String, Long> m) {
        StringBuilder b = new StringBuilder("{");
        m.forEach((k, v) -> {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(FrameGenerator.q(k)).append(':').append(v);
        });
        return b.append('}').toString();
    }

    private static <T> T call(Context ctx, Supplier<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        ctx.runOnContext(v -> {
            try {
                f.complete(task.get());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    /** Fetches every target document on a fresh connection: each must be at version 1 with its created text. */
    private static final class TargetCheck extends Wire {
        final CompletableFuture<Map<String, String>> result = new CompletableFuture<>();
        private final Map<String, String> answers = new LinkedHashMap<>();
        private final String collection;
        private final int count;

        TargetCheck(WebSocketClient client, URI url, String collection, int count) {
            super(client, url);
            this.collection = collection;
            this.count = count;
        }

        @Override
        void onReady() {
            for (int i = 0; i < count; i++) {
                socket.writeTextMessage("{\"a\":\"f\",\"c\":" + FrameGenerator.q(collection) + ",\"d\":\"target-" + i + "\"}");
            }
        }

        @Override
        void onMessage(JsonNode m) {
            String d = m.path("d").asText("");
            if (!"f".equals(m.path("a").asText("")) || !d.startsWith("target-")) {
                return;
            }
            int i = Integer.parseInt(d.substring("target-".length()));
            JsonNode snap = m.path("data");
            long v = snap.path("v").asLong(-1);
            String text = Wire.text(snap.path("data"));
            String expected = targetText(i);
            answers.put(d, m.has("error") ? "error " + m.get("error")
                    : v != 1 ? "version " + v + " (created at 1)"
                    : !expected.equals(text) ? "text " + abbreviate(snap.path("data").toString()) : "ok");
            if (answers.size() == count) {
                result.complete(answers);
            }
        }

        @Override
        void onClosed(Short code, String reason) {
            result.completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
        }

        @Override
        void onConnectFailed(Throwable e) {
            result.completeExceptionally(e);
        }

        private static String abbreviate(String s) {
            return s.length() > 200 ? s.substring(0, 200) + "..." : s;
        }
    }
}
