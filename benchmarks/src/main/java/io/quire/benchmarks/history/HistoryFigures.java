package io.quire.benchmarks.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.quire.benchmarks.trace.EditingTrace;
import io.quire.benchmarks.trace.TraceReader;
import io.quire.server.document.DocumentRegistry;
import io.quire.server.document.SequencerSettings;
import io.quire.server.history.ChapterHistory;
import io.quire.server.storage.DocKey;
import io.quire.server.storage.DocumentStore;
import io.quire.server.storage.RocksDocumentStore;
import io.quire.server.storage.Snapshot;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How fast a chapter's past can be read when it has a long history: the time to fetch a past version and to
 * blame one (who wrote each character), for a chapter of 1,000,000 generated ops or for a replayed editing trace.
 * The target (from the history issue) is under 20 ms for any version of a chapter with 1,000,000 ops.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar io.quire.benchmarks.history.HistoryFigures --ops 1000000 [--data DIR]
 *   java -cp benchmarks/target/benchmarks.jar io.quire.benchmarks.history.HistoryFigures --trace automerge-paper.json.gz \
 *        [--traces DIR]
 * </pre>
 * Options: {@code --ops N} generated ops (default 1,000,000; see {@link HistoryGenerator}); {@code --trace FILE} replay
 * a sequential trace instead (a bare name is looked up in {@code --traces DIR}, default {@code ../shared/traces});
 * {@code --data DIR} keep the chapter there, and reuse it on the next run if it already has the history asked for
 * (default: a temporary folder, deleted at the end); {@code --seed S}; {@code --window N} submissions in flight
 * (default 1,000); {@code --versions N} past versions fetched per pass (200); {@code --blames N} past versions
 * blamed per pass (50); {@code --http N} versions fetched and blamed over HTTP (50).
 *
 * <p>Steps: the history is written through the real sequencer into a {@link RocksDocumentStore} (every op durable,
 * group commit). Registry and store are then closed and reopened, so the first pass reads a store nobody has
 * touched since (the JIT is warm from writing, and the OS page cache holds what was just written). A second pass
 * repeats the same calls warm. Last, a real {@code QuireServer} is started over the folder and the REST API is
 * timed. Prints a table and one JSON line ({@code FIGURES {...}}).
 */
public final class HistoryFigures {
    private static final DocKey GENERATED = new DocKey("bench-book", "million-ops");

    private HistoryFigures() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "HistoryFigures: %d cores, max heap %,d MiB, Java %s%n", cores,
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));

        EditingTrace trace = options.trace == null ? null : TraceReader.read(options.trace);
        DocKey key = trace == null ? GENERATED : new DocKey("traces", trace.name().replace(".json.gz", "").replace(".json", ""));
        long expectedOps = trace == null ? options.ops : TraceOps.opCount(trace);
        Path data = options.data != null ? options.data : Files.createTempDirectory("quire-history-");
        System.out.printf(Locale.ROOT, "chapter %s: %s, %,d ops; data in %s%n", key,
                trace == null ? "generated (seed " + options.seed + ")" : trace.name() + " (" + trace.edits().size()
                        + " transactions, " + trace.patches() + " patches) replayed as is", expectedOps, data);

        Report report = new Report(cores, key, trace == null ? "generated" : trace.name(), expectedOps);
        try {
            write(options, trace, key, expectedOps, data, report);
            measure(options, key, data, report);
            System.out.println("HTTP: starting QuireServer over the folder");
            report.http = HttpProbe.run(data, key, randomVersions(options.seed + 3, options.httpVersions, report.headVersion));
            report.print();
        } finally {
            if (options.data == null) {
                deleteTree(data);
            }
        }
    }

    /** Writes the history unless the folder already holds it. */
    private static void write(Options options, EditingTrace trace, DocKey key, long expectedOps, Path data, Report report)
            throws Exception {
        try (RocksDocumentStore store = RocksDocumentStore.open(data);
             DocumentRegistry registry = new DocumentRegistry(store, SequencerSettings.DEFAULTS, op -> "")) {
            long existing = store.head(key).map(DocumentStore.Head::version).orElse(0L);
            if (existing == expectedOps) {
                System.out.printf(Locale.ROOT, "reusing the %,d ops already in %s%n", existing, data);
                report.reused = true;
                return;
            }
            if (existing != 0) {
                throw new IllegalStateException(key + " in " + data + " has " + existing + " ops, not " + expectedOps
                        + ": use another --data folder");
            }
            HistoryGenerator generator = trace == null ? new HistoryGenerator(options.seed) : null;
            Iterator<ChapterOp> ops = trace == null ? limited(generator, expectedOps) : new TraceOps(trace);
            System.out.printf(Locale.ROOT, "writing %,d ops, %,d in flight%n", expectedOps, options.window);
            HistoryLoader.Result loaded = new HistoryLoader(registry, key, options.window)
                    .load(ops, 0, Math.max(100_000, expectedOps / 10));
            Snapshot head = registry.fetch(key).get(60, TimeUnit.SECONDS);
            if (head.version() != expectedOps || loaded.ops() != expectedOps) {
                throw new IllegalStateException("head is at version " + head.version() + " after " + loaded.ops()
                        + " ops, expected " + expectedOps);
            }
            if (trace != null && !head.content().plainText().equals(trace.endContent())) {
                throw new IllegalStateException("the replayed chapter differs from the trace's endContent");
            }
            if (generator != null && head.content().length() != generator.length()) {
                throw new IllegalStateException("the chapter has " + head.content().length()
                        + " units, the generator counted " + generator.length());
            }
            report.load = loaded;
            report.writeStats = store.writeStats();
            report.mix = generator != null ? generator.mix() : "edits by " + TraceOps.AUTHORS + " names, "
                    + TraceOps.EDITS_PER_AUTHOR + " each in turn; final text equals endContent";
        }
        report.dataBytes = folderBytes(data);
    }

    /** Reopens everything and times a cold pass, then a warm one over the same versions. */
    private static void measure(Options options, DocKey key, Path data, Report report) {
        try (RocksDocumentStore store = RocksDocumentStore.open(data);
             DocumentRegistry registry = new DocumentRegistry(store, SequencerSettings.DEFAULTS, op -> "")) {
            ChapterHistory history = new ChapterHistory(registry, store);
            long t0 = System.nanoTime();
            long head = history.headVersion(key);
            report.openNanos = System.nanoTime() - t0;
            report.headVersion = head;
            if (head != report.ops) {
                throw new IllegalStateException("reopened chapter is at version " + head + ", expected " + report.ops);
            }
            Snapshot at = registry.fetch(key).join();
            report.length = at.content().length();
            report.contentOps = at.content().opCount();
            long[] versions = randomVersions(options.seed + 1, options.versions, head);
            long[] blames = randomVersions(options.seed + 2, options.blames, head);
            HistoryProbe probe = new HistoryProbe(history, key);
            System.out.println("pass 1 (cold: store and registry reopened)");
            report.cold = probe.run("cold", versions, blames);
            System.out.println("pass 2 (warm: the same calls again)");
            report.warm = probe.run("warm", versions, blames);
            if (probe.sink() == 42) {
                System.out.println();
            }
        }
    }

    /** {@code n} versions drawn uniformly from 1 to head - 1. */
    static long[] randomVersions(long seed, int n, long head) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = head <= 2 ? Math.max(0, head - 1) : 1 + random.nextLong(head - 1);
        }
        return out;
    }

    private static Iterator<ChapterOp> limited(HistoryGenerator generator, long count) {
        return new Iterator<>() {
            private long made;

            @Override
            public boolean hasNext() {
                return made < count;
            }

            @Override
            public ChapterOp next() {
                made++;
                return generator.next();
            }
        };
    }

    private static long folderBytes(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** The command line; see the class comment. */
    private static final class Options {
        long ops = 1_000_000;
        String trace;
        Path data;
        long seed = 20_261_124L;
        int window = 1_000;
        int versions = 200;
        int blames = 50;
        int httpVersions = 50;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--ops" -> o.ops = Long.parseLong(value.replace("_", "").replace(",", ""));
                    case "--trace" -> o.trace = value;
                    case "--traces" -> System.setProperty("quire.traces", value);
                    case "--data" -> o.data = Path.of(value);
                    case "--seed" -> o.seed = Long.parseLong(value);
                    case "--window" -> o.window = Integer.parseInt(value);
                    case "--versions" -> o.versions = Integer.parseInt(value);
                    case "--blames" -> o.blames = Integer.parseInt(value);
                    case "--http" -> o.httpVersions = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + name
                            + " (expected --ops, --trace, --traces, --data, --seed, --window, --versions, --blames, --http)");
                }
            }
            if (o.ops < 2 || o.window < 1) {
                throw new IllegalArgumentException("--ops must be at least 2 and --window at least 1");
            }
            return o;
        }
    }

    /** Everything measured, printed as a table and as one JSON line. */
    private static final class Report {
        final int cores;
        final DocKey key;
        final String source;
        final long ops;
        boolean reused;
        HistoryLoader.Result load;
        RocksDocumentStore.WriteStats writeStats;
        String mix;
        long dataBytes = -1;
        long openNanos;
        long headVersion;
        int length;
        int contentOps;
        HistoryProbe.Pass cold;
        HistoryProbe.Pass warm;
        HttpProbe.Result http;

        Report(int cores, DocKey key, String source, long ops) {
            this.cores = cores;
            this.key = key;
            this.source = source;
            this.ops = ops;
        }

        void print() throws IOException {
            StringBuilder t = new StringBuilder("\n");
            line(t, "source", source + " (chapter " + key + ")");
            line(t, "cores", String.valueOf(cores));
            line(t, "ops in the chapter", String.format(Locale.ROOT, "%,d", headVersion));
            line(t, "final length", String.format(Locale.ROOT, "%,d units in %,d delta ops", length, contentOps));
            if (load != null) {
                line(t, "write time", String.format(Locale.ROOT, "%.1f s, %,.0f ops/s (making ops %.1f s, waiting for the server %.1f s)",
                        load.elapsedNanos() / 1e9, load.opsPerSecond(), load.makeNanos() / 1e9, load.blockedNanos() / 1e9));
                line(t, "synced writes", String.format(Locale.ROOT, "%,d for %,d commits, %,d ops (%.1f ops per write)",
                        writeStats.writes(), writeStats.commits(), writeStats.ops(), (double) writeStats.ops() / Math.max(1, writeStats.writes())));
                line(t, "op mix", mix);
            } else if (reused) {
                line(t, "write time", "(reused an existing folder)");
            }
            if (dataBytes >= 0) {
                line(t, "data folder", String.format(Locale.ROOT, "%,.1f MiB", dataBytes / 1048576.0));
            }
            line(t, "open chapter (first call)", Timings.ms(openNanos / 1e6) + " ms");
            for (HistoryProbe.Pass pass : new HistoryProbe.Pass[] {cold, warm}) {
                t.append(pass.name()).append(String.format(Locale.ROOT, " (GC %d ms during the pass):%n", pass.gcMillis()));
                line(t, "  version(v)", pass.versions().text() + String.format(Locale.ROOT, ", %,.0f units on average", pass.meanVersionUnits()));
                line(t, "  head only", pass.head().text());
                line(t, "  blame(head)", pass.blameHead().text() + String.format(Locale.ROOT, ", %,d runs", pass.headRuns()));
                line(t, "  blame(v)", pass.blameAt().text() + String.format(Locale.ROOT, ", %,.0f runs on average", pass.meanRunsAt()));
                line(t, "  revisions(50 sessions)", pass.revisions().text() + ", " + pass.sessionsOnPage() + " entries");
            }
            t.append(String.format(Locale.ROOT, "HTTP (one client, sequential; GC %d ms):%n", http.gcMillis()));
            line(t, "  first request", Timings.ms(http.firstRequestNanos() / 1e6) + " ms (opens the chapter)");
            line(t, "  GET versions/{v}", http.versions().text() + String.format(Locale.ROOT, ", %,.0f bytes on average", http.meanVersionBytes()));
            line(t, "  GET blame?version=v", http.blames().text() + String.format(Locale.ROOT, ", %,.0f bytes on average", http.meanBlameBytes()));
            System.out.println(t);
            System.out.println("FIGURES " + json());
        }

        private static void line(StringBuilder t, String name, String value) {
            t.append(String.format(Locale.ROOT, "%-28s %s%n", name, value));
        }

        private String json() throws IOException {
            StringWriter out = new StringWriter();
            try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("source", source);
                g.writeStringField("chapter", key.toString());
                g.writeNumberField("cores", cores);
                g.writeNumberField("ops", headVersion);
                g.writeNumberField("length", length);
                g.writeNumberField("contentOps", contentOps);
                g.writeBooleanField("reused", reused);
                if (load != null) {
                    g.writeNumberField("writeSeconds", round(load.elapsedNanos() / 1e9));
                    g.writeNumberField("writeOpsPerSecond", Math.round(load.opsPerSecond()));
                    g.writeNumberField("syncedWrites", writeStats.writes());
                }
                g.writeNumberField("dataBytes", dataBytes);
                g.writeNumberField("openMs", round(openNanos / 1e6));
                for (HistoryProbe.Pass pass : new HistoryProbe.Pass[] {cold, warm}) {
                    g.writeObjectFieldStart(pass.name());
                    timings(g, "version", pass.versions());
                    timings(g, "head", pass.head());
                    timings(g, "blameHead", pass.blameHead());
                    g.writeNumberField("headRuns", pass.headRuns());
                    timings(g, "blame", pass.blameAt());
                    g.writeNumberField("meanRuns", round(pass.meanRunsAt()));
                    timings(g, "revisions", pass.revisions());
                    g.writeNumberField("gcMs", pass.gcMillis());
                    g.writeEndObject();
                }
                g.writeObjectFieldStart("http");
                g.writeNumberField("firstMs", round(http.firstRequestNanos() / 1e6));
                timings(g, "version", http.versions());
                timings(g, "blame", http.blames());
                g.writeNumberField("gcMs", http.gcMillis());
                g.writeEndObject();
                g.writeEndObject();
            }
            return out.toString();
        }

        private static void timings(JsonGenerator g, String name, Timings t) throws IOException {
            g.writeObjectFieldStart(name);
            g.writeNumberField("n", t.count());
            g.writeNumberField("p50", round(t.p50()));
            g.writeNumberField("p95", round(t.p95()));
            g.writeNumberField("max", round(t.maxMs()));
            g.writeNumberField("first", round(t.firstMs()));
            g.writeNumberField("withGc", t.withGc());
            g.writeEndObject();
        }

        private static double round(double value) {
            return Math.round(value * 100) / 100.0;
        }
    }
}
