package io.quire.server.document;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.quire.ot.Delta;
import io.quire.ot.DeltaJson;
import io.quire.ot.DocumentRope;
import io.quire.ot.InvalidDeltaException;
import io.quire.server.storage.DocKey;
import io.quire.server.storage.DocumentStore;
import io.quire.server.storage.Snapshot;
import io.quire.server.storage.Provenance;
import io.quire.server.history.ProvenanceTracker;
import io.quire.server.metrics.QuireMeters;
import io.quire.server.storage.StoredOp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The single writer of one document. Every op's way through the server passes here:
 * <ol>
 *   <li>version ladder: base == head applies; base &gt; head is refused; base &lt; head is transformed against the
 *       ops committed since, the committed op winning ties ({@code committed.transform(incoming, true)});</li>
 *   <li>dedupe: an op whose (source, seq) is among those ops was committed already and is acknowledged again;</li>
 *   <li>validate against the document (no retain or delete past its end) and apply to the in-memory rope;</li>
 *   <li>commit the batch to the store (one durable write, shared with other documents by group commit);</li>
 *   <li>when durable: broadcast each op to the other subscribers and acknowledge its author, in version order.</li>
 * </ol>
 * Submissions that arrive while a commit is in flight queue up and go out together in the next batch, so a
 * busy document needs one synced write per batch, not per op. Reads queue behind the commit, so nobody ever
 * sees a version that is not yet durable.
 *
 * <p>All state is touched only by tasks of this document's {@link SerialExecutor}.
 */
final class DocumentSequencer {
    private static final Logger log = LoggerFactory.getLogger(DocumentSequencer.class);
    private final DocKey key;
    private final DocumentStore store;
    private final SerialExecutor executor;
    private final SequencerSettings settings;
    private final OpFrameEncoder encoder;
    private final CommitListener listener;
    private final QuireMeters meters;

    // Guarded by `queue`: work waiting for this document, and whether the document was unloaded.
    private final ArrayDeque<Work> queue = new ArrayDeque<>();
    private boolean closed;

    // Sequencer state: only touched on the executor.
    private boolean loaded;
    private boolean committing;
    private DocumentRope content;
    private long version;
    private boolean exists;
    private long createdAt;
    private long updatedAt;
    private long snapshotVersion;
    /** Who wrote what, per-author tallies and the tamper-evident chain, up to {@code version}. */
    private ProvenanceTracker provenance;
    /** Ops below this version are in the store; those from it up to {@code version} are in the batch being committed. */
    private long durableVersion;
    /**
     * The last ops, oldest first, ending at {@code version - 1}: transforms and catch-ups rarely touch the store.
     * Ops not yet durable are never dropped from it, as the store cannot supply them yet.
     */
    private final RecentOps recent = new RecentOps();
    private final Set<Subscriber> subscribers = new LinkedHashSet<>();
    private volatile long lastUsedNanos = System.nanoTime();

    DocumentSequencer(DocKey key, DocumentStore store, SerialExecutor executor, SequencerSettings settings,
                      OpFrameEncoder encoder, CommitListener listener) {
        this(key, store, executor, settings, encoder, listener, QuireMeters.NOOP);
    }

    DocumentSequencer(DocKey key, DocumentStore store, SerialExecutor executor, SequencerSettings settings,
                      OpFrameEncoder encoder, CommitListener listener, QuireMeters meters) {
        this.meters = meters;
        this.key = key;
        this.store = store;
        this.executor = executor;
        this.settings = settings;
        this.encoder = encoder;
        this.listener = listener;
    }

    DocKey key() {
        return key;
    }

    /** Subscribers now; read from any thread for a gauge, so possibly a moment stale. */
    int subscriberCount() {
        return subscribers.size();
    }

    // ---- requests, from any thread; false when the document was unloaded and the caller must retry ----

    boolean submit(Submission submission, CompletableFuture<Committed> result) {
        return enqueue(new Work.Submit(submission, result, System.nanoTime()), true);
    }

    /** The latest durable snapshot. */
    boolean fetch(CompletableFuture<Snapshot> result) {
        return read(result, this::snapshot);
    }

    /** Ops with versions {@code from} up to the head. */
    boolean opsSince(long from, CompletableFuture<List<StoredOp>> result) {
        return read(result, () -> everyOpBetween(from, version));
    }

    /**
     * Registers {@code subscriber} and returns, atomically with it, the snapshot it starts from: every op after
     * that snapshot reaches the subscriber.
     */
    boolean subscribe(Subscriber subscriber, CompletableFuture<Snapshot> result) {
        return read(result, () -> {
            subscribers.add(subscriber);
            return snapshot();
        });
    }

    /** Registers {@code subscriber} and returns the ops since {@code from} that it missed. */
    boolean subscribeFrom(Subscriber subscriber, long from, CompletableFuture<List<StoredOp>> result) {
        return read(result, () -> {
            List<StoredOp> missed = everyOpBetween(from, version);
            subscribers.add(subscriber);
            return missed;
        });
    }

    boolean unsubscribe(Subscriber subscriber, CompletableFuture<Void> result) {
        return read(result, () -> {
            subscribers.remove(subscriber);
            return null;
        });
    }

    /** The document as it was at {@code atVersion} (at most the head). */
    boolean snapshotAt(long atVersion, CompletableFuture<Snapshot> result) {
        return read(result, () -> snapshotAtVersion(atVersion));
    }

    /** The document as it was at {@code timestamp}: after every op made at or before it. */
    boolean snapshotAtTime(long timestamp, CompletableFuture<Snapshot> result) {
        return read(result, () -> snapshotAtVersion(versionAtTime(timestamp)));
    }

    /**
     * A selection made at {@code fromVersion} by {@code source}, moved through every op since, as rich-text's
     * {@code transformPresence} does: each end moves like a caret, staying put before a concurrent insert at it
     * unless the op is the selection owner's own. Empty when a create or delete came between.
     */
    boolean transformRange(long fromVersion, String source, int start, int end, CompletableFuture<Optional<Selection>> result) {
        return read(result, () -> {
            if (fromVersion > version) {
                throw new Rejection(Rejection.Reason.VERSION_IN_FUTURE,
                        "presence version " + fromVersion + " is newer than the document's version " + version);
            }
            int newStart = start;
            int newEnd = end;
            for (StoredOp op : everyOpBetween(fromVersion, version)) {
                if (op.kind() != StoredOp.Kind.EDIT) {
                    return Optional.empty();
                }
                boolean own = op.source().equals(source);
                newStart = op.delta().transformPosition(newStart, !own);
                newEnd = op.delta().transformPosition(newEnd, !own);
            }
            return Optional.of(new Selection(version, newStart, newEnd));
        });
    }

    /**
     * Unloads the document if nobody uses it: no subscribers, nothing queued, idle for {@code idleNanos}.
     * A snapshot at the head is stored first, so reopening it replays nothing.
     */
    boolean unloadIfIdle(long idleNanos, CompletableFuture<Boolean> result) {
        // Not a use: were it one, the check would find the document used just now, and nothing would ever unload.
        return enqueue(new Work.Read<>(() -> {
            boolean idle = subscribers.isEmpty() && System.nanoTime() - lastUsedNanos >= idleNanos;
            synchronized (queue) {
                if (!idle || !queue.isEmpty() || committing) {
                    return false;
                }
                closed = true;
            }
            if (exists && version > snapshotVersion) {
                store.append(key, List.of(), List.of(snapshot()));
            }
            return true;
        }, result), false);
    }

    /**
     * Stores a snapshot at the head unless the latest one is there, so that the next start replays nothing; true
     * once it is durable. For shutdown: it waits for the write on this document's thread.
     */
    boolean storeHeadSnapshot(CompletableFuture<Boolean> result) {
        return read(result, () -> {
            if (!exists || version <= snapshotVersion) {
                return false;
            }
            store.append(key, List.of(), List.of(snapshot())).join();
            snapshotVersion = version;
            return true;
        });
    }

    private <T> boolean read(CompletableFuture<T> result, Supplier<T> action) {
        return enqueue(new Work.Read<>(action, result), true);
    }

    /** {@code use}: whether the work keeps the document loaded (everything but the idle check itself). */
    private boolean enqueue(Work work, boolean use) {
        synchronized (queue) {
            if (closed) {
                return false;
            }
            queue.add(work);
        }
        if (use) {
            lastUsedNanos = System.nanoTime();
        }
        executor.execute(this::pump);
        return true;
    }

    // ---- the sequencer's own work, on the executor ----

    /** Runs queued reads, and starts a commit of queued submissions, until a commit is in flight. */
    private void pump() {
        assert executor.inExecutor();
        if (committing) {
            return; // the commit's completion pumps again
        }
        if (!loaded && !load()) {
            return;
        }
        while (true) {
            Work next;
            synchronized (queue) {
                next = queue.peek();
                if (next == null) {
                    return;
                }
                if (next instanceof Work.Read<?>) {
                    queue.poll();
                }
            }
            if (next instanceof Work.Read<?> read) {
                read.run();
            } else {
                startCommit(takeSubmissions());
                return;
            }
        }
    }

    private boolean load() {
        try {
            Optional<DocumentStore.Head> head = store.head(key);
            if (head.isPresent()) {
                Snapshot base = store.snapshotAtOrBefore(key, head.get().version()).orElse(Snapshot.missing(key));
                content = new DocumentRope(base.content());
                provenance = new ProvenanceTracker(base.provenance());
                version = base.version();
                exists = base.exists();
                createdAt = base.createdAt();
                updatedAt = base.updatedAt();
                snapshotVersion = base.version();
                durableVersion = head.get().version();
                for (StoredOp op : store.ops(key, base.version(), head.get().version())) {
                    applyStored(op);
                }
                if (version != head.get().version()) {
                    throw new IllegalStateException(key + ": op log ends at " + version + ", head says " + head.get().version());
                }
            } else {
                content = new DocumentRope();
                provenance = new ProvenanceTracker(Provenance.EMPTY);
            }
            loaded = true;
            return true;
        } catch (RuntimeException e) {
            failEverything(new Rejection(Rejection.Reason.UNAVAILABLE, "document " + key + " could not be loaded: " + e.getMessage()));
            return false;
        }
    }

    /** Replays a stored op onto the in-memory state while loading. */
    private void applyStored(StoredOp op) {
        switch (op.kind()) {
            case CREATE -> {
                content = new DocumentRope(op.delta());
                exists = true;
                createdAt = op.timestamp();
            }
            case EDIT -> content.apply(op.delta());
            case DELETE -> {
                content = new DocumentRope();
                exists = false;
            }
        }
        provenance.record(op);
        remember(op);
        updatedAt = op.timestamp();
    }

    /** The queued submissions at the head of the queue, up to the batch limit. */
    private List<Work.Submit> takeSubmissions() {
        List<Work.Submit> batch = new ArrayList<>();
        synchronized (queue) {
            while (batch.size() < settings.maxBatch() && queue.peek() instanceof Work.Submit submit) {
                queue.poll();
                batch.add(submit);
            }
        }
        return batch;
    }

    private void requeue(List<Work.Submit> rest) {
        synchronized (queue) {
            for (int i = rest.size() - 1; i >= 0; i--) {
                queue.addFirst(rest.get(i));
            }
        }
    }

    private void startCommit(List<Work.Submit> batch) {
        long startVersion = version;
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        List<StoredOp> ops = new ArrayList<>(batch.size());
        List<Snapshot> snapshots = List.of();
        for (int i = 0; i < batch.size(); i++) {
            Outcome outcome = place(batch.get(i));
            outcomes.add(outcome);
            if (outcome.op() != null) {
                ops.add(outcome.op());
                if (version % settings.snapshotInterval() == 0) {
                    // A snapshot every N versions bounds any replay to N ops; the rest waits for the next batch.
                    snapshots = List.of(snapshot());
                    requeue(batch.subList(i + 1, batch.size()));
                    break;
                }
            }
        }
        if (ops.isEmpty()) {
            finishCommit(outcomes, snapshots);
            pump();
            return;
        }
        committing = true;
        List<Snapshot> stored = snapshots;
        store.append(key, ops, snapshots).whenComplete((ignored, failure) -> executor.execute(() -> {
            committing = false;
            if (failure != null) {
                // The rope already holds ops that never became durable: drop this copy and let the next
                // request load the document again from what the store has.
                failEverything(new Rejection(Rejection.Reason.UNAVAILABLE,
                        "storage failed while committing " + key + " at version " + startVersion + ": " + failure.getMessage()));
                outcomes.forEach(o -> o.result().completeExceptionally(new Rejection(Rejection.Reason.UNAVAILABLE,
                        "the op was not stored: " + failure.getMessage())));
                return;
            }
            durableVersion = startVersion + ops.size();
            trimRecent();
            finishCommit(outcomes, stored);
            pump();
        }));
    }

    /** Broadcasts and acknowledges each op, in version order; only once the batch is durable. */
    private void finishCommit(List<Outcome> outcomes, List<Snapshot> snapshots) {
        for (Snapshot snapshot : snapshots) {
            snapshotVersion = Math.max(snapshotVersion, snapshot.version());
        }
        for (Outcome outcome : outcomes) {
            if (outcome.rejection() != null) {
                meters.rejected();
                outcome.result().completeExceptionally(outcome.rejection());
                continue;
            }
            Committed committed = outcome.committed();
            Subscriber origin = outcome.origin();
            if (origin != null && subscribers.contains(origin) && !committed.missed().isEmpty()) {
                // Subscribed now means it was sent every earlier op, by broadcast or by its subscribe's catch-up.
                committed = new Committed(committed.version(), List.of(), committed.duplicate());
            }
            // Others first: once an author holds its ack, everyone else has been sent the op.
            if (outcome.op() != null) {
                broadcast(outcome.op());
                notifyCommitted(outcome.op());
                if (outcome.op().delta() != null) {
                    // Hashed, stored and sent: its text would only ride along in the recent ops, which every young
                    // collection copies (measured with the shared source id of Session.submit: a fifth less copied
                    // and paused for at 50,000 ops/s).
                    DeltaJson.forget(outcome.op().delta());
                }
            }
            if (committed.duplicate()) {
                meters.duplicate(outcome.startNanos());
            } else {
                meters.committed(outcome.startNanos());
            }
            outcome.result().complete(committed);
        }
    }

    private void notifyCommitted(StoredOp op) {
        try {
            listener.committed(op);
        } catch (RuntimeException e) {
            log.warn("a commit listener failed on {} v{}", key, op.version(), e);
        }
    }

    private void broadcast(StoredOp op) {
        String frame = null;
        for (Subscriber subscriber : subscribers) {
            if (subscriber.source().equals(op.source())) {
                continue;
            }
            if (frame == null) {
                frame = encoder.encode(op); // once per op, whatever the number of subscribers
            }
            subscriber.onOp(op, frame);
        }
    }

    /** Runs one submission through the version ladder, dedupe, transform and validation. */
    private Outcome place(Work.Submit submit) {
        Submission s = submit.submission();
        try {
            long base = s.baseVersion() == null ? version : s.baseVersion();
            if (base > version) {
                throw new Rejection(Rejection.Reason.VERSION_IN_FUTURE,
                        "op version " + base + " is newer than the document's version " + version);
            }
            List<StoredOp> since = everyOpBetween(base, version);
            meters.transformDistance(version - base);
            Delta delta = s.delta();
            for (StoredOp committed : since) {
                if (committed.seq() == s.seq() && committed.source().equals(s.source())) { // seq first: no string loads
                    return Outcome.accepted(submit, null, new Committed(committed.version(),
                            since.subList(0, (int) (committed.version() - base)), true));
                }
                delta = transform(s.kind(), delta, committed);
            }
            StoredOp op = apply(s, delta);
            return Outcome.accepted(submit, op, new Committed(op.version(), since, false));
        } catch (Rejection rejection) {
            return Outcome.rejected(submit, rejection);
        }
    }

    /** The incoming op after {@code committed}; create and delete follow sharedb's rules (ot.js). */
    private static Delta transform(StoredOp.Kind kind, Delta incoming, StoredOp committed) {
        if (committed.kind() == StoredOp.Kind.DELETE) {
            if (kind != StoredOp.Kind.DELETE) {
                throw new Rejection(Rejection.Reason.WAS_DELETED, "the document was deleted at version " + committed.version());
            }
            return incoming;
        }
        if (committed.kind() == StoredOp.Kind.CREATE || kind == StoredOp.Kind.CREATE) {
            throw new Rejection(Rejection.Reason.ALREADY_CREATED, "the document was created at version "
                    + (committed.kind() == StoredOp.Kind.CREATE ? committed.version() : "0"));
        }
        return kind == StoredOp.Kind.EDIT ? committed.delta().transform(incoming, true) : incoming;
    }

    private StoredOp apply(Submission s, Delta delta) {
        long now = Math.max(System.currentTimeMillis(), updatedAt); // timestamps never go back within a document
        switch (s.kind()) {
            case CREATE -> {
                if (exists) {
                    throw new Rejection(Rejection.Reason.ALREADY_CREATED, "the document already exists");
                }
                if (!delta.isDocument()) {
                    throw new Rejection(Rejection.Reason.OP_DOES_NOT_FIT, "initial contents must be inserts only");
                }
                content = new DocumentRope(delta);
                exists = true;
                createdAt = now;
            }
            case EDIT -> {
                if (!exists) {
                    throw new Rejection(version == 0 ? Rejection.Reason.DOES_NOT_EXIST : Rejection.Reason.WAS_DELETED,
                            version == 0 ? "the document does not exist" : "the document was deleted");
                }
                try {
                    content.apply(delta);
                } catch (InvalidDeltaException e) {
                    throw new Rejection(Rejection.Reason.OP_DOES_NOT_FIT, e.getMessage());
                }
            }
            case DELETE -> {
                if (!exists) {
                    throw new Rejection(Rejection.Reason.DOES_NOT_EXIST, "the document does not exist");
                }
                content = new DocumentRope();
                exists = false;
            }
        }
        StoredOp op = provenance.seal(new StoredOp(key, version, s.source(), s.seq(), s.kind(), delta, s.author(), now));
        provenance.record(op);
        remember(op);
        updatedAt = now;
        return op;
    }

    private void remember(StoredOp op) {
        if (op.folded()) {
            // Only a load replays a fold, and everything it replays is durable: memory keeps single ops only.
            recent.trim(0, durableVersion, Long.MAX_VALUE);
        } else {
            recent.add(op);
        }
        version = op.version() + 1;
        trimRecent();
    }

    private void trimRecent() {
        recent.trim(settings.recentOps(), durableVersion, System.currentTimeMillis() - settings.recentMillis());
    }

    /**
     * Each op with {@code from <= v < to} as it was submitted, for clients that replay or transform them one by one;
     * refused with {@link Rejection.Reason#OPS_NOT_FOUND} (sharedb's missing-ops error) when compaction folded
     * some of them, rather than handing out a folded entry the client would count as one version.
     */
    private List<StoredOp> everyOpBetween(long from, long to) {
        List<StoredOp> ops = opsBetween(from, to);
        long expected = from;
        for (StoredOp op : ops) {
            if (op.firstVersion() != expected || op.folded()) {
                throw new Rejection(Rejection.Reason.OPS_NOT_FOUND, "the ops of " + key + " from version " + expected
                        + " were compacted; fetch the document again (found " + ops.size() + " entries for the "
                        + (to - from) + " versions since " + from + ")");
            }
            expected++;
        }
        if (expected != Math.max(from, to)) {
            throw new Rejection(Rejection.Reason.OPS_NOT_FOUND,
                    "found " + ops.size() + " of the " + (to - from) + " ops since version " + from);
        }
        return ops;
    }

    /**
     * Runs {@code task} as this document's single writer: after every commit so far is durable, before any
     * later one starts. The task may rewrite the document's stored past (compaction folds old ops), so the
     * copies of old ops held in memory are dropped afterwards and read again from the store when needed.
     */
    <T> boolean exclusive(java.util.function.LongFunction<T> task, CompletableFuture<T> result) {
        return read(result, () -> {
            try {
                return task.apply(version);
            } finally {
                recent.trim(0, durableVersion, Long.MAX_VALUE);
            }
        });
    }

    /**
     * Stored entries with {@code from <= v < to}: the recent ones from memory, older ones (all durable) from the
     * store, where compaction may have left folded entries.
     */
    private List<StoredOp> opsBetween(long from, long to) {
        if (from >= to) {
            return List.of();
        }
        long firstRecent = version - recent.size();
        List<StoredOp> ops = new ArrayList<>((int) Math.min(to - from, 1024));
        if (from < firstRecent) {
            ops.addAll(store.ops(key, from, Math.min(to, firstRecent)));
        }
        recent.copyTo(from, to, ops);
        return ops;
    }

    private Snapshot snapshot() {
        return new Snapshot(key, version, exists, exists ? content.toDelta() : Delta.EMPTY, createdAt, updatedAt,
                provenance.snapshot());
    }

    private Snapshot snapshotAtVersion(long atVersion) {
        if (atVersion > version) {
            throw new Rejection(Rejection.Reason.VERSION_IN_FUTURE,
                    "version " + atVersion + " is newer than the document's version " + version);
        }
        return atVersion == version ? snapshot() : PastVersions.snapshotAt(key, atVersion, version, store, this::opsBetween);
    }

    private long versionAtTime(long timestamp) {
        return PastVersions.versionAt(timestamp, version, this::opsBetween);
    }

    /** Fails what is queued and unloads: used when the in-memory copy can no longer be trusted. */
    private void failEverything(Rejection rejection) {
        List<Work> dropped;
        synchronized (queue) {
            closed = true;
            dropped = new ArrayList<>(queue);
            queue.clear();
        }
        dropped.forEach(w -> w.fail(rejection));
        subscribers.clear();
    }

    boolean isClosed() {
        synchronized (queue) {
            return closed;
        }
    }
}
