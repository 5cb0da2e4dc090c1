package io.quire.benchmarks;

import io.quire.benchmarks.trace.EditingTrace;
import io.quire.benchmarks.trace.TraceReader;
import io.quire.benchmarks.trace.TraceReplay;
import io.quire.ot.Delta;
import io.quire.ot.DocumentRope;

import java.io.IOException;

/**
 * Heap held by a chapter after a trace replay: the rope, against the same text as a plain delta.
 * Measured as used heap after full GCs with and without the document reachable.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.quire.benchmarks.RopeFootprint [trace.json.gz]}
 */
public final class RopeFootprint {
    private RopeFootprint() {
    }

    public static void main(String[] args) throws IOException {
        EditingTrace trace = TraceReader.read(args.length > 0 ? args[0] : "automerge-paper.json.gz");
        long base = usedAfterGc();
        DocumentRope rope = TraceReplay.onRope(trace);
        long withRope = usedAfterGc();
        TraceReplay.checkEnd(trace, rope.plainText());
        Delta asDelta = rope.toDelta();
        long withBoth = usedAfterGc();
        System.out.printf("%s: %,d UTF-16 units; rope %,d bytes (%.2f bytes/unit); as one delta %,d bytes%n",
                trace.name(), rope.length(), withRope - base, (withRope - base) / (double) rope.length(),
                withBoth - withRope);
        // Keep both reachable until measured.
        if (rope.length() != asDelta.length()) {
            throw new IllegalStateException("rope and delta disagree");
        }
    }

    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
