package io.quire.server.document;

import io.quire.server.metrics.QuireMeters;
import io.quire.server.storage.DocKey;
import io.quire.server.storage.DocumentStore;
import io.quire.server.storage.Snapshot;
import io.quire.server.storage.StoredOp;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/**
 * The one place that knows where each document lives: today, an open {@link DocumentSequencer} in this
 * process, created on first use and unloaded when idle. Sessions and the API reach documents only through
 * here, so moving ownership elsewhere (another node of a cluster) changes this class and nothing else.
 *
 * <p>Sequencers run on a pool with one thread per core; each document's work stays in order on its own
 * {@link SerialExecutor}, and different documents run in parallel.
 */
public final class DocumentRegistry implements AutoCloseable {
    private static final int ATTEMPTS = 3;

    private final DocumentStore store;
    private final SequencerSettings settings;
    private final OpFrameEncoder encoder;
    private final CommitListener listener;
    private final QuireMeters meters;
    private final ExecutorService workers;
    private final ScheduledExecutorService sweeper;
    private final ConcurrentHashMap<DocKey, DocumentSequencer> open = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<CompletableFuture<Void>> drainWaiters = new java.util.ArrayList<>();

    public DocumentRegistry(DocumentStore store, SequencerSettings settings, OpFrameEncoder encoder) {
        this(store, settings, encoder, CommitListener.NONE);
    }

    /** @param listener hears every durable op, on its document's sequencer (see {@link CommitListener}) */
    public DocumentRegistry(DocumentStore store, SequencerSettings settings, OpFrameEncoder encoder, CommitListener listener) {
        this(store, settings, encoder, listener, QuireMeters.NOOP);
    }

    /** @param meters where the sequencers record acknowledgements, submit times and transform distances */
    public DocumentRegistry(DocumentStore store, SequencerSettings settings, OpFrameEncoder encoder, CommitListener listener,
                            QuireMeters meters) {
        this.meters = meters;
        this.store = store;
        this.settings = settings;
        this.encoder = encoder;
        this.listener = listener;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.workers = Executors.newFixedThreadPool(threads, daemonThreads("quire-doc-"));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(daemonThreads("quire-idle-"));
        long period = Math.max(1_000, settings.idleMillis() / 2);
        sweeper.scheduleWithFixedDelay(this::unloadIdle, period, period, TimeUnit.MILLISECONDS);
    }

    // Each request takes the future its result goes to, so that the caller can attach what happens next
    // before the request runs: replies then leave on the document's sequencer, in order with its broadcasts.

    public CompletableFuture<Committed> submit(DocKey key, Submission submission, CompletableFuture<Committed> result) {
        // The caller's callbacks (the ack) run inside result's completion, before the submission stops counting as
        // in flight: once drain() completes, every ack has been handed to its connection.
        inFlight.incrementAndGet();
        CompletableFuture<Committed> placed = new CompletableFuture<>();
        placed.whenComplete((committed, failure) -> {
            try {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(committed);
                }
            } finally {
                if (inFlight.decrementAndGet() == 0) {
                    signalDrained();
                }
            }
        });
        call(key, placed, (doc, r) -> doc.submit(submission, r));
        return result;
    }

    /** Submissions handed to a sequencer and not yet answered. */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Completes once no submission is in flight: each one handed over before has been committed (or refused) and
     * its result completed. The caller stops new submissions first, or this may never complete.
     */
    public CompletableFuture<Void> drain() {
        CompletableFuture<Void> drained = new CompletableFuture<>();
        synchronized (drainWaiters) {
            drainWaiters.add(drained);
        }
        if (inFlight.get() == 0) {
            signalDrained();
        }
        return drained;
    }

    private void signalDrained() {
        List<CompletableFuture<Void>> waiting;
        synchronized (drainWaiters) {
            waiting = new java.util.ArrayList<>(drainWaiters);
            drainWaiters.clear();
        }
        waiting.forEach(w -> w.complete(null));
    }

    public CompletableFuture<Snapshot> fetch(DocKey key, CompletableFuture<Snapshot> result) {
        return call(key, result, DocumentSequencer::fetch);
    }

    public CompletableFuture<List<StoredOp>> opsSince(DocKey key, long from, CompletableFuture<List<StoredOp>> result) {
        return call(key, result, (doc, r) -> doc.opsSince(from, r));
    }

    public CompletableFuture<Snapshot> subscribe(DocKey key, Subscriber subscriber, CompletableFuture<Snapshot> result) {
        return call(key, result, (doc, r) -> doc.subscribe(subscriber, r));
    }

    public CompletableFuture<List<StoredOp>> subscribeFrom(DocKey key, Subscriber subscriber, long from,
                                                           CompletableFuture<List<StoredOp>> result) {
        return call(key, result, (doc, r) -> doc.subscribeFrom(subscriber, from, r));
    }

    /** A document that is not open has no subscribers, so there is nothing to do and nothing is loaded. */
    public CompletableFuture<Void> unsubscribe(DocKey key, Subscriber subscriber, CompletableFuture<Void> result) {
        DocumentSequencer doc = open.get(key);
        if (doc == null || !doc.unsubscribe(subscriber, result)) {
            result.complete(null);
        }
        return result;
    }

    public CompletableFuture<Snapshot> snapshotAt(DocKey key, long version, CompletableFuture<Snapshot> result) {
        return call(key, result, (doc, r) -> doc.snapshotAt(version, r));
    }

    /**
     * Runs {@code task} with the document's head version as its single writer (see
     * {@link DocumentSequencer#exclusive}): nothing commits to the document while it runs. Blocking store work is
     * fine there, as the sequencer runs on the worker pool.
     */
    public <T> CompletableFuture<T> exclusive(DocKey key, java.util.function.LongFunction<T> task) {
        return call(key, new CompletableFuture<>(), (doc, r) -> doc.exclusive(task, r));
    }

    public CompletableFuture<Snapshot> snapshotAtTime(DocKey key, long timestamp, CompletableFuture<Snapshot> result) {
        return call(key, result, (doc, r) -> doc.snapshotAtTime(timestamp, r));
    }

    /** Moves a selection made at {@code fromVersion} up to the head; see {@link DocumentSequencer#transformRange}. */
    public CompletableFuture<Optional<Selection>> transformRange(DocKey key, long fromVersion, String source,
            int start, int end, CompletableFuture<Optional<Selection>> result) {
        return call(key, result, (doc, r) -> doc.transformRange(fromVersion, source, start, end, r));
    }

    public CompletableFuture<Committed> submit(DocKey key, Submission submission) {
        return submit(key, submission, new CompletableFuture<>());
    }

    public CompletableFuture<Snapshot> fetch(DocKey key) {
        return fetch(key, new CompletableFuture<>());
    }

    public CompletableFuture<Snapshot> subscribe(DocKey key, Subscriber subscriber) {
        return subscribe(key, subscriber, new CompletableFuture<>());
    }

    public CompletableFuture<Snapshot> snapshotAt(DocKey key, long version) {
        return snapshotAt(key, version, new CompletableFuture<>());
    }

    public CompletableFuture<Snapshot> snapshotAtTime(DocKey key, long timestamp) {
        return snapshotAtTime(key, timestamp, new CompletableFuture<>());
    }

    /** How many documents are in memory now. */
    public int openDocuments() {
        return open.size();
    }

    /** Subscribers of the most subscribed open document (a gauge: one pass over the open documents per scrape). */
    public int maxSubscribers() {
        int max = 0;
        for (DocumentSequencer doc : open.values()) {
            max = Math.max(max, doc.subscriberCount());
        }
        return max;
    }

    /** How many open documents have between {@code least} and {@code most} subscribers (a gauge: one pass per scrape). */
    public long documentsWithSubscribers(int least, int most) {
        long count = 0;
        for (DocumentSequencer doc : open.values()) {
            int subscribers = doc.subscriberCount();
            if (subscribers >= least && subscribers <= most) {
                count++;
            }
        }
        return count;
    }

    /**
     * Stores a snapshot at the head of every open document that lacks one (for shutdown, after {@link #drain}):
     * completes with how many were stored.
     */
    public CompletableFuture<Integer> storeHeadSnapshots() {
        List<CompletableFuture<Boolean>> stored = new java.util.ArrayList<>();
        for (DocumentSequencer doc : open.values()) {
            CompletableFuture<Boolean> one = new CompletableFuture<>();
            if (doc.storeHeadSnapshot(one)) {
                stored.add(one.exceptionally(e -> false));
            }
        }
        return CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new))
                .thenApply(v -> (int) stored.stream().filter(CompletableFuture::join).count());
    }

    /** Unloads every document idle for the configured time; also runs on a timer. */
    public void unloadIdle() {
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(settings.idleMillis());
        open.forEach((key, doc) -> {
            CompletableFuture<Boolean> unloaded = new CompletableFuture<>();
            if (!doc.unloadIfIdle(idleNanos, unloaded)) {
                open.remove(key, doc);
                return;
            }
            unloaded.thenAccept(done -> {
                if (done) {
                    open.remove(key, doc);
                }
            });
        });
    }

    /**
     * Hands a request to the document's sequencer, opening it if needed. A sequencer that was unloaded (or
     * failed) in the meantime refuses; it is dropped and a fresh one loads the document from storage.
     */
    private <T> CompletableFuture<T> call(DocKey key, CompletableFuture<T> result,
                                          BiPredicate<DocumentSequencer, CompletableFuture<T>> request) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            DocumentSequencer doc = open.computeIfAbsent(key,
                    k -> new DocumentSequencer(k, store, new SerialExecutor(workers), settings, encoder, listener, meters));
            if (request.test(doc, result)) {
                return result;
            }
            open.remove(key, doc);
        }
        result.completeExceptionally(new Rejection(Rejection.Reason.UNAVAILABLE, "document " + key + " is unavailable"));
        return result;
    }

    /** Stops the timer and the workers after the work in flight; the store is closed by its owner. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
