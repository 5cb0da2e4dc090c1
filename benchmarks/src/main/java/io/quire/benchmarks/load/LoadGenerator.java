package io.quire.benchmarks.load;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * End-to-end load on a sharedb server (Quire, or ShareDB itself): many authors typing into rich-text documents
 * over WebSockets, measured from outside. Run from the repository root after {@code mvn -q -DskipTests package}:
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar io.quire.benchmarks.load.LoadGenerator \
 *       --url ws://127.0.0.1:8080/ws --clients 4000 --docs 1000 --rate max --seconds 20 --warmup 5
 *   java -cp benchmarks/target/benchmarks.jar io.quire.benchmarks.load.LoadGenerator \
 *       --url ws://127.0.0.1:8080/ws --clients 400 --docs 1 --rate 2 --seconds 20 --warmup 5
 * </pre>
 *
 * What is measured: <em>op-to-ack</em>, from writing an op to reading its ack (on Quire the ack means the op is
 * durably stored); <em>op-to-peer</em>, from writing an op to another client of the same document reading its
 * broadcast (one sample per receiving client; senders and receivers share this JVM's clock). Throughput is acks
 * per second in the measured window. Latency is measured from the moment an op is sent: keystrokes that waited
 * behind an op in flight are composed into the next op, as the sharedb client does, and their wait is not in
 * the figures. Options and exit codes: {@link LoadConfig#USAGE}.
 */
public final class LoadGenerator {
    static final int EXIT_OK = 0;
    static final int EXIT_CONNECTION_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_DISCONNECTS = 3;

    private static final long CALL_TIMEOUT_MS = 10_000;

    private final LoadConfig config;
    private final String tag;
    private final List<ClientLoop> loops = new ArrayList<>();
    private final Map<String, SendLog> sendLogs = new ConcurrentHashMap<>();
    private final List<LoadClient> clients = new ArrayList<>();

    LoadGenerator(LoadConfig config) {
        this.config = config;
        this.tag = config.label().isEmpty() ? "[load]" : "[" + config.label() + "]";
    }

    public static void main(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.print(LoadConfig.USAGE);
                return;
            }
        }
        LoadConfig config;
        try {
            config = LoadConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("loadgen: " + e.getMessage());
            System.err.print(LoadConfig.USAGE);
            System.exit(EXIT_USAGE);
            return;
        }
        int code;
        try {
            code = new LoadGenerator(config).run();
        } catch (Exception e) {
            System.err.println("loadgen: failed: " + e);
            code = EXIT_CONNECTION_FAILED;
        }
        System.exit(code);
    }

    int run() throws Exception {
        Vertx vertx = startLoops();
        try {
            long setupStart = System.nanoTime();
            String failure = connectAll();
            if (failure != null) {
                System.err.println(tag + " connection failure: " + failure);
                return EXIT_CONNECTION_FAILED;
            }
            double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
            log(String.format(Locale.ROOT, "%d clients connected, subscribed and their %d document(s) created in %.1f s",
                    config.clients(), config.docs(), setupSeconds));
            LoadReport report = measure(setupSeconds);
            System.out.println();
            System.out.print(report.text());
            System.out.println(report.json());
            System.out.flush();
            return report.disconnects() > 0 ? EXIT_DISCONNECTS : EXIT_OK;
        } finally {
            shutdown(vertx);
        }
    }

    /** A Vert.x with {@code --event-loops} loops and one {@link ClientLoop} deployed on each. */
    Vertx startLoops() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(config.eventLoops())
                .setPreferNativeTransport(true)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        for (int i = 0; i < config.eventLoops(); i++) {
            ClientLoop loop = new ClientLoop(config);
            vertx.deployVerticle(loop).toCompletionStage().toCompletableFuture().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            loops.add(loop);
        }
        return vertx;
    }

    /** Connects every client, at most {@code --connect-concurrency} handshakes at once; null, or why it failed. */
    String connectAll() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.connectTimeout());
        Semaphore handshakes = new Semaphore(config.connectConcurrency());
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        List<CompletableFuture<Void>> ready = new ArrayList<>(config.clients());
        // Creators first (clients 0..M-1), so the others mostly find their document created.
        for (int i = 0; i < config.clients(); i++) {
            if (firstFailure.get() != null) {
                break;
            }
            if (!handshakes.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return "only " + i + " of " + config.clients() + " connections were opened within --connect-timeout "
                        + config.connectTimeout() + " s";
            }
            LoadClient client;
            try {
                client = loops.get(i % loops.size()).connect(i, sendLogs).get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                return "client " + i + " could not be started: " + e;
            }
            clients.add(client);
            client.opened().whenComplete((v, e) -> handshakes.release());
            client.ready().whenComplete((v, e) -> {
                if (e != null) {
                    firstFailure.compareAndSet(null, e);
                }
            });
            ready.add(client.ready());
            if ((i + 1) % 1000 == 0) {
                log((i + 1) + " connections opened");
            }
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new));
        while (firstFailure.get() == null && !all.isDone() && System.nanoTime() < deadline) {
            try {
                all.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // checked on the next turn
            }
        }
        if (firstFailure.get() != null) {
            long failed = ready.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            return failed + " client(s) failed; first: " + firstFailure.get().getMessage();
        }
        if (!all.isDone()) {
            long done = ready.stream().filter(CompletableFuture::isDone).count();
            String waiting = ready.isEmpty() ? "" : "; e.g. client " + firstNotDone(ready);
            return "only " + done + " of " + config.clients() + " clients were ready (connected, subscribed, document created) within --connect-timeout "
                    + config.connectTimeout() + " s" + waiting;
        }
        return null;
    }

    private static int firstNotDone(List<CompletableFuture<Void>> ready) {
        for (int i = 0; i < ready.size(); i++) {
            if (!ready.get(i).isDone()) {
                return i;
            }
        }
        return -1;
    }

    private LoadReport measure(double setupSeconds) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long start = System.nanoTime();
        long measureAt = start + TimeUnit.SECONDS.toNanos(config.warmup());
        long endAt = measureAt + TimeUnit.SECONDS.toNanos(config.seconds());
        all(ClientLoop::startTyping);
        log("typing: " + config.warmup() + " s warm-up, then " + config.seconds() + " s measured");

        LoopMetrics.Snapshot before = null;
        long measureStarted = 0;
        long cpuBefore = 0;
        long serverBefore = -1;
        long machineBefore = -1;
        List<Long> ackedPerSecond = new ArrayList<>();
        long lastAcked = 0;
        long lastDeliveries = 0;
        long nextTick = start + TimeUnit.SECONDS.toNanos(1);
        while (true) {
            long now = System.nanoTime();
            if (before == null && now >= measureAt) {
                before = LoopMetrics.Snapshot.sum(all(ClientLoop::startMeasuring));
                measureStarted = System.nanoTime();
                cpuBefore = os.getProcessCpuTime();
                serverBefore = ProcCpu.processTicks(config.serverPid());
                machineBefore = ProcCpu.machineBusyTicks();
                lastAcked = before.get(Counter.OPS_ACKED);
                lastDeliveries = before.get(Counter.DELIVERIES);
                nextTick = measureStarted + TimeUnit.SECONDS.toNanos(1);
                continue;
            }
            if (before != null && now >= endAt) {
                break;
            }
            if (now >= nextTick) {
                LoopMetrics.Snapshot s = LoopMetrics.Snapshot.sum(all(ClientLoop::snapshot));
                long acked = s.get(Counter.OPS_ACKED);
                long deliveries = s.get(Counter.DELIVERIES);
                if (before != null) {
                    ackedPerSecond.add(acked - lastAcked);
                }
                log(String.format(Locale.ROOT, "t=%3ds %-7s acks %,8d/s  deliveries %,9d/s  errors %d  disconnects %d",
                        Math.round((now - start) / 1e9), before == null ? "warm-up" : "measure", acked - lastAcked,
                        deliveries - lastDeliveries, s.get(Counter.ERRORS), s.get(Counter.DISCONNECTS)));
                lastAcked = acked;
                lastDeliveries = deliveries;
                nextTick += TimeUnit.SECONDS.toNanos(1);
                continue;
            }
            long until = Math.min(nextTick, before == null ? measureAt : endAt);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, Math.min(until - now, 50_000_000L)));
        }
        LoopMetrics.Snapshot after = LoopMetrics.Snapshot.sum(all(ClientLoop::stopTyping));
        double window = (System.nanoTime() - measureStarted) / 1e9;
        double loadgenCores = (os.getProcessCpuTime() - cpuBefore) / 1e9 / window;
        double serverCores = ProcCpu.cores(serverBefore, ProcCpu.processTicks(config.serverPid()), window);
        double machineCores = ProcCpu.cores(machineBefore, ProcCpu.machineBusyTicks(), window);
        LoopMetrics.Snapshot measured = after.since(before);

        Drained drained = drain();
        LoopMetrics.Snapshot whole = LoopMetrics.Snapshot.sum(all(ClientLoop::snapshot));

        long zeroSeconds = ackedPerSecond.stream().filter(n -> n == 0).count();
        long minSecond = ackedPerSecond.stream().mapToLong(Long::longValue).min().orElse(0);
        return new LoadReport(config.label(), config.url().toString(), config.clients(), config.docs(), config.rateText(),
                config.seconds(), config.warmup(), setupSeconds, window,
                measured.get(Counter.OPS_ACKED) / window, measured.get(Counter.KEYSTROKES) / window,
                measured.get(Counter.DELIVERIES) / window,
                LatencySummary.ofMicros(measured.opToAck()), LatencySummary.ofMicros(measured.opToPeer()),
                whole.errors(), whole.get(Counter.DISCONNECTS), whole.closeReasons(), whole.get(Counter.VERSION_GAPS),
                whole.get(Counter.RESYNCS), whole.get(Counter.DUPLICATES), whole.get(Counter.OWN_ECHOES),
                whole.get(Counter.BAD_FRAMES), measured.get(Counter.PEER_UNTIMED), zeroSeconds, minSecond,
                drained.unacked(), drained.unconvergedDocs(), loadgenCores, serverCores, machineCores, Runtime.getRuntime().availableProcessors());
    }

    record Drained(long unacked, long unconvergedDocs) {
    }

    /**
     * Waits (at most {@code --drain} seconds) until no op is in flight and the connected clients of each document
     * agree on its version and length: every client must end with the same document.
     */
    Drained drain() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.drain());
        while (true) {
            List<LoadClient.Probe> probes = new ArrayList<>();
            for (List<LoadClient.Probe> p : all(ClientLoop::probe)) {
                probes.addAll(p);
            }
            long unacked = probes.stream().filter(p -> p.open() && p.inflight()).count();
            Map<String, long[]> first = new HashMap<>();
            Map<String, Boolean> divergent = new HashMap<>();
            for (LoadClient.Probe p : probes) {
                if (!p.open()) {
                    continue;
                }
                long[] seen = first.putIfAbsent(p.docId(), new long[] {p.version(), p.length()});
                if (seen != null && (seen[0] != p.version() || seen[1] != p.length())) {
                    divergent.put(p.docId(), true);
                }
            }
            if ((unacked == 0 && divergent.isEmpty()) || System.nanoTime() >= deadline) {
                if (unacked > 0 || !divergent.isEmpty()) {
                    log("after the drain: " + unacked + " op(s) still unacked, " + divergent.size()
                            + " document(s) where clients disagree" + (divergent.isEmpty() ? "" : ", e.g. " + divergent.keySet().iterator().next()));
                }
                return new Drained(unacked, divergent.size());
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** Calls every loop and waits (bounded) for all answers. */
    <T> List<T> all(java.util.function.Function<ClientLoop, CompletableFuture<T>> call) throws Exception {
        List<CompletableFuture<T>> futures = new ArrayList<>(loops.size());
        for (ClientLoop loop : loops) {
            futures.add(call.apply(loop));
        }
        List<T> results = new ArrayList<>(futures.size());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CALL_TIMEOUT_MS);
        for (CompletableFuture<T> f : futures) {
            try {
                results.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                throw new TimeoutException("a client event loop did not answer within " + CALL_TIMEOUT_MS + " ms (overloaded?)");
            }
        }
        return results;
    }

    void shutdown(Vertx vertx) {
        try {
            all(ClientLoop::closeAll);
            TimeUnit.MILLISECONDS.sleep(200);
        } catch (Exception e) {
            log("closing the connections: " + e.getMessage());
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log("Vert.x did not close within 10 s: " + e);
        }
    }

    private void log(String message) {
        System.err.println(tag + " " + message);
    }
}
