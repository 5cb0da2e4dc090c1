package io.quire.benchmarks.load;

import org.HdrHistogram.Histogram;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counters and latency histograms of the clients on one event loop. Touched only on that loop (no locks, no
 * atomics on the hot path); the generator reads it by running {@link #snapshot} on the loop.
 */
public final class LoopMetrics {
    private final long[] counters = new long[Counter.values().length];
    private final Map<String, Long> errors = new TreeMap<>();
    /** The first few distinct close reasons, with how often each happened. */
    private final Map<String, Long> closeReasons = new LinkedHashMap<>();
    private Histogram opToAck = LatencySummary.newHistogram();
    private Histogram opToPeer = LatencySummary.newHistogram();

    public void add(Counter counter) {
        counters[counter.ordinal()]++;
    }

    public void add(Counter counter, long n) {
        counters[counter.ordinal()] += n;
    }

    public long get(Counter counter) {
        return counters[counter.ordinal()];
    }

    public void error(String code) {
        add(Counter.ERRORS);
        errors.merge(code, 1L, Long::sum);
    }

    public Map<String, Long> errors() {
        return errors;
    }

    public void closed(String reason) {
        if (closeReasons.containsKey(reason) || closeReasons.size() < 20) {
            closeReasons.merge(reason, 1L, Long::sum);
        }
    }

    public void ackLatency(long nanos) {
        opToAck.recordValue(Math.max(0, nanos / 1000));
    }

    public void peerLatency(long nanos) {
        opToPeer.recordValue(Math.max(0, nanos / 1000));
    }

    /** Starts the latency histograms afresh (the end of the warm-up). */
    public void resetLatencies() {
        opToAck = LatencySummary.newHistogram();
        opToPeer = LatencySummary.newHistogram();
    }

    /** A copy, to be read on another thread. */
    public Snapshot snapshot() {
        EnumMap<Counter, Long> copy = new EnumMap<>(Counter.class);
        for (Counter c : Counter.values()) {
            copy.put(c, counters[c.ordinal()]);
        }
        return new Snapshot(copy, new TreeMap<>(errors), new LinkedHashMap<>(closeReasons), opToAck.copy(), opToPeer.copy());
    }

    /** Counters are totals since the start; histograms since the last {@link #resetLatencies}. */
    public record Snapshot(Map<Counter, Long> counters, Map<String, Long> errors, Map<String, Long> closeReasons,
                           Histogram opToAck, Histogram opToPeer) {

        public long get(Counter counter) {
            return counters.getOrDefault(counter, 0L);
        }

        /** Sums snapshots of several loops. */
        public static Snapshot sum(Iterable<Snapshot> snapshots) {
            EnumMap<Counter, Long> counters = new EnumMap<>(Counter.class);
            Map<String, Long> errors = new TreeMap<>();
            Map<String, Long> reasons = new LinkedHashMap<>();
            Histogram ack = LatencySummary.newHistogram();
            Histogram peer = LatencySummary.newHistogram();
            for (Snapshot s : snapshots) {
                s.counters.forEach((k, v) -> counters.merge(k, v, Long::sum));
                s.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
                s.closeReasons.forEach((k, v) -> reasons.merge(k, v, Long::sum));
                ack.add(s.opToAck);
                peer.add(s.opToPeer);
            }
            return new Snapshot(counters, errors, reasons, ack, peer);
        }

        /** This minus an earlier snapshot, for counters and errors; the histograms are this one's. */
        public Snapshot since(Snapshot earlier) {
            EnumMap<Counter, Long> counters = new EnumMap<>(Counter.class);
            this.counters.forEach((k, v) -> counters.put(k, v - earlier.get(k)));
            Map<String, Long> errors = new TreeMap<>();
            this.errors.forEach((k, v) -> {
                long d = v - earlier.errors.getOrDefault(k, 0L);
                if (d != 0) {
                    errors.put(k, d);
                }
            });
            return new Snapshot(counters, errors, closeReasons, opToAck, opToPeer);
        }
    }
}
