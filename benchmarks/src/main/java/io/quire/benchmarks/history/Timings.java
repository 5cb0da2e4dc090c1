package io.quire.benchmarks.history;

import java.util.Arrays;
import java.util.Locale;

/**
 * A few hundred timed calls at most, kept whole and sorted: exact percentiles (nearest rank), no histogram needed.
 *
 * @param name     what was timed
 * @param nanos    each call's time, ascending
 * @param withGc   calls during which the JVM collected garbage (their times include the pause)
 * @param firstNanos the first call's time (in a cold pass, the one that pays for loading classes and reading disk)
 */
record Timings(String name, long[] nanos, int withGc, long firstNanos) {

    Timings {
        nanos = nanos.clone();
        Arrays.sort(nanos);
    }

    double firstMs() {
        return firstNanos / 1e6;
    }

    int count() {
        return nanos.length;
    }

    /** The nearest-rank percentile in milliseconds; 0 without samples. */
    double percentileMs(double percentile) {
        if (nanos.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * nanos.length);
        return nanos[Math.max(0, Math.min(nanos.length - 1, rank - 1))] / 1e6;
    }

    double p50() {
        return percentileMs(50);
    }

    double p95() {
        return percentileMs(95);
    }

    double maxMs() {
        return nanos.length == 0 ? 0 : nanos[nanos.length - 1] / 1e6;
    }

    double meanMs() {
        return nanos.length == 0 ? 0 : Arrays.stream(nanos).average().orElse(0) / 1e6;
    }

    /** {@code "p50 3.21 / p95 8.90 / max 12.4 ms (n=200, first 10.2, 3 with GC)"} */
    String text() {
        return String.format(Locale.ROOT, "p50 %s / p95 %s / max %s ms (n=%d, first %s, %d with GC)", ms(p50()), ms(p95()),
                ms(maxMs()), count(), ms(firstMs()), withGc);
    }

    /** Two decimals below 10 ms, one below 100, none above. */
    static String ms(double ms) {
        return String.format(Locale.ROOT, ms < 10 ? "%.2f" : ms < 100 ? "%.1f" : "%.0f", ms);
    }

    /** Collects samples one by one. */
    static final class Recorder {
        private final String name;
        private long[] nanos = new long[16];
        private int size;
        private int withGc;
        private long startNanos;
        private long startCollections;

        Recorder(String name) {
            this.name = name;
        }

        /** Starts timing a call. */
        void start() {
            startCollections = GcWatch.collections();
            startNanos = System.nanoTime();
        }

        /** Ends the call started last. */
        void stop() {
            long elapsed = System.nanoTime() - startNanos;
            if (GcWatch.collections() != startCollections) {
                withGc++;
            }
            if (size == nanos.length) {
                nanos = Arrays.copyOf(nanos, size * 2);
            }
            nanos[size++] = elapsed;
        }

        Timings done() {
            return new Timings(name, Arrays.copyOf(nanos, size), withGc, size == 0 ? 0 : nanos[0]);
        }
    }
}
