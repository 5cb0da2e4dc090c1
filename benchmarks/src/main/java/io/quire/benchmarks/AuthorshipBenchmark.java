package io.quire.benchmarks;

import io.quire.benchmarks.trace.EditingTrace;
import io.quire.benchmarks.trace.TraceReader;
import io.quire.ot.Authorship;
import io.quire.ot.Delta;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Replays a real editing trace on an {@link Authorship}, one delta per transaction, as the sequencer
 * updates it on every committed keystroke. The trace has one writer, so the author changes every
 * {@value #EDITS_PER_AUTHOR} edits, cycling over four names: that interleaves authors the way a shared
 * chapter would and leaves thousands of runs. The {@code edits} column is the figure that matters:
 * edits applied per second. The trial setup prints the final number of runs.
 *
 * <p>Run from the repository root (traces default to {@code ../shared/traces}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AuthorshipBenchmark
 * java -Dquire.traces=/path/to/traces -jar benchmarks/target/benchmarks.jar AuthorshipBenchmark -p trace=seph-blog1.json.gz
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
public class AuthorshipBenchmark {
    static final int EDITS_PER_AUTHOR = 50;
    private static final String[] AUTHORS = {"ann", "bob", "carl", "dee"};

    @Param({"automerge-paper.json.gz"})
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
        Authorship result = replay(loaded);
        if (result.length() != loaded.endContent().length()) {
            throw new IllegalStateException(trace + ": authorship ended at length " + result.length()
                    + ", the document at " + loaded.endContent().length());
        }
        System.out.printf("%n%s: %d edits, final length %d, %d runs, units by author %s%n", trace,
                loaded.edits().size(), result.length(), result.runs().size(), result.unitsByAuthor());
    }

    @Benchmark
    public Authorship replayOnAuthorship(Edits counter) {
        Authorship authorship = replay(loaded);
        counter.edits += loaded.edits().size();
        return authorship;
    }

    /** Text present before the trace starts (none in automerge-paper) is credited to a fifth name. */
    static Authorship replay(EditingTrace trace) {
        Authorship authorship = Authorship.unknown(trace.startContent().length(), "before");
        List<Delta> edits = trace.edits();
        for (int i = 0; i < edits.size(); i++) {
            authorship.apply(edits.get(i), AUTHORS[(i / EDITS_PER_AUTHOR) % AUTHORS.length]);
        }
        return authorship;
    }
}
