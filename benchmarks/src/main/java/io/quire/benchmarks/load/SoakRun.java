package io.quire.benchmarks.load;

import io.vertx.core.Vertx;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Soak: many connections held open for minutes with light editing, the server sampled as it goes. It uses the load
 * generator's clients ({@link LoadClient} on {@link ClientLoop}s, connected by {@link LoadGenerator#connectAll}),
 * typing at {@code --rate} keystrokes per second each, and every {@code --sample} seconds prints one row: the acks
 * and op-to-ack latency of that window, the errors and disconnects so far, and the server's heap, its old generation,
 * resident set and sessions ({@link ServerSample}). At the end: the figures at the start, middle and end of the run
 * and their slope per minute, and the heap right after a full collection asked for before typing, every two minutes
 * and after the run, which together say whether memory stays flat. Run by
 * {@code benchmarks/run-soak.sh}:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.quire.benchmarks.load.SoakRun --url ws://127.0.0.1:18380/ws \
 *     --clients 10000 --docs 2500 --rate 0.1 --minutes 10 --sample 10 --server-pid PID
 * </pre>
 * Besides {@code --minutes} (10), {@code --sample} (seconds, 10) and {@code --metrics URL} (default: /metrics on the
 * server of {@code --url}), every option of {@link LoadConfig} applies: {@code --warmup} is the seconds of unrecorded
 * typing before the first row (default 5), {@code --seconds} is ignored. Exit code 0 if every client stayed
 * connected with no error, 3 if some were disconnected or got errors, 1 if the connections could not be set up,
 * 2 on bad use.
 */
public final class SoakRun {

    private SoakRun() {
    }

    /** @param fullGc heap after a full collection asked for right after this row's sample, or -1 */
    private record Row(double t, ServerSample server, double acksPerSecond, LatencySummary latency, long errors,
                       long disconnects, double serverCores, long fullGc) {
    }

    public static void main(String[] args) {
        double minutes = 10;
        int sample = 10;
        URI metrics = null;
        List<String> rest = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                boolean mine = name.equals("--minutes") || name.equals("--sample") || name.equals("--metrics");
                if (!mine) {
                    rest.add(a);
                    continue;
                }
                String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : (i + 1 < args.length ? args[++i] : null);
                if (value == null) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                switch (name) {
                    case "--minutes" -> minutes = Double.parseDouble(value);
                    case "--sample" -> sample = Integer.parseInt(value);
                    default -> metrics = URI.create(value);
                }
            }
            if (minutes <= 0 || sample < 1) {
                throw new IllegalArgumentException("--minutes must be > 0 and --sample >= 1");
            }
            LoadConfig config = LoadConfig.parse(rest.toArray(String[]::new));
            if (metrics == null) {
                metrics = URI.create("http://" + config.url().getHost() + ":" + config.url().getPort() + "/metrics");
            }
            System.exit(run(config, minutes, sample, metrics));
        } catch (IllegalArgumentException e) {
            System.err.println("soak: " + e.getMessage());
            System.err.println("usage: SoakRun [--minutes M] [--sample S] [--metrics URL] " + LoadConfig.USAGE.lines()
                    .skip(1).findFirst().orElse(""));
            System.exit(LoadGenerator.EXIT_USAGE);
        } catch (Exception e) {
            System.err.println("soak: failed: " + e);
            System.exit(LoadGenerator.EXIT_CONNECTION_FAILED);
        }
    }

    private static int run(LoadConfig config, double minutes, int sample, URI metrics) throws Exception {
        LoadGenerator generator = new LoadGenerator(config);
        Vertx vertx = generator.startLoops();
        try {
            long setupStart = System.nanoTime();
            String failure = generator.connectAll();
            if (failure != null) {
                System.err.println("[soak] connection failure: " + failure);
                return LoadGenerator.EXIT_CONNECTION_FAILED;
            }
            System.out.printf(Locale.ROOT, "soak: %,d connections over %,d documents, %s keystrokes/s each (%,.0f/s in"
                            + " all), %.1f min after %d s of unrecorded typing, a row every %d s; %d client event loops, %d cores;"
                            + " set up in %.1f s%n",
                    config.clients(), config.docs(), config.rateText(), config.maxRate() ? Double.NaN
                            : config.clients() * config.rate(), minutes, config.warmup(), sample, config.eventLoops(),
                    Runtime.getRuntime().availableProcessors(), (System.nanoTime() - setupStart) / 1e9);
            System.out.println();
            System.out.println("   t s | sessions | acks/s | op-to-ack p50 / p99 ms | errors | disconnects | heap MB | old gen MB | RSS MB | server cores");

            List<Row> rows = new ArrayList<>();
            ServerSample first = ServerSample.take(metrics, config.serverPid());
            Row zero = new Row(0, first, 0, LatencySummary.EMPTY, 0, 0, Double.NaN,
                    ServerSample.heapAfterFullGc(metrics, config.serverPid()));
            rows.add(zero);
            print(zero);

            Histogram total = LatencySummary.newHistogram();
            generator.all(ClientLoop::startTyping);
            // Unrecorded: the server's JIT compiles the op path in the first seconds, which is not what a soak measures.
            TimeUnit.SECONDS.sleep(config.warmup());
            LoopMetrics.Snapshot start = LoopMetrics.Snapshot.sum(generator.all(ClientLoop::startMeasuring));
            first = ServerSample.take(metrics, config.serverPid());
            long t0 = System.nanoTime();
            long end = t0 + (long) (minutes * 60e9);
            long lastAt = t0;
            long lastAcked = start.get(Counter.OPS_ACKED);
            long lastTicks = first.cpuTicks();
            long next = t0 + TimeUnit.SECONDS.toNanos(sample);
            long gcEveryRows = Math.max(1, Math.round((double) FULL_GC_EVERY_SECONDS / sample));
            while (lastAt < end) {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, Math.min(next, end) - System.nanoTime()));
                // Counters are totals; the histograms start afresh with each window.
                LoopMetrics.Snapshot s = LoopMetrics.Snapshot.sum(generator.all(ClientLoop::startMeasuring));
                long now = System.nanoTime();
                ServerSample server = ServerSample.take(metrics, config.serverPid());
                double window = (now - lastAt) / 1e9;
                total.add(s.opToAck());
                long acked = s.get(Counter.OPS_ACKED);
                double cores = lastTicks < 0 || server.cpuTicks() < 0 ? Double.NaN
                        : ProcCpu.cores(lastTicks, server.cpuTicks(), window);
                Row row = new Row((now - t0) / 1e9, server, (acked - lastAcked) / window,
                        LatencySummary.ofMicros(s.opToAck()), s.get(Counter.ERRORS), s.get(Counter.DISCONNECTS), cores,
                        rows.size() % gcEveryRows == 0 ? ServerSample.heapAfterFullGc(metrics, config.serverPid()) : -1);
                rows.add(row);
                print(row);
                lastAt = now;
                lastAcked = acked;
                lastTicks = server.cpuTicks();
                next += TimeUnit.SECONDS.toNanos(sample);
            }
            LoopMetrics.Snapshot after = LoopMetrics.Snapshot.sum(generator.all(ClientLoop::stopTyping));
            double seconds = (System.nanoTime() - t0) / 1e9;
            total.add(after.opToAck());
            LoadGenerator.Drained drained = generator.drain();
            LoopMetrics.Snapshot whole = LoopMetrics.Snapshot.sum(generator.all(ClientLoop::snapshot));
            // With every connection still open: what the server keeps for them after the run.
            long endGc = ServerSample.heapAfterFullGc(metrics, config.serverPid());
            rows.add(new Row(seconds, ServerSample.take(metrics, config.serverPid()), 0, LatencySummary.EMPTY,
                    whole.get(Counter.ERRORS), whole.get(Counter.DISCONNECTS), Double.NaN, endGc));
            return summary(config, rows.subList(0, rows.size() - 1), rows.get(rows.size() - 1), total, whole, start,
                    seconds, drained);
        } finally {
            generator.shutdown(vertx);
        }
    }

    private static void print(Row r) {
        ServerSample s = r.server();
        System.out.printf(Locale.ROOT, "%6.0f | %8s | %6.0f | %22s | %6d | %11d | %7s | %10s | %6s | %s%s%n", r.t(),
                s.sessions() < 0 ? "?" : Long.toString(s.sessions()), r.acksPerSecond(),
                r.latency().count() == 0 ? "-" : LatencySummary.fmt(r.latency().p50()) + " / " + LatencySummary.fmt(r.latency().p99()),
                r.errors(), r.disconnects(), mb(s.heapUsed()), mb(s.oldGen()), mb(s.rss()),
                Double.isNaN(r.serverCores()) ? "-" : String.format(Locale.ROOT, "%.2f", r.serverCores()),
                r.fullGc() < 0 ? "" : "   * full GC asked for; heap after it " + mb(r.fullGc()) + " MB");
    }

    /**
     * @param after the server after the run, with the heap after a full collection, connections still open
     */
    private static int summary(LoadConfig config, List<Row> rows, Row after, Histogram total, LoopMetrics.Snapshot whole,
                               LoopMetrics.Snapshot start, double seconds, LoadGenerator.Drained drained) {
        List<Row> typing = rows.subList(1, rows.size());
        long acked = whole.get(Counter.OPS_ACKED) - start.get(Counter.OPS_ACKED);
        LatencySummary latency = LatencySummary.ofMicros(total);
        double cores = typing.stream().mapToDouble(Row::serverCores).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
        System.out.println();
        System.out.printf(Locale.ROOT, "connections: %,d opened, %,d sessions on the server at the end; disconnects %d%s%n",
                config.clients(), typing.get(typing.size() - 1).server().sessions(), whole.get(Counter.DISCONNECTS),
                whole.closeReasons().isEmpty() ? "" : " " + whole.closeReasons());
        System.out.printf(Locale.ROOT, "ops: %,.0f acked/s over %.0f s (%,d acked), op-to-ack %s%n", acked / seconds,
                seconds, acked, latency.text());
        System.out.printf(Locale.ROOT, "errors: %d%s; after the run %d op(s) unacked, %d document(s) where clients disagree%n",
                whole.get(Counter.ERRORS), whole.errors().isEmpty() ? "" : " " + whole.errors(), drained.unacked(),
                drained.unconvergedDocs());
        System.out.printf(Locale.ROOT, "server CPU: %.2f cores on average%n", cores);
        System.out.println("memory (start = first row while typing, mid, end; slope: least squares over the typing rows):");
        trend("heap used", typing, r -> r.server().heapUsed());
        trend("old gen", typing, r -> r.server().oldGen());
        trend("RSS", typing, r -> r.server().rss());
        // The honest measure of what the server retains: a full collection's leftovers, over the whole run. Caches
        // that fill up to a bound (recent ops per document) rise first and level off; a leak keeps rising.
        List<Row> collected = new ArrayList<>(rows.stream().filter(r -> r.fullGc() >= 0).toList());
        collected.add(after);
        System.out.printf(Locale.ROOT, "  %-19s %s MB (jcmd GC.run before typing, every %d s, after the run; all"
                + " connections open)%n", "heap after full GC", collected.stream()
                .map(r -> String.format(Locale.ROOT, "%s@%.0fs", mb(r.fullGc()), r.t())).toList(), FULL_GC_EVERY_SECONDS);
        List<Row> secondHalf = collected.stream().filter(r -> r.t() >= seconds / 2).toList();
        double lateSlope = slopePerMinute(secondHalf, Row::fullGc);
        System.out.printf(Locale.ROOT, "  %-19s %+.1f MB/min over the second half of the run%n", "  its slope",
                lateSlope / 1e6);
        String gcSeries = String.join(",", collected.stream().map(r -> Long.toString(r.fullGc())).toList());
        boolean clean = whole.get(Counter.DISCONNECTS) == 0 && whole.get(Counter.ERRORS) == 0;
        Row last = typing.get(typing.size() - 1);
        Row firstRow = typing.get(0);
        System.out.printf(Locale.ROOT, "{\"soak\":\"quire-soak/1\",\"clients\":%d,\"docs\":%d,\"rate\":\"%s\",\"seconds\":%.0f,"
                        + "\"ackedPerSec\":%.1f,\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f,\"errors\":%d,\"disconnects\":%d,"
                        + "\"heapStart\":%d,\"heapEnd\":%d,\"heapSlopePerMin\":%.0f,\"rssStart\":%d,\"rssEnd\":%d,"
                        + "\"rssSlopePerMin\":%.0f,\"oldGenSlopePerMin\":%.0f,\"heapAfterFullGc\":[%s],\"heapAfterFullGcLateSlopePerMin\":%s,"
                        + "\"serverCores\":%.2f,\"cores\":%d}%n",
                config.clients(), config.docs(), config.rateText(), seconds, acked / seconds, latency.p50(),
                latency.p99(), latency.max(), whole.get(Counter.ERRORS), whole.get(Counter.DISCONNECTS),
                firstRow.server().heapUsed(), last.server().heapUsed(),
                slopePerMinute(typing, r -> r.server().heapUsed()), firstRow.server().rss(), last.server().rss(),
                slopePerMinute(typing, r -> r.server().rss()), slopePerMinute(typing, r -> r.server().oldGen()),
                gcSeries, Double.isNaN(lateSlope) ? "null" : String.format(Locale.ROOT, "%.0f", lateSlope), cores, Runtime.getRuntime().availableProcessors());
        return clean ? LoadGenerator.EXIT_OK : LoadGenerator.EXIT_DISCONNECTS;
    }

    private static void trend(String name, List<Row> rows, java.util.function.ToLongFunction<Row> value) {
        long a = value.applyAsLong(rows.get(0));
        long m = value.applyAsLong(rows.get(rows.size() / 2));
        long z = value.applyAsLong(rows.get(rows.size() - 1));
        System.out.printf(Locale.ROOT, "  %-19s %7s / %7s / %7s MB, slope %+.1f MB/min%n", name, mb(a), mb(m), mb(z),
                slopePerMinute(rows, value) / 1e6);
    }

    /** Least-squares slope of {@code value} over the rows' times, in units per minute; rows without a value are skipped. */
    static double slopePerMinute(List<Row> rows, java.util.function.ToLongFunction<Row> value) {
        double[] t = rows.stream().filter(r -> value.applyAsLong(r) >= 0).mapToDouble(r -> r.t() / 60).toArray();
        double[] y = rows.stream().filter(r -> value.applyAsLong(r) >= 0).mapToDouble(value::applyAsLong).toArray();
        return slope(t, y);
    }

    static double slope(double[] x, double[] y) {
        if (x.length < 2) {
            return Double.NaN;
        }
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (x[i] - mx) * (y[i] - my);
            den += (x[i] - mx) * (x[i] - mx);
        }
        return den == 0 ? Double.NaN : num / den;
    }

    private static final int FULL_GC_EVERY_SECONDS = 120;

    private static String mb(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.0f", bytes / 1e6);
    }
}
