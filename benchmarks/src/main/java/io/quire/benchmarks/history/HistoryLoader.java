package io.quire.benchmarks.history;

import io.quire.server.document.Committed;
import io.quire.server.document.DocumentRegistry;
import io.quire.server.document.Submission;
import io.quire.server.storage.DocKey;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes a history into a chapter through the real sequencer, as fast as it takes ops: up to {@code window}
 * submissions in flight, so the sequencer batches them and the store commits each batch with one synced write.
 *
 * <p>Each op is submitted with the version it was made on as its base: op {@code i} on version {@code i}. The
 * sequencer applies one chapter's submissions in the order they arrive, so every op meets exactly the document
 * it was made for and nothing is transformed; each acknowledgement is checked to be at that version.
 */
final class HistoryLoader {
    private final DocumentRegistry registry;
    private final DocKey key;
    private final int window;

    HistoryLoader(DocumentRegistry registry, DocKey key, int window) {
        this.registry = registry;
        this.key = key;
        this.window = window;
    }

    /**
     * Submits {@code ops}, the first made on version {@code startVersion}, and waits until all are durable.
     *
     * @param progressEvery print a progress line after this many ops (0: never)
     */
    Result load(Iterator<ChapterOp> ops, long startVersion, long progressEvery) throws InterruptedException {
        Semaphore permits = new Semaphore(window);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Map<String, long[]> seqs = new HashMap<>();
        long started = System.nanoTime();
        long blockedNanos = 0;
        long makeNanos = 0;
        long version = startVersion;
        long lastReport = started;
        while (ops.hasNext() && failure.get() == null) {
            long t0 = System.nanoTime();
            ChapterOp op = ops.next();
            long t1 = System.nanoTime();
            permits.acquire();
            blockedNanos += System.nanoTime() - t1;
            makeNanos += t1 - t0;
            long seq = ++seqs.computeIfAbsent(op.source(), s -> new long[1])[0];
            long expected = version;
            CompletableFuture<Committed> done = registry.submit(key,
                    new Submission(version, op.source(), seq, op.kind(), op.delta(), op.author(), null));
            done.whenComplete((committed, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, new IllegalStateException("op at version " + expected + " failed", error));
                } else if (committed.version() != expected || committed.duplicate()) {
                    failure.compareAndSet(null, new IllegalStateException("op made on version " + expected
                            + " was committed at " + committed.version() + (committed.duplicate() ? " as a duplicate" : "")));
                }
                permits.release();
            });
            version++;
            long count = version - startVersion;
            if (progressEvery > 0 && count % progressEvery == 0) {
                long now = System.nanoTime();
                System.out.printf(Locale.ROOT, "  %,d ops submitted, %,.0f ops/s over the last %,d%n",
                        count, progressEvery / ((now - lastReport) / 1e9), progressEvery);
                lastReport = now;
            }
        }
        long t = System.nanoTime();
        if (!permits.tryAcquire(window, 10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("ops still in flight after 10 minutes");
        }
        blockedNanos += System.nanoTime() - t;
        if (failure.get() != null) {
            throw new IllegalStateException("loading the history failed", failure.get());
        }
        return new Result(version - startVersion, System.nanoTime() - started, makeNanos, blockedNanos);
    }

    /**
     * @param ops          ops submitted and committed
     * @param elapsedNanos from the first submission until the last op was durable
     * @param makeNanos    spent making the ops (generator or trace iterator)
     * @param blockedNanos spent waiting for room in the window, i.e. for the server
     */
    record Result(long ops, long elapsedNanos, long makeNanos, long blockedNanos) {
        double opsPerSecond() {
            return ops / (elapsedNanos / 1e9);
        }
    }
}
