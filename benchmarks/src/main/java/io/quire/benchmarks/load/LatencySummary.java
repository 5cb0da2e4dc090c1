package io.quire.benchmarks.load;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram recorded in microseconds, in milliseconds.
 *
 * @param count samples
 */
public record LatencySummary(long count, double p50, double p95, double p99, double max, double mean) {

    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

    /** A histogram of latencies in microseconds, up to an hour, to 3 significant digits. */
    public static Histogram newHistogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    public static LatencySummary ofMicros(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(micros.getTotalCount(),
                ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(95)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getMaxValue()), micros.getMean() / 1000.0);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    /** {@code "p50 0.41 / p95 1.20 / p99 3.05 / max 12.3 ms (n=1234)"} */
    public String text() {
        if (count == 0) {
            return "no samples";
        }
        return String.format(java.util.Locale.ROOT, "p50 %s / p95 %s / p99 %s / max %s ms (n=%d)",
                fmt(p50), fmt(p95), fmt(p99), fmt(max), count);
    }

    /** Two decimals below 10 ms, one below 100, none above. */
    static String fmt(double ms) {
        if (ms < 10) {
            return String.format(java.util.Locale.ROOT, "%.2f", ms);
        }
        if (ms < 100) {
            return String.format(java.util.Locale.ROOT, "%.1f", ms);
        }
        return String.format(java.util.Locale.ROOT, "%.0f", ms);
    }
}
