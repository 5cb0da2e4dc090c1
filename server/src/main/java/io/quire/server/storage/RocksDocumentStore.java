package io.quire.server.storage;

import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The durable {@link DocumentStore}: RocksDB in one folder, written through a {@link GroupCommitter}.
 *
 * <h2>Layout</h2>
 * Column families besides the (unused) default one; keys are built by {@link KeyCodec}, values by
 * {@link ValueCodec}:
 * <pre>
 *   op-log        hint, doc, u64 version               → op JSON
 *   snapshots     doc, u64 version                     → snapshot JSON
 *   author-index  hint, doc, u32+author, u64 version   → empty (the op is read from the op log)
 *   heads         doc                                  → head JSON, as of the last commit with a snapshot
 *   labels        doc, name                            → label JSON
 *   records       any UTF-8 key                        → bytes (books, members, keys: {@link RecordStore})
 * </pre>
 * where {@code doc} is {@code u16 length, collection, u16 length, id} (UTF-8, see {@link KeyCodec}), every integer is
 * big-endian, so RocksDB's key order is version order within a document and no document's keys begin with
 * another's. The hint is a 4-byte hash of the document (and author) that lets the memtable insert each op beside
 * the document's previous one; stores written before it existed are upgraded on open ({@link LayoutUpgrade}).
 * One commit (ops, index entries, and its snapshots with the head they bring) is one atomic batch. The head record
 * is written with snapshots only, and rolled forward over the ops after it when read.
 *
 * <p>{@code append} checks the start version against a cached head (see {@link HeadCache}); the first append of
 * a document reads its head, so it may block briefly. Its future fails with {@link IllegalArgumentException}
 * for a refused commit, {@link java.util.concurrent.RejectedExecutionException} when the write queue is full,
 * {@link StoreException} when the disk write fails and {@link IllegalStateException} once closed. Reads block.
 */
public final class RocksDocumentStore implements DocumentStore {
    private static final Logger log = LoggerFactory.getLogger(RocksDocumentStore.class);
    private static final List<String> FAMILIES = List.of("op-log", "snapshots", "author-index", "heads", "labels", "records");
    /** The families written on every op, whose keys begin with a hint (see {@link KeyCodec}). */
    private static final List<String> HINTED = List.of("op-log", "author-index");

    private final Path folder;
    /**
     * Memtable size per column family (RocksDB's default is 64 MiB). Every flush of the op log spans every
     * document's keys, so each L0-to-L1 compaction rewrites most of L1; larger memtables make those compactions
     * rarer. At 4,000 clients on 2 cores, 128 MiB took the compaction thread from ~1.3 µs to nothing per op in
     * 30-second windows, and the server's user CPU per op from 14.2 to 13.3 µs (benchmarks/README.md). The memory
     * is taken only as a family is written: the op log and the author index, under load.
     */
    private static final long WRITE_BUFFER_BYTES = 128L << 20;
    private final RocksStoreSettings settings;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions familyOptions;
    private final ColumnFamilyOptions hintedFamilyOptions;
    private final RocksDB db;
    /** Default family first, then {@link #FAMILIES} in order. */
    private final List<ColumnFamilyHandle> handles;
    private final ColumnFamilyHandle ops;
    private final ColumnFamilyHandle snapshots;
    private final ColumnFamilyHandle authors;
    private final ColumnFamilyHandle heads;
    private final ColumnFamilyHandle labelFamily;
    private final ColumnFamilyHandle recordFamily;
    private final RecordStore records = new Records();
    /** Label changes read before they write (a name must be free); they are rare, so one lock serves all. */
    private final Object labelLock = new Object();
    /** Compactions read before they write too; they are rarer still. */
    private final Object foldLock = new Object();
    private final WriteOptions syncWrites;
    private final HeadCache headCache;
    /** Synced batch writes: the group committer's, and compaction's own. */
    private final GroupCommitter.BatchWriter disk;
    private final GroupCommitter committer;
    /** Reads hold the read lock, close takes the write lock: closing the DB under a running read would crash the JVM. */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    /** Opens (or creates) the store in {@code folder} with default settings. */
    public static RocksDocumentStore open(Path folder) {
        return open(folder, RocksStoreSettings.defaults());
    }

    public static RocksDocumentStore open(Path folder, RocksStoreSettings settings) {
        return open(folder, settings, UnaryOperator.identity());
    }

    /** Opens the store with its disk writes passed through {@code wrap}: for tests of failing writes. */
    static RocksDocumentStore open(Path folder, RocksStoreSettings settings, UnaryOperator<GroupCommitter.BatchWriter> wrap) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + folder, e);
        }
        return new RocksDocumentStore(folder, settings, wrap);
    }

    private RocksDocumentStore(Path folder, RocksStoreSettings settings, UnaryOperator<GroupCommitter.BatchWriter> wrap) {
        this.folder = folder;
        this.settings = settings;
        dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setKeepLogFileNum(5);
        familyOptions = new ColumnFamilyOptions().setWriteBufferSize(WRITE_BUFFER_BYTES);
        hintedFamilyOptions = hintedFamilyOptions();
        List<String> oldFamilies = LayoutUpgrade.oldFamilies(folder);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions));
        FAMILIES.forEach(name -> descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8),
                HINTED.contains(name) ? hintedFamilyOptions : familyOptions)));
        oldFamilies.forEach(name -> descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), familyOptions)));
        List<ColumnFamilyHandle> opened = new ArrayList<>();
        try {
            db = RocksDB.open(dbOptions, folder.toString(), descriptors, opened);
        } catch (RocksDBException e) {
            familyOptions.close();
            hintedFamilyOptions.close();
            dbOptions.close();
            throw new StoreException("cannot open the store in " + folder + ": " + e.getMessage(), e);
        }
        handles = List.copyOf(opened.subList(0, 1 + FAMILIES.size()));
        ops = handles.get(1);
        snapshots = handles.get(2);
        authors = handles.get(3);
        heads = handles.get(4);
        labelFamily = handles.get(5);
        recordFamily = handles.get(6);
        syncWrites = new WriteOptions().setSync(true);
        headCache = new HeadCache(key -> read(() -> storedHead(key)), settings.maxCachedHeads());
        disk = wrap.apply(batch -> db.write(syncWrites, batch));
        committer = new GroupCommitter(disk, headCache,
                settings.maxBatchOps(), settings.maxBatchBytes(), settings.maxQueuedCommits());
        upgrade(oldFamilies, opened.subList(handles.size(), opened.size()));
    }

    /**
     * Options of the families written on every op: the memtable keeps, per 4-byte hint, where it inserted last,
     * and inserts the next key of that hint from there. Set through RocksDB's option names, as RocksJava has no
     * setter for this one.
     */
    private static ColumnFamilyOptions hintedFamilyOptions() {
        Properties properties = new Properties();
        properties.setProperty("memtable_insert_with_hint_prefix_extractor", "rocksdb.FixedPrefix." + KeyCodec.HINT_BYTES);
        ColumnFamilyOptions options = ColumnFamilyOptions.getColumnFamilyOptionsFromProps(properties);
        if (options == null) {
            throw new StoreException("RocksDB refused the memtable insert hint option");
        }
        return options.setWriteBufferSize(WRITE_BUFFER_BYTES);
    }

    /** Moves the entries of the old layout's families (opened as {@code oldHandles}) into their successors. */
    private void upgrade(List<String> oldFamilies, List<ColumnFamilyHandle> oldHandles) {
        try {
            for (int i = 0; i < oldFamilies.size(); i++) {
                String name = oldFamilies.get(i);
                String into = LayoutUpgrade.REPLACED.get(name);
                long moved = LayoutUpgrade.moveWithHints(db, oldHandles.get(i), handles.get(1 + FAMILIES.indexOf(into)));
                log.atInfo().setMessage("store layout upgraded").addKeyValue("folder", folder).addKeyValue("family", name)
                        .addKeyValue("into", into).addKeyValue("entries", moved).log();
            }
        } catch (RocksDBException | RuntimeException e) {
            // Handles go before their DB. A family is dropped only once its copy is synced: the next open finishes.
            oldHandles.forEach(ColumnFamilyHandle::close);
            close();
            throw new StoreException("cannot upgrade the store layout in " + folder + ": " + e.getMessage(), e);
        }
        oldHandles.forEach(ColumnFamilyHandle::close);
    }

    @Override
    public CompletableFuture<Void> append(DocKey key, List<StoredOp> newOps, List<Snapshot> newSnapshots) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(newOps, "ops");
        Objects.requireNonNull(newSnapshots, "snapshots");
        try {
            CommitRules.checkShape(key, newOps, newSnapshots);
            if (newOps.isEmpty() && newSnapshots.isEmpty()) {
                return read(() -> CompletableFuture.completedFuture(null));
            }
            // Encoding needs no head: do it before taking the document's lock.
            byte[] doc = KeyCodec.docPrefix(key);
            List<GroupCommitter.Put> puts = encode(doc, newOps, newSnapshots);
            while (true) {
                HeadCache.Entry entry = headCache.entry(key);
                synchronized (entry) {
                    if (entry.isRetired()) {
                        continue;
                    }
                    Head after = CommitRules.advance(key, entry.head(), newOps, newSnapshots);
                    // The head record goes with snapshots only (see storedHead): a third key per op in the
                    // memtable was a tenth of the store's CPU under load.
                    if (after != null && !newSnapshots.isEmpty()) {
                        puts.add(new GroupCommitter.Put(heads, doc, ValueCodec.head(after)));
                    }
                    GroupCommitter.Commit commit = new GroupCommitter.Commit(entry, puts, newOps.size());
                    committer.submit(commit);
                    entry.queued(after);
                    return commit.future;
                }
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private List<GroupCommitter.Put> encode(byte[] doc, List<StoredOp> newOps, List<Snapshot> newSnapshots) {
        List<GroupCommitter.Put> puts = new ArrayList<>(2 * newOps.size() + newSnapshots.size() + 1);
        byte[] empty = new byte[0];
        byte[] opLog = KeyCodec.opLogPrefix(doc);
        for (StoredOp op : newOps) {
            puts.add(new GroupCommitter.Put(ops, KeyCodec.versionKey(opLog, op.version()), ValueCodec.op(op)));
            byte[] author = KeyCodec.authorPrefix(doc, op.author());
            puts.add(new GroupCommitter.Put(authors, KeyCodec.authorKey(author, op.version()), empty));
        }
        for (Snapshot snapshot : newSnapshots) {
            puts.add(new GroupCommitter.Put(snapshots, KeyCodec.versionKey(doc, snapshot.version()), ValueCodec.snapshot(snapshot)));
        }
        return puts;
    }

    @Override
    public Compaction fold(DocKey key, List<StoredOp> folds) {
        Objects.requireNonNull(key, "key");
        FoldRules.checkShape(key, folds);
        if (folds.isEmpty()) {
            return Compaction.NONE;
        }
        byte[] doc = KeyCodec.docPrefix(key);
        return read(() -> {
            // Two compactions of one document must not both check the same old entries and then both write.
            synchronized (foldLock) {
                Head head = storedHead(key);
                long[] sizes = new long[5];
                try (WriteBatch batch = new WriteBatch()) {
                    for (StoredOp fold : folds) {
                        addFold(batch, doc, key, fold, head, sizes);
                    }
                    disk.write(batch);
                } catch (RocksDBException e) {
                    throw new StoreException("cannot store the folds of " + key + ": " + e.getMessage(), e);
                }
                return new Compaction(sizes[0], sizes[1], sizes[2], sizes[3], sizes[4]);
            }
        });
    }

    /** Adds one fold's deletes and puts to {@code batch}; sizes: entries, folds, keys removed, bytes before, after. */
    private void addFold(WriteBatch batch, byte[] doc, DocKey key, StoredOp fold, Head head, long[] sizes)
            throws RocksDBException {
        byte[] opLog = KeyCodec.opLogPrefix(doc);
        byte[] from = KeyCodec.versionKey(opLog, fold.firstVersion());
        byte[] to = KeyCodec.versionKey(opLog, fold.version() + 1);
        List<byte[][]> stored = scan(ops, from, to, Integer.MAX_VALUE, (k, v) -> new byte[][] {k, v});
        List<StoredOp> entries = new ArrayList<>(stored.size());
        for (byte[][] kv : stored) {
            entries.add(ValueCodec.op(key, KeyCodec.version(kv[0]), kv[1]));
        }
        FoldRules.checkReplaces(fold, entries, head);
        byte[] author = KeyCodec.authorPrefix(doc, fold.author());
        for (byte[][] kv : stored) {
            long version = KeyCodec.version(kv[0]);
            sizes[3] += kv[0].length + kv[1].length;
            if (version != fold.version()) {
                batch.delete(ops, kv[0]);
                byte[] authorKey = KeyCodec.authorKey(author, version);
                batch.delete(authors, authorKey);
                sizes[2] += 2;
                sizes[3] += authorKey.length;
            }
        }
        byte[] value = ValueCodec.op(fold);
        byte[] foldKey = KeyCodec.versionKey(opLog, fold.version());
        batch.put(ops, foldKey, value);
        sizes[4] += foldKey.length + value.length;
        for (byte[][] kv : scan(snapshots, KeyCodec.versionKey(doc, fold.firstVersion() + 1),
                KeyCodec.versionKey(doc, fold.version() + 1), Integer.MAX_VALUE,
                (k, v) -> new byte[][] {k, v})) {
            batch.delete(snapshots, kv[0]);
            sizes[2]++;
            sizes[3] += kv[0].length + kv[1].length;
        }
        sizes[0] += entries.size();
        sizes[1]++;
    }

    @Override
    public Optional<Head> head(DocKey key) {
        Objects.requireNonNull(key, "key");
        return read(() -> Optional.ofNullable(storedHead(key)));
    }

    /**
     * The head record as last written with a snapshot, rolled forward over the op log's entries after it: the log
     * is the truth, and the record only saves reading it from the start. At most the ops between two snapshots
     * (plus one commit) are read, once per document opened.
     */
    private Head storedHead(DocKey key) {
        byte[] doc = KeyCodec.docPrefix(key);
        Head recorded;
        try {
            byte[] value = db.get(heads, doc);
            recorded = value == null ? null : ValueCodec.head(key, value);
        } catch (RocksDBException e) {
            throw new StoreException("cannot read the head of " + key + ": " + e.getMessage(), e);
        }
        byte[] opLog = KeyCodec.opLogPrefix(doc);
        List<StoredOp> later = scan(ops, KeyCodec.versionKey(opLog, recorded == null ? 0 : recorded.version()),
                KeyCodec.prefixEnd(opLog), Integer.MAX_VALUE, (k, v) -> ValueCodec.op(key, KeyCodec.version(k), v));
        Head head = recorded;
        for (StoredOp op : later) {
            // A fold entry is keyed by the last version it covers; creates and deletes are never folded.
            boolean exists = switch (op.kind()) {
                case CREATE -> true;
                case DELETE -> false;
                case EDIT -> head != null && head.exists();
            };
            long createdAt = op.kind() == StoredOp.Kind.CREATE ? op.timestamp() : head == null ? 0 : head.createdAt();
            head = new Head(op.version() + 1, exists, createdAt, op.timestamp());
        }
        return head;
    }

    @Override
    public List<StoredOp> ops(DocKey key, long from, long to) {
        Objects.requireNonNull(key, "key");
        checkNotNegative("from", from);
        if (to <= from) {
            return read(List::of);
        }
        byte[] opLog = KeyCodec.opLogPrefix(KeyCodec.docPrefix(key));
        return read(() -> scan(ops, KeyCodec.versionKey(opLog, from), KeyCodec.versionKey(opLog, to), Integer.MAX_VALUE,
                (k, v) -> ValueCodec.op(key, KeyCodec.version(k), v)));
    }

    @Override
    public Optional<Snapshot> snapshotAtOrBefore(DocKey key, long version) {
        Objects.requireNonNull(key, "key");
        if (version < 0) {
            return read(Optional::empty);
        }
        byte[] doc = KeyCodec.docPrefix(key);
        return read(() -> {
            // The lower bound keeps seekForPrev from stepping back into the previous document's snapshots.
            try (Slice lower = new Slice(KeyCodec.versionKey(doc, 0));
                 ReadOptions options = new ReadOptions().setIterateLowerBound(lower);
                 RocksIterator it = db.newIterator(snapshots, options)) {
                it.seekForPrev(KeyCodec.versionKey(doc, version));
                if (!it.isValid()) {
                    checkStatus(it);
                    return Optional.empty();
                }
                return Optional.of(ValueCodec.snapshot(key, it.value()));
            }
        });
    }

    @Override
    public List<StoredOp> opsByAuthor(DocKey key, String author, long from, int limit) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(author, "author");
        checkNotNegative("from", from);
        checkNotNegative("limit", limit);
        if (limit == 0) {
            return read(List::of);
        }
        byte[] doc = KeyCodec.docPrefix(key);
        byte[] opLog = KeyCodec.opLogPrefix(doc);
        byte[] prefix = KeyCodec.authorPrefix(doc, author);
        return read(() -> {
            List<byte[]> opKeys = scan(authors, KeyCodec.authorKey(prefix, from), KeyCodec.prefixEnd(prefix), limit,
                    (k, v) -> KeyCodec.versionKey(opLog, KeyCodec.version(k)));
            if (opKeys.isEmpty()) {
                return List.of();
            }
            List<byte[]> values;
            try {
                values = db.multiGetAsList(Collections.nCopies(opKeys.size(), ops), opKeys);
            } catch (RocksDBException e) {
                throw new StoreException("cannot read the ops of " + author + " in " + key + ": " + e.getMessage(), e);
            }
            List<StoredOp> out = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                long version = KeyCodec.version(opKeys.get(i));
                if (values.get(i) == null) {
                    throw new IllegalStateException("the author index of " + key + " names version " + version
                            + ", which has no op");
                }
                out.add(ValueCodec.op(key, version, values.get(i)));
            }
            return out;
        });
    }

    @Override
    public List<Label> labels(DocKey key) {
        Objects.requireNonNull(key, "key");
        byte[] doc = KeyCodec.docPrefix(key);
        return read(() -> scan(labelFamily, doc, KeyCodec.prefixEnd(doc), Integer.MAX_VALUE,
                (k, v) -> ValueCodec.label(key, KeyCodec.labelName(doc, k), v)));
    }

    @Override
    public Optional<Label> label(DocKey key, String name) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        return read(() -> Optional.ofNullable(storedLabel(key, name)));
    }

    @Override
    public boolean createLabel(DocKey key, Label label) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(label, "label");
        return read(() -> {
            synchronized (labelLock) {
                if (storedLabel(key, label.name()) != null) {
                    return false;
                }
                writeLabels(key, batch -> batch.put(labelFamily, KeyCodec.labelKey(KeyCodec.docPrefix(key), label.name()),
                        ValueCodec.label(label)));
                return true;
            }
        });
    }

    @Override
    public LabelRename renameLabel(DocKey key, String from, String to) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return read(() -> {
            synchronized (labelLock) {
                Label label = storedLabel(key, from);
                if (label == null) {
                    return LabelRename.NO_SUCH_LABEL;
                }
                if (from.equals(to)) {
                    return LabelRename.RENAMED;
                }
                if (storedLabel(key, to) != null) {
                    return LabelRename.NAME_TAKEN;
                }
                byte[] doc = KeyCodec.docPrefix(key);
                writeLabels(key, batch -> {
                    batch.delete(labelFamily, KeyCodec.labelKey(doc, from));
                    batch.put(labelFamily, KeyCodec.labelKey(doc, to), ValueCodec.label(label.renamed(to)));
                });
                return LabelRename.RENAMED;
            }
        });
    }

    @Override
    public boolean deleteLabel(DocKey key, String name) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        return read(() -> {
            synchronized (labelLock) {
                if (storedLabel(key, name) == null) {
                    return false;
                }
                writeLabels(key, batch -> batch.delete(labelFamily, KeyCodec.labelKey(KeyCodec.docPrefix(key), name)));
                return true;
            }
        });
    }

    private Label storedLabel(DocKey key, String name) {
        try {
            byte[] value = db.get(labelFamily, KeyCodec.labelKey(KeyCodec.docPrefix(key), name));
            return value == null ? null : ValueCodec.label(key, name, value);
        } catch (RocksDBException e) {
            throw new StoreException("cannot read label " + name + " of " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public RecordStore records() {
        return records;
    }

    /** Records skip the group committer: they change rarely, and each change is one synced write of its own. */
    private final class Records implements RecordStore {
        @Override
        public void put(String key, byte[] value) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            read(() -> {
                writeRecords(batch -> batch.put(recordFamily, k, value));
                return null;
            });
        }

        @Override
        public void delete(String key) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            read(() -> {
                writeRecords(batch -> batch.delete(recordFamily, k));
                return null;
            });
        }

        @Override
        public java.util.Map<String, byte[]> scan(String prefix) {
            byte[] lower = prefix.getBytes(StandardCharsets.UTF_8);
            // UTF-8 never has a 0xFF byte, so it bounds the empty prefix.
            byte[] upper = lower.length == 0 ? new byte[] {(byte) 0xFF} : KeyCodec.prefixEnd(lower);
            return read(() -> {
                java.util.Map<String, byte[]> out = new java.util.LinkedHashMap<>();
                RocksDocumentStore.this.scan(recordFamily, lower, upper, Integer.MAX_VALUE, (key, value) -> {
                    out.put(new String(key, StandardCharsets.UTF_8), value);
                    return null;
                });
                return out;
            });
        }

        private void writeRecords(BatchFiller filler) {
            try (WriteBatch batch = new WriteBatch()) {
                filler.fill(batch);
                db.write(syncWrites, batch);
            } catch (RocksDBException e) {
                throw new StoreException("cannot store a record: " + e.getMessage(), e);
            }
        }
    }

    private interface BatchFiller {
        void fill(WriteBatch batch) throws RocksDBException;
    }

    /** One synced write: labels are few, so they skip the group committer. */
    private void writeLabels(DocKey key, BatchFiller filler) {
        try (WriteBatch batch = new WriteBatch()) {
            filler.fill(batch);
            db.write(syncWrites, batch);
        } catch (RocksDBException e) {
            throw new StoreException("cannot store the labels of " + key + ": " + e.getMessage(), e);
        }
    }

    /** Up to {@code limit} entries with {@code lower <= key < upper}, in key order. */
    private <T> List<T> scan(ColumnFamilyHandle family, byte[] lower, byte[] upper, int limit,
                             BiFunction<byte[], byte[], T> decode) {
        List<T> out = new ArrayList<>();
        // The bounds let RocksDB stop at the end of the range instead of reading into the next document.
        try (Slice lowerSlice = new Slice(lower);
             Slice upperSlice = new Slice(upper);
             ReadOptions options = new ReadOptions().setIterateLowerBound(lowerSlice).setIterateUpperBound(upperSlice);
             RocksIterator it = db.newIterator(family, options)) {
            for (it.seek(lower); it.isValid() && out.size() < limit; it.next()) {
                out.add(decode.apply(it.key(), it.value()));
            }
            checkStatus(it);
        }
        return out;
    }

    private static void checkStatus(RocksIterator it) {
        try {
            it.status();
        } catch (RocksDBException e) {
            throw new StoreException("read failed: " + e.getMessage(), e);
        }
    }

    private static void checkNotNegative(String what, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, got " + value);
        }
    }

    private <T> T read(Supplier<T> action) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the store in " + folder + " is closed");
            }
            return action.get();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Writes a consistent copy of the whole database, every column family, into {@code target} (which must not
     * exist; its parent must) while writes go on: files are hard-linked where {@code target} is on the same file
     * system, copied otherwise. Every commit acknowledged before the call is in it. Returns the database's last
     * sequence number seen before the copy began, so at least everything up to it is in the copy.
     */
    public long checkpoint(Path target) {
        Objects.requireNonNull(target, "target");
        return read(() -> {
            long sequence = db.getLatestSequenceNumber();
            try (Checkpoint checkpoint = Checkpoint.create(db)) {
                checkpoint.createCheckpoint(target.toString());
            } catch (RocksDBException e) {
                throw new StoreException("cannot write a checkpoint of " + folder + " to " + target + ": " + e.getMessage(), e);
            }
            return sequence;
        });
    }

    /** Counts of synced writes, and of the commits and ops they carried, since the store was opened. */
    public WriteStats writeStats() {
        return new WriteStats(committer.writes(), committer.commits(), committer.ops());
    }

    /** @param writes synced RocksDB writes; {@code commits / writes} is the average group size */
    public record WriteStats(long writes, long commits, long ops) {
    }

    /** Hears each batch written: how long the synced write took, and how many ops it held. On the writer thread. */
    public interface WriteListener {
        WriteListener NONE = (nanos, ops) -> { };

        void written(long nanos, int ops);
    }

    /** {@code listener} hears every batch write from now on (for the store's meters). */
    public void onBatchWritten(WriteListener listener) {
        committer.writeListener(listener);
    }

    /**
     * A RocksDB integer property ({@code rocksdb.estimate-num-keys}, ...) summed over Quire's column families,
     * or -1 once the store is closed or if RocksDB does not know it. For gauges; does not block on writes.
     */
    public long longProperty(String name) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                return -1;
            }
            long sum = 0;
            for (ColumnFamilyHandle handle : handles) {
                sum += db.getLongProperty(handle, name);
            }
            return sum;
        } catch (RocksDBException e) {
            return -1;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Stops accepting commits, writes and acknowledges those already queued, waits for running reads, flushes
     * the memtables, then releases the native handles: column families before the DB, options last.
     */
    @Override
    public void close() {
        // Outside the lock: the writer needs none to finish the queued commits, and appends that are still
        // loading a head (under the read lock) must not wait for us.
        committer.close();
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (settings.flushOnClose()) {
                try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                    db.flush(flush, handles.subList(1, handles.size()));
                } catch (RocksDBException e) {
                    // Not fatal: everything is in the synced WAL, and the next open replays it.
                    log.warn("flush on close of {} failed: {}", folder, e.getMessage());
                }
            }
            handles.forEach(ColumnFamilyHandle::close);
            try {
                db.closeE();
            } catch (RocksDBException e) {
                log.warn("closing the store in {} reported: {}", folder, e.getMessage());
            }
            syncWrites.close();
            familyOptions.close();
            hintedFamilyOptions.close();
            dbOptions.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
