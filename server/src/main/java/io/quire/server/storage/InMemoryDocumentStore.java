package io.quire.server.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link DocumentStore} in memory, for tests: the same checks and atomicity as {@link RocksDocumentStore}
 * (both follow {@link CommitRules} and pass {@code DocumentStoreContract}), but nothing survives the process.
 * Commits apply at once, so {@code append} returns a completed future. One lock guards everything.
 */
public final class InMemoryDocumentStore implements DocumentStore {

    private static final class Doc {
        final TreeMap<Long, StoredOp> ops = new TreeMap<>();
        final TreeMap<Long, Snapshot> snapshots = new TreeMap<>();
        final Map<String, NavigableSet<Long>> versionsByAuthor = new HashMap<>();
        Head head;
    }

    private final Map<DocKey, Doc> docs = new HashMap<>();
    private final Map<DocKey, TreeMap<String, Label>> labels = new HashMap<>();
    private final TreeMap<String, byte[]> records = new TreeMap<>();
    private final RecordStore recordStore = new RecordStore() {
        @Override
        public void put(String key, byte[] value) {
            synchronized (records) {
                records.put(key, value.clone());
            }
        }

        @Override
        public void delete(String key) {
            synchronized (records) {
                records.remove(key);
            }
        }

        @Override
        public Map<String, byte[]> scan(String prefix) {
            Map<String, byte[]> out = new java.util.LinkedHashMap<>();
            synchronized (records) {
                records.tailMap(prefix, true).forEach((key, value) -> {
                    if (key.startsWith(prefix)) {
                        out.put(key, value.clone());
                    }
                });
            }
            return out;
        }
    };

    @Override
    public RecordStore records() {
        return recordStore;
    }
    private boolean closed;

    @Override
    public synchronized List<Label> labels(DocKey key) {
        checkOpen();
        return List.copyOf(labels.getOrDefault(key, new TreeMap<>()).values());
    }

    @Override
    public synchronized Optional<Label> label(DocKey key, String name) {
        checkOpen();
        return Optional.ofNullable(labels.getOrDefault(key, new TreeMap<>()).get(name));
    }

    @Override
    public synchronized boolean createLabel(DocKey key, Label label) {
        checkOpen();
        return labels.computeIfAbsent(key, k -> new TreeMap<>()).putIfAbsent(label.name(), label) == null;
    }

    @Override
    public synchronized LabelRename renameLabel(DocKey key, String from, String to) {
        checkOpen();
        TreeMap<String, Label> named = labels.computeIfAbsent(key, k -> new TreeMap<>());
        Label label = named.get(from);
        if (label == null) {
            return LabelRename.NO_SUCH_LABEL;
        }
        if (named.containsKey(to)) {
            return from.equals(to) ? LabelRename.RENAMED : LabelRename.NAME_TAKEN;
        }
        named.remove(from);
        named.put(to, label.renamed(to));
        return LabelRename.RENAMED;
    }

    @Override
    public synchronized boolean deleteLabel(DocKey key, String name) {
        checkOpen();
        TreeMap<String, Label> named = labels.get(key);
        return named != null && named.remove(name) != null;
    }

    @Override
    public synchronized CompletableFuture<Void> append(DocKey key, List<StoredOp> ops, List<Snapshot> snapshots) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ops, "ops");
        Objects.requireNonNull(snapshots, "snapshots");
        try {
            checkOpen();
            CommitRules.checkShape(key, ops, snapshots);
            Doc doc = docs.get(key);
            Head after = CommitRules.advance(key, doc == null ? null : doc.head, ops, snapshots);
            if (ops.isEmpty() && snapshots.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            // Everything is checked: from here on nothing can fail, so the commit is all or nothing.
            Doc target = docs.computeIfAbsent(key, k -> new Doc());
            for (StoredOp op : ops) {
                target.ops.put(op.version(), op);
                target.versionsByAuthor.computeIfAbsent(op.author(), a -> new TreeSet<>()).add(op.version());
            }
            for (Snapshot snapshot : snapshots) {
                target.snapshots.put(snapshot.version(), snapshot);
            }
            target.head = after;
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public synchronized Compaction fold(DocKey key, List<StoredOp> folds) {
        Objects.requireNonNull(key, "key");
        checkOpen();
        FoldRules.checkShape(key, folds);
        Doc doc = docs.get(key);
        for (StoredOp fold : folds) {
            FoldRules.checkReplaces(fold, doc == null ? List.of()
                    : List.copyOf(doc.ops.subMap(fold.firstVersion(), fold.version() + 1).values()), doc == null ? null : doc.head);
        }
        // Everything is checked: from here on nothing can fail, so the compaction is all or nothing.
        Compaction total = Compaction.NONE;
        byte[] prefix = KeyCodec.docPrefix(key);
        for (StoredOp fold : folds) {
            long keys = 0;
            long before = 0;
            byte[] authorPrefix = KeyCodec.authorPrefix(prefix, fold.author());
            var replaced = doc.ops.subMap(fold.firstVersion(), fold.version() + 1);
            long entries = replaced.size();
            for (StoredOp old : replaced.values()) {
                before += KeyCodec.versionKey(prefix, old.version()).length + ValueCodec.op(old).length;
                if (old.version() != fold.version()) {
                    keys += 2;
                    before += KeyCodec.authorKey(authorPrefix, old.version()).length;
                    doc.versionsByAuthor.get(fold.author()).remove(old.version());
                }
            }
            replaced.clear();
            doc.ops.put(fold.version(), fold);
            var inside = doc.snapshots.subMap(fold.firstVersion(), false, fold.version(), true);
            for (Snapshot snapshot : inside.values()) {
                keys++;
                before += KeyCodec.versionKey(prefix, snapshot.version()).length + ValueCodec.snapshot(snapshot).length;
            }
            inside.clear();
            long after = KeyCodec.versionKey(prefix, fold.version()).length + ValueCodec.op(fold).length;
            total = total.plus(new Compaction(entries, 1, keys, before, after));
        }
        return total;
    }

    @Override
    public synchronized Optional<Head> head(DocKey key) {
        return Optional.ofNullable(doc(key)).map(doc -> doc.head);
    }

    @Override
    public synchronized List<StoredOp> ops(DocKey key, long from, long to) {
        checkNotNegative("from", from);
        Doc doc = doc(key);
        if (doc == null || to <= from) {
            return List.of();
        }
        return List.copyOf(doc.ops.subMap(from, to).values());
    }

    @Override
    public synchronized Optional<Snapshot> snapshotAtOrBefore(DocKey key, long version) {
        Doc doc = doc(key);
        if (doc == null || version < 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(doc.snapshots.floorEntry(version)).map(Entry::getValue);
    }

    @Override
    public synchronized List<StoredOp> opsByAuthor(DocKey key, String author, long from, int limit) {
        Objects.requireNonNull(author, "author");
        checkNotNegative("from", from);
        checkNotNegative("limit", limit);
        Doc doc = doc(key);
        NavigableSet<Long> versions = doc == null ? null : doc.versionsByAuthor.get(author);
        if (versions == null) {
            return List.of();
        }
        List<StoredOp> out = new ArrayList<>();
        for (long version : versions.tailSet(from, true)) {
            if (out.size() == limit) {
                break;
            }
            out.add(doc.ops.get(version));
        }
        return out;
    }

    @Override
    public synchronized void close() {
        closed = true;
        docs.clear();
    }

    private Doc doc(DocKey key) {
        Objects.requireNonNull(key, "key");
        checkOpen();
        return docs.get(key);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
    }

    private static void checkNotNegative(String what, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, got " + value);
        }
    }
}
