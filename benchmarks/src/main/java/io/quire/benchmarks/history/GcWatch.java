package io.quire.benchmarks.history;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/** The JVM's garbage collections so far, to tell which timed calls a collection fell into. */
final class GcWatch {
    private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();

    private GcWatch() {
    }

    /** Collections so far, of every collector. */
    static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : COLLECTORS) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    /** Milliseconds spent collecting so far (for G1: pauses and concurrent cycles as the beans count them). */
    static long millis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : COLLECTORS) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }
}
