package io.quire.benchmarks;

import io.quire.benchmarks.trace.EditingTrace;
import io.quire.benchmarks.trace.TraceReader;
import io.quire.benchmarks.trace.TraceReplay;
import io.quire.ot.Delta;
import io.quire.ot.DocumentRope;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Replays a real editing trace (one delta per transaction) on the rope document, checking the final
 * text against the trace's {@code endContent} after every replay. The {@code edits} column is the
 * figure that matters: edits applied per second.
 *
 * <p>Run from the repository root (traces default to {@code ../shared/traces}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TraceReplayBenchmark
 * java -Dquire.traces=/path/to/traces -jar benchmarks/target/benchmarks.jar TraceReplayBenchmark -p trace=seph-blog1.json.gz
 * </pre>
 * Traces: automerge-paper by Martin Kleppmann (automerge-perf), others by Joseph Gentle et al.
 * (editing-traces), CC BY 4.0.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class TraceReplayBenchmark {

    @Param({"automerge-paper.json.gz", "seph-blog1.json.gz"})
    public String trace;

    private EditingTrace loaded;

    /** Counts edits, so JMH reports edits per second beside replays per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Edits {
        public long edits;
    }

    @Setup(Level.Trial)
    public void load() throws IOException {
        loaded = TraceReader.read(trace);
        // Check the result once up front, so a wrong replay fails the run instead of being timed.
        TraceReplay.checkEnd(loaded, TraceReplay.onRope(loaded).plainText());
    }

    @Benchmark
    public DocumentRope replayOnRope(Edits counter) {
        DocumentRope rope = new DocumentRope(Delta.ofText(loaded.startContent()));
        for (Delta edit : loaded.edits()) {
            rope.apply(edit);
        }
        if (rope.length() != loaded.endContent().length()) {
            throw new IllegalStateException("replay ended at length " + rope.length());
        }
        counter.edits += loaded.edits().size();
        return rope;
    }

    /** The first edits of the trace on a plain delta document, composed per edit as the rich-text type does. */
    @Benchmark
    public Delta replayPrefixWithCompose(Edits counter) {
        Delta doc = TraceReplay.onDelta(loaded, COMPOSE_PREFIX);
        counter.edits += Math.min(COMPOSE_PREFIX, loaded.edits().size());
        return doc;
    }

    /** Compose copies the whole document per edit, so the baseline replays only this many edits. */
    static final int COMPOSE_PREFIX = 20_000;
}
