package io.quire.server.storage;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The head each document will have once its queued commits are written, so that {@code append} can check a
 * commit's start version without a read per commit. An entry is loaded from the store on first use.
 *
 * <p>An entry runs ahead of the disk: appends advance it when they queue a commit. That is what lets a sequencer
 * queue its next commit before the previous one is durable. If a write fails, the entry is retired: the commits
 * still queued behind it were checked against a head that will never exist, so the committer fails them, and the
 * next append loads the head again from what the store really has.
 *
 * <p>Entries without queued commits are evicted once there are more than {@code maxEntries}, so memory stays
 * bounded however many documents the store has seen. An evicted entry is retired too; an append that finds its
 * entry retired simply takes a fresh one.
 */
final class HeadCache {

    /** One document's expected head. Guarded by its own monitor; the map holds only live entries. */
    static final class Entry {
        final DocKey key;
        private DocumentStore.Head head;
        private int queued;
        private boolean retired;

        Entry(DocKey key, DocumentStore.Head head) {
            this.key = key;
            this.head = head;
        }

        /** The expected head, null if the document has no ops. Call while holding the entry's monitor. */
        DocumentStore.Head head() {
            return head;
        }

        /** Records a queued commit that leaves {@code after}. Call while holding the entry's monitor. */
        void queued(DocumentStore.Head after) {
            head = after;
            queued++;
        }

        /** True once the entry is out of the cache; its head must not be used any more. */
        synchronized boolean isRetired() {
            return retired;
        }
    }

    private final ConcurrentHashMap<DocKey, Entry> entries = new ConcurrentHashMap<>();
    /** Counts retirements, so that a load can tell whether one happened while it read. */
    private final AtomicLong retirements = new AtomicLong();
    private final Function<DocKey, DocumentStore.Head> loader;
    private final int maxEntries;

    /** @param loader reads a document's head from the store (null if none); may block */
    HeadCache(Function<DocKey, DocumentStore.Head> loader, int maxEntries) {
        this.loader = loader;
        this.maxEntries = maxEntries;
    }

    /**
     * The live entry of the document, loading it if needed. The caller locks it and must check
     * {@link Entry#isRetired()}, taking a new entry if it was retired in between.
     */
    Entry entry(DocKey key) {
        while (true) {
            Entry entry = entries.get(key);
            if (entry != null) {
                return entry;
            }
            // Loaded outside computeIfAbsent: a RocksDB read must not hold a lock of the map.
            long epoch = retirements.get();
            Entry loaded = new Entry(key, loader.apply(key));
            Entry raced = entries.putIfAbsent(key, loaded);
            if (raced != null) {
                return raced;
            }
            if (retirements.get() == epoch) {
                return loaded;
            }
            // An entry of this document may have been written and evicted while we read, so our read may be
            // older than its last write. Only concurrent appends to one document get here; read again.
            retire(loaded);
        }
    }

    /** A commit of the entry reached the disk. */
    void written(Entry entry) {
        synchronized (entry) {
            entry.queued--;
        }
    }

    /** The entry's head is no longer trusted: forget it, and let queued commits behind it fail. */
    void retire(Entry entry) {
        synchronized (entry) {
            entry.retired = true;
            entries.remove(entry.key, entry);
        }
        retirements.incrementAndGet();
    }

    /** Evicts idle entries down to 90% of the bound, when over it. Cheap when under it. */
    void trim() {
        int excess = entries.size() - maxEntries;
        if (excess <= 0) {
            return;
        }
        int toEvict = excess + maxEntries / 10;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && toEvict > 0; ) {
            Entry entry = it.next();
            synchronized (entry) {
                if (entry.queued == 0 && !entry.retired) {
                    entry.retired = true;
                    it.remove();
                    retirements.incrementAndGet();
                    toEvict--;
                }
            }
        }
    }

    int size() {
        return entries.size();
    }
}
