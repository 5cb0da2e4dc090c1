package io.quire.benchmarks.fault;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Crash test of the real server: W writers type into D documents ({@link CrashWriter}, each recording every ack);
 * at a random moment the server is SIGKILLed, started again on the same data folder, and once {@code /ready}
 * answers every document is read back ({@link LogFetcher}) and judged ({@link DocCheck}): every acknowledged op
 * must be in the log at its acked version, and the log must replay to the snapshot. Then the writers reconnect and
 * go on. Run by {@code benchmarks/run-crash.sh}:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.quire.benchmarks.fault.CrashRun --server-jar server/target/quire-server.jar \
 *     --data /tmp/crash-data --runs 20 --writers 200 --docs 50 --rate 20 --kill-min 1 --kill-max 6
 * </pre>
 * Other options: {@code --server-opts "-Xmx1g"}, {@code --port} (0: a free one), {@code --seed}, {@code --pid-file}
 * (the current server's pid, for the caller's cleanup), {@code --server-log}, {@code --ready-timeout} (s, 120).
 * {@code --rate max} sends each writer's next op as soon as the last is acked. Exit code 0 if nothing was lost and
 * every document replays, 1 if not (or if the server does not come back after a kill), 2 on bad use or a failed
 * setup.
 */
public final class CrashRun {
    private static final long WAIT_TYPING_MS = 60_000;
    private static final long WAIT_DOWN_MS = 20_000;
    private static final long VERIFY_TIMEOUT_MS = 300_000;

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--")) {
                usage("unexpected argument " + arg);
            } else if (eq > 0) {
                o.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.length) {
                o.put(arg.substring(2), args[++i]);
            } else {
                usage("missing value for " + arg);
            }
        }
        if (!o.containsKey("server-jar") || !o.containsKey("data")) {
            usage("--server-jar and --data are required");
        }
        CrashRun run;
        try {
            run = new CrashRun(o);
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        }
        int code;
        try {
            code = run.run();
        } catch (Stopped e) {
            System.out.println("crash: " + (e.code == 1 ? "FAILED: " : "setup failed: ") + e.getMessage());
            code = e.code;
        }
        System.exit(code);
    }

    private static void usage(String error) {
        System.err.println(error);
        System.err.println("usage: CrashRun --server-jar JAR --data DIR [--server-opts OPTS] [--port P] [--runs N]"
                + " [--writers W] [--docs D] [--rate R|max] [--kill-min S] [--kill-max S] [--seed S]"
                + " [--pid-file F] [--server-log F] [--ready-timeout S]");
        System.exit(2);
    }

    /** Ends the run early: code 1 when the server failed what is under test (restart, reads), 2 for the setup. */
    private static final class Stopped extends Exception {
        final int code;

        Stopped(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    private final Path serverJar;
    private final List<String> serverOpts;
    private final Path data;
    private final int port;
    private final int runs;
    private final int writerCount;
    private final int docs;
    private final double rate;
    private final double killMin;
    private final double killMax;
    private final long seed;
    private final Path pidFile;
    private final Path serverLog;
    private final long readyTimeoutMs;
    private final String collection = "crash-" + System.currentTimeMillis();

    private CrashRun(Map<String, String> o) {
        serverJar = Path.of(o.get("server-jar"));
        String opts = o.getOrDefault("server-opts", "-Xmx1g").strip();
        serverOpts = opts.isEmpty() ? List.of() : Arrays.asList(opts.split("\\s+"));
        data = Path.of(o.get("data"));
        int p = Integer.parseInt(o.getOrDefault("port", "0"));
        port = p == 0 ? freePort() : p;
        runs = Integer.parseInt(o.getOrDefault("runs", "20"));
        writerCount = Integer.parseInt(o.getOrDefault("writers", "200"));
        docs = Integer.parseInt(o.getOrDefault("docs", "50"));
        String r = o.getOrDefault("rate", "20");
        rate = r.equalsIgnoreCase("max") ? 0 : Double.parseDouble(r);
        killMin = Double.parseDouble(o.getOrDefault("kill-min", "1"));
        killMax = Double.parseDouble(o.getOrDefault("kill-max", "6"));
        seed = Long.parseLong(o.getOrDefault("seed", "1"));
        pidFile = o.containsKey("pid-file") ? Path.of(o.get("pid-file")) : null;
        serverLog = Path.of(o.getOrDefault("server-log", data.resolveSibling(data.getFileName() + "-server.log").toString()));
        readyTimeoutMs = Long.parseLong(o.getOrDefault("ready-timeout", "120")) * 1000;
        if (runs < 1 || writerCount < 1 || docs < 1 || docs > writerCount || rate < 0 || killMin < 0 || killMax < killMin) {
            throw new IllegalArgumentException("need runs >= 1, 1 <= docs <= writers, rate > 0 or max, 0 <= kill-min <= kill-max");
        }
    }

    private static int freePort() {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private int run() throws Exception {
        URI url = URI.create("ws://127.0.0.1:" + port + "/ws");
        SplittableRandom random = new SplittableRandom(seed);
        List<String> docIds = new ArrayList<>();
        for (int d = 0; d < docs; d++) {
            docIds.add("doc-" + d);
        }
        AckLog acks = new AckLog();
        System.out.printf(Locale.ROOT, "crash: %d runs, %d writers over %d documents, %s ops/s per writer, kill at"
                        + " %.1f-%.1f s, server %s %s, %d cores%n", runs, writerCount, docs, rate == 0 ? "max" : fmt(rate),
                killMin, killMax, serverOpts, serverJar, Runtime.getRuntime().availableProcessors());
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1)
                .setPreferNativeTransport(true));
        try (KillableServer server = new KillableServer(serverJar, serverOpts, data, port, serverLog, pidFile)) {
            server.start();
            if (!server.awaitReady(readyTimeoutMs)) {
                throw new Stopped(2, "the server was not ready within " + readyTimeoutMs / 1000 + " s; see " + serverLog);
            }
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxConnections(writerCount + 16).setConnectTimeout(10_000).setTcpNoDelay(true)
                    .setMaxMessageSize(64 * 1024 * 1024));
            List<CrashWriter> writers = new ArrayList<>();
            for (int i = 0; i < writerCount; i++) {
                writers.add(new CrashWriter(vertx, vertx.getOrCreateContext(), client, url, acks, i, collection,
                        docIds.get(i % docs), i < docs, rate, seed));
            }
            LogFetcher fetcher = new LogFetcher(vertx.getOrCreateContext(), client, url, collection);
            typeOn(writers);

            List<Long> restartMs = new ArrayList<>();
            Set<String> lost = new LinkedHashSet<>();
            Set<String> badDocs = new LinkedHashSet<>();
            long docFailures = 0;
            long verifiedAcks = 0;
            System.out.println("run | killed after | acked (total) | in flight at kill | restart to /ready | acks checked | lost | docs failing");
            for (int run = 1; run <= runs; run++) {
                long ackedBefore = acks.total();
                double killAfter = killMin + random.nextDouble() * (killMax - killMin);
                TimeUnit.MICROSECONDS.sleep(Math.round(killAfter * 1e6));
                long unknownBefore = writers.stream().mapToLong(CrashWriter::unknownAtCrash).sum();
                server.kill9();
                waitAllDown(writers);
                long inFlight = writers.stream().mapToLong(CrashWriter::unknownAtCrash).sum() - unknownBefore;
                long ackedTotal = acks.total();

                long spawned = server.start();
                if (!server.awaitReady(readyTimeoutMs)) {
                    throw new Stopped(1, "run " + run + ": after the SIGKILL the server was not ready within " + readyTimeoutMs / 1000
                            + " s after the restart; see " + serverLog);
                }
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - spawned);
                restartMs.add(ms);

                Map<String, LogFetcher.Fetched> fetched;
                try {
                    fetched = fetcher.fetchAll(docIds).get(VERIFY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    throw new Stopped(1, "run " + run + ": reading the documents back after the restart failed: " + e);
                }
                long checked = 0;
                int failing = 0;
                int lostNow = 0;
                for (String doc : docIds) {
                    LogFetcher.Fetched f = fetched.get(doc);
                    var docAcks = acks.of(doc);
                    if (f == null || f.error() != null) {
                        failing++;
                        badDocs.add(doc);
                        report(run, doc + " does not load: " + (f == null ? "no answer" : f.error()));
                        continue;
                    }
                    DocCheck.Result r = DocCheck.check(doc, f.ops(), f.snapshot(), docAcks);
                    checked += r.ackedOps();
                    for (String l : r.lost()) {
                        lostNow++;
                        if (lost.add(l)) {
                            report(run, "LOST " + l);
                        }
                    }
                    if (r.logMismatch() != null) {
                        failing++;
                        badDocs.add(doc);
                        report(run, doc + " log does not replay to its snapshot: " + r.logMismatch());
                    }
                }
                docFailures += failing;
                verifiedAcks = checked;
                System.out.printf(Locale.ROOT, "%3d | %10.2f s | %6d (%7d) | %6d | %6d ms | %7d | %4d | %d%n", run,
                        killAfter, ackedTotal - ackedBefore, ackedTotal, inFlight, ms, checked, lostNow, failing);
                if (run < runs) {
                    typeOn(writers);
                }
            }
            writers.forEach(CrashWriter::shutdown);

            long rejected = writers.stream().mapToLong(CrashWriter::rejected).sum();
            List<Long> sorted = new ArrayList<>(restartMs);
            sorted.sort(null);
            long median = sorted.get((sorted.size() - 1) / 2);
            if (sorted.size() % 2 == 0) {
                median = (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
            }
            long max = sorted.get(sorted.size() - 1);
            System.out.println();
            System.out.printf(Locale.ROOT, "runs (SIGKILL + restart + check):          %d%n", runs);
            System.out.printf(Locale.ROOT, "acknowledged ops, total:                   %d (all checked after the last restart: %d)%n",
                    acks.total(), verifiedAcks);
            System.out.printf(Locale.ROOT, "acknowledged ops lost:                     %d%n", lost.size());
            System.out.printf(Locale.ROOT, "documents failing to load or to replay:    %d (%d failed checks over all runs)%n",
                    badDocs.size(), docFailures);
            System.out.printf(Locale.ROOT, "restart to /ready, median / max:           %d / %d ms%n", median, max);
            System.out.printf(Locale.ROOT, "ops rejected by the server (not acked):    %d%n", rejected);
            System.out.printf(Locale.ROOT, "{\"crash\":\"quire-crash/1\",\"runs\":%d,\"writers\":%d,\"docs\":%d,\"rate\":\"%s\","
                            + "\"acked\":%d,\"lost\":%d,\"docsFailing\":%d,\"restartMsMedian\":%d,\"restartMsMax\":%d,"
                            + "\"restartMs\":%s,\"rejected\":%d,\"cores\":%d}%n", runs, writerCount, docs,
                    rate == 0 ? "max" : fmt(rate), acks.total(), lost.size(), badDocs.size(), median, max, restartMs,
                    rejected, Runtime.getRuntime().availableProcessors());
            return lost.isEmpty() && badDocs.isEmpty() ? 0 : 1;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Connects every writer that is down and waits (bounded) until all type. */
    private void typeOn(List<CrashWriter> writers) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_TYPING_MS);
        long nextResume = 0;
        while (true) {
            long typing = writers.stream().filter(w -> w.state() == CrashWriter.State.TYPING).count();
            if (typing == writers.size()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                String example = writers.stream().filter(w -> w.state() != CrashWriter.State.TYPING)
                        .map(w -> w.state() + " " + w.lastError()).findFirst().orElse("");
                throw new Stopped(2, "only " + typing + " of " + writers.size() + " writers typing after "
                        + WAIT_TYPING_MS / 1000 + " s; e.g. " + example);
            }
            // Again every second: a connect can fail while the server is still warming up.
            if (System.nanoTime() >= nextResume) {
                writers.forEach(CrashWriter::resume);
                nextResume = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static void waitAllDown(List<CrashWriter> writers) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_DOWN_MS);
        while (writers.stream().anyMatch(w -> w.state() != CrashWriter.State.DOWN)) {
            if (System.nanoTime() > deadline) {
                throw new Stopped(2, "writers still connected " + WAIT_DOWN_MS / 1000 + " s after the SIGKILL");
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private static void report(int run, String line) {
        System.out.println("    run " + run + ": " + line);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
