package io.quire.server.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throughput check run by hand, not a unit test: how many durable single-op commits per second
 * {@link RocksDocumentStore} acknowledges, and how long each waits.
 *
 * <p>Each of {@code threads} threads is the sequencer of {@code docs} documents: it appends one op to each of
 * them, then waits for all those acknowledgements before the next round, like sequencers that keep one commit in
 * flight each. So {@code threads * docs} commits compete for the disk at once. Latency is from the append call to
 * the acknowledgement.
 *
 * <pre>
 * mvn -q -B -pl server -am test-compile -Dskip.npm
 * (cd server &amp;&amp; mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt)
 * java -cp server/target/test-classes:server/target/classes:ot-core/target/classes:$(cat /tmp/cp.txt) \
 *     io.quire.server.storage.GroupCommitProbe [threads=4] [docs per thread=16] [seconds=5] [folder=temp]
 * </pre>
 */
public final class GroupCommitProbe {
    private GroupCommitProbe() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int docs = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path folder = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("quire-probe");

        try (RocksDocumentStore store = RocksDocumentStore.open(folder)) {
            run(store, threads, docs, 1, "warm-up");
            RocksDocumentStore.WriteStats before = store.writeStats();
            long[] latencies = run(store, threads, docs, seconds, "run");
            RocksDocumentStore.WriteStats after = store.writeStats();

            long commits = after.commits() - before.commits();
            long writes = after.writes() - before.writes();
            Arrays.sort(latencies);
            System.out.printf("%d cores, %d threads x %d documents (%d commits in flight), %d s%n",
                    Runtime.getRuntime().availableProcessors(), threads, docs, threads * docs, seconds);
            System.out.printf("  %,d durable single-op commits/s, %.1f commits per synced write (%,d writes/s)%n",
                    commits / seconds, (double) commits / writes, writes / seconds);
            System.out.printf("  latency p50 %s, p99 %s, p99.9 %s, max %s%n", ms(latencies, 0.50), ms(latencies, 0.99),
                    ms(latencies, 0.999), ms(latencies, 1.0));
        } finally {
            if (args.length <= 3) {
                delete(folder);
            }
        }
    }

    /** Runs the threads for {@code seconds}; returns every commit's latency in nanoseconds. */
    private static long[] run(RocksDocumentStore store, int threads, int docs, int seconds, String phase)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String collection = phase + "-" + t;
                workers.add(pool.submit(() -> sequencers(store, collection, docs, end)));
            }
            List<long[]> results = new ArrayList<>();
            for (Future<long[]> worker : workers) {
                results.add(worker.get(seconds + 60L, TimeUnit.SECONDS));
            }
            return results.stream().flatMapToLong(Arrays::stream).toArray();
        } finally {
            pool.shutdownNow();
        }
    }

    private static long[] sequencers(RocksDocumentStore store, String collection, int docs, long end) {
        long[] next = new long[docs];
        long[] latencies = new long[1 << 16];
        int count = 0;
        List<CompletableFuture<Long>> acks = new ArrayList<>(docs);
        long[] started = new long[docs];
        while (System.nanoTime() < end) {
            acks.clear();
            for (int d = 0; d < docs; d++) {
                DocKey key = new DocKey(collection, "doc-" + d);
                started[d] = System.nanoTime();
                // The acknowledgement's time is taken on the thread that completes it.
                acks.add(store.append(key, List.of(DocumentStoreContract.op(key, next[d]++, "probe")), List.of())
                        .thenApply(ignored -> System.nanoTime()));
            }
            for (int d = 0; d < docs; d++) {
                long acked = acks.get(d).orTimeout(60, TimeUnit.SECONDS).join();
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = acked - started[d];
            }
        }
        return Arrays.copyOf(latencies, count);
    }

    private static String ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return "-";
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return String.format("%.2f ms", sorted[Math.max(0, index)] / 1e6);
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
