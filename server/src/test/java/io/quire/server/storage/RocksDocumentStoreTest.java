package io.quire.server.storage;

import io.quire.ot.Delta;
import io.quire.server.storage.DocumentStore.Head;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract on RocksDB, and what only a durable store can show: reopening, WAL recovery, a killed process. */
class RocksDocumentStoreTest extends DocumentStoreContract {
    @TempDir
    Path temp;

    private Path folder() {
        return temp.resolve("db");
    }

    @Override
    protected DocumentStore createStore() {
        return RocksDocumentStore.open(folder());
    }

    @Test
    void recordsSurviveReopening() {
        store.records().put("book/b1", "{\"title\":\"Été\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        store.close();
        store = RocksDocumentStore.open(folder());
        assertThat(new String(store.records().scan("book/").get("book/b1"), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"title\":\"Été\"}");
    }

    @Test
    void reopeningTheFolderFindsEverything() {
        append(DOC, ops(DOC, 0, 5, "alice"), snapshot(DOC, 5));
        append(OTHER, ops(OTHER, 0, 2, "bob"));
        Head head = store.head(DOC).orElseThrow();
        store.close();

        store = RocksDocumentStore.open(folder());
        assertThat(store.head(DOC)).contains(head);
        assertThat(store.ops(DOC, 0, 100)).isEqualTo(ops(DOC, 0, 5, "alice"));
        assertThat(store.snapshotAtOrBefore(DOC, 100)).contains(snapshot(DOC, 5));
        assertThat(versions(store.opsByAuthor(OTHER, "bob", 0, 10))).containsExactly(0L, 1L);

        // The head is loaded from disk on first use: the next commit must continue from it.
        assertRefused(store.append(DOC, ops(DOC, 0, 1, "alice"), List.of()), "expected: 5");
        append(DOC, ops(DOC, 5, 6, "alice"));
        assertThat(store.head(DOC).map(Head::version)).contains(6L);
    }

    @Test
    void aStoreOfTheLayoutBeforeHintsIsUpgradedWhenOpened() throws RocksDBException {
        upgradeKeepsEverything(false);
    }

    @Test
    void anUpgradeCutShortIsDoneAgainOnTheNextOpen() throws RocksDBException {
        upgradeKeepsEverything(true);
    }

    /**
     * Writes through the store, rewrites the folder into the layout before hints (optionally leaving part of the
     * new families behind, as a crash in the middle of an upgrade would), and checks the reopened store.
     */
    private void upgradeKeepsEverything(boolean interrupted) throws RocksDBException {
        append(DOC, ops(DOC, 0, 5, "alice"), snapshot(DOC, 5));
        append(DOC, ops(DOC, 5, 8, "bob"));
        append(OTHER, ops(OTHER, 0, 2, "bob"));
        Head head = store.head(DOC).orElseThrow();
        store.close();
        toLayoutBeforeHints(folder(), interrupted);

        store = RocksDocumentStore.open(folder());
        assertThat(store.head(DOC)).contains(head);
        assertThat(store.ops(DOC, 0, 100)).isEqualTo(Stream.concat(ops(DOC, 0, 5, "alice").stream(),
                ops(DOC, 5, 8, "bob").stream()).toList());
        assertThat(versions(store.opsByAuthor(DOC, "bob", 0, 10))).containsExactly(5L, 6L, 7L);
        assertThat(versions(store.opsByAuthor(OTHER, "bob", 0, 10))).containsExactly(0L, 1L);
        assertThat(store.snapshotAtOrBefore(DOC, 100)).contains(snapshot(DOC, 5));
        append(DOC, ops(DOC, 8, 9, "alice"));
        store.close();
        assertThat(familyNames(folder())).doesNotContain("ops", "authors").contains("op-log", "author-index");

        store = RocksDocumentStore.open(folder());
        assertThat(versions(store.opsByAuthor(DOC, "alice", 0, 10))).containsExactly(0L, 1L, 2L, 3L, 4L, 8L);
        assertThat(store.head(DOC).map(Head::version)).contains(9L);
    }

    @Test
    void anUpgradeThatCannotReadAnOldKeyRefusesToOpenAndKeepsTheOldFamily() throws RocksDBException {
        append(DOC, ops(DOC, 0, 3, "alice"));
        store.close();
        toLayoutBeforeHints(folder(), false);
        putInto(folder(), "ops", new byte[] {1, 2, 3}, new byte[] {4}); // shorter than any versioned key

        // Twice: the first attempt must have released the folder (a lock left behind would fail the second
        // attempt differently).
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> RocksDocumentStore.open(folder())).isInstanceOf(StoreException.class)
                    .hasMessageContaining("cannot upgrade");
        }
        // The family that could not be copied is kept; the other may have been moved (and synced) before it.
        assertThat(familyNames(folder())).contains("ops");
    }

    /** Puts one entry into a family of the closed store in {@code folder}. */
    private static void putInto(Path folder, String family, byte[] key, byte[] value) throws RocksDBException {
        withEveryFamily(folder, (db, families, options) -> db.put(families.get(family), key, value));
    }

    private static List<String> familyNames(Path folder) throws RocksDBException {
        try (Options options = new Options()) {
            return RocksDB.listColumnFamilies(options, folder.toString()).stream()
                    .map(n -> new String(n, StandardCharsets.UTF_8)).toList();
        }
    }

    /**
     * Moves the op log and the author index back to the families and keys they had before hints: {@code ops}
     * and {@code authors}, keyed without the first four bytes. With {@code partly}, the new families stay with
     * every other entry, as if an upgrade had stopped half way.
     */
    private static void toLayoutBeforeHints(Path folder, boolean partly) throws RocksDBException {
        withEveryFamily(folder, (db, families, options) -> {
            for (Map.Entry<String, String> moved : Map.of("op-log", "ops", "author-index", "authors").entrySet()) {
                ColumnFamilyHandle from = families.get(moved.getKey());
                int entries = 0;
                try (ColumnFamilyHandle to = db.createColumnFamily(
                        new ColumnFamilyDescriptor(moved.getValue().getBytes(StandardCharsets.UTF_8), options));
                     RocksIterator it = db.newIterator(from)) {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        byte[] key = it.key();
                        db.put(to, Arrays.copyOfRange(key, KeyCodec.HINT_BYTES, key.length), it.value());
                        if (partly && entries % 2 == 0) {
                            db.delete(from, key);
                        }
                        entries++;
                    }
                }
                assertThat(entries).as("entries in %s", moved.getKey()).isPositive();
                if (!partly) {
                    db.dropColumnFamily(from);
                }
            }
        });
    }

    /** Opens the closed store in {@code folder} as a bare RocksDB with every family, by name, for {@code action}. */
    private static void withEveryFamily(Path folder, RawAction action) throws RocksDBException {
        List<String> names = familyNames(folder);
        try (ColumnFamilyOptions options = new ColumnFamilyOptions(); DBOptions dbOptions = new DBOptions()) {
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            names.forEach(n -> descriptors.add(new ColumnFamilyDescriptor(n.getBytes(StandardCharsets.UTF_8), options)));
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            try (RocksDB db = RocksDB.open(dbOptions, folder.toString(), descriptors, handles)) {
                Map<String, ColumnFamilyHandle> families = new HashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    families.put(names.get(i), handles.get(i));
                }
                try {
                    action.run(db, families, options);
                } finally {
                    handles.forEach(ColumnFamilyHandle::close);
                }
            }
        }
    }

    @FunctionalInterface
    private interface RawAction {
        void run(RocksDB db, Map<String, ColumnFamilyHandle> families, ColumnFamilyOptions options) throws RocksDBException;
    }

    @Test
    void theHeadIsRolledForwardOverTheOpsAfterTheLastSnapshot() {
        append(DOC, ops(DOC, 0, 4, "alice"), snapshot(DOC, 4));
        append(DOC, ops(DOC, 4, 7, "alice"));
        append(DOC, List.of(new StoredOp(DOC, 7, "src-bob", 1, StoredOp.Kind.DELETE, null, "bob", T0 + 70)));
        Head deleted = store.head(DOC).orElseThrow();
        append(DOC, List.of(new StoredOp(DOC, 8, "src-bob", 2, StoredOp.Kind.CREATE, Delta.ofText("again\n"), "bob",
                T0 + 80)));
        append(DOC, List.of(op(DOC, 9, "bob")));
        Head head = store.head(DOC).orElseThrow();
        assertThat(deleted.exists()).isFalse();
        assertThat(head).isEqualTo(new Head(10, true, T0 + 80, T0 + 9));
        // A document whose ops never came with a snapshot has no head record at all.
        append(OTHER, ops(OTHER, 0, 3, "bob"));
        Head other = store.head(OTHER).orElseThrow();
        store.close();

        store = RocksDocumentStore.open(folder());
        assertThat(store.head(DOC)).contains(head);
        assertThat(store.head(OTHER)).contains(other);
        assertThat(store.head(new DocKey("books", "none"))).isEmpty();
        append(DOC, ops(DOC, 10, 12, "alice"), snapshot(DOC, 12));
        store.close();
        store = RocksDocumentStore.open(folder());
        assertThat(store.head(DOC).map(Head::version)).contains(12L);
    }

    @Test
    void acknowledgedCommitsAreRecoveredFromTheWalAlone() throws IOException {
        store.close();
        store = RocksDocumentStore.open(folder(), RocksStoreSettings.defaults().withFlushOnClose(false));
        append(DOC, ops(DOC, 0, 3, "alice"), snapshot(DOC, 3));
        store.close();
        // Nothing was flushed to a table file: only the synced WAL holds the commit.
        try (Stream<Path> files = Files.list(folder())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".sst"));
        }

        store = RocksDocumentStore.open(folder());
        assertThat(store.ops(DOC, 0, 100)).isEqualTo(ops(DOC, 0, 3, "alice"));
        assertThat(store.snapshotAtOrBefore(DOC, 3)).contains(snapshot(DOC, 3));
        assertThat(store.head(DOC).map(Head::version)).contains(3L);
    }

    @Test
    void concurrentCommitsShareSyncedWrites() {
        RocksDocumentStore rocks = (RocksDocumentStore) store;
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (long v = 0; v < 20; v++) {
            for (int d = 0; d < 25; d++) {
                DocKey key = new DocKey("group", "d" + d);
                futures.add(store.append(key, List.of(op(key, v, "a")), List.of()));
            }
        }
        futures.forEach(DocumentStoreContract::await);
        RocksDocumentStore.WriteStats stats = rocks.writeStats();
        assertThat(stats.commits()).isEqualTo(500);
        assertThat(stats.ops()).isEqualTo(500);
        // 500 commits queued at once cannot each have had a write of their own.
        assertThat(stats.writes()).isLessThan(stats.commits());
    }

    @Test
    void batchesStayWithinTheirLimitButALargerCommitIsStillWritten() {
        store.close();
        store = RocksDocumentStore.open(folder(), new RocksStoreSettings(10, 4L << 20, 1000, 1000, true));
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (long v = 0; v < 100; v++) {
            futures.add(store.append(DOC, List.of(op(DOC, v, "a")), List.of()));
        }
        futures.add(store.append(OTHER, ops(OTHER, 0, 25, "a"), List.of()));
        futures.forEach(DocumentStoreContract::await);

        RocksDocumentStore.WriteStats stats = ((RocksDocumentStore) store).writeStats();
        assertThat(stats.ops()).isEqualTo(125);
        assertThat(stats.writes()).isGreaterThanOrEqualTo(11); // 100 single ops at <= 10 per write, plus the big one
        assertThat(store.head(OTHER).map(Head::version)).contains(25L);
    }

    @Test
    void idleHeadsAreEvictedAndReloadedCorrectly() {
        store.close();
        store = RocksDocumentStore.open(folder(), new RocksStoreSettings(10_000, 4L << 20, 1000, 4, true));
        for (int round = 0; round < 3; round++) {
            for (int d = 0; d < 20; d++) {
                DocKey key = new DocKey("evict", "d" + d);
                append(key, List.of(op(key, round, "a")));
            }
        }
        for (int d = 0; d < 20; d++) {
            DocKey key = new DocKey("evict", "d" + d);
            assertThat(store.head(key).map(Head::version)).contains(3L);
            assertRefused(store.append(key, List.of(op(key, 2, "a")), List.of()), "expected: 3");
        }
    }

    @Test
    void failedWriteFailsItsBatchAndTheCommitsQueuedBehindIt() throws Exception {
        store.close();
        StallingDisk disk = new StallingDisk(true);
        store = RocksDocumentStore.open(folder(), RocksStoreSettings.defaults(), disk);
        append(DOC, ops(DOC, 0, 2, "a"));

        disk.arm();
        CompletableFuture<Void> failing = store.append(DOC, ops(DOC, 2, 3, "a"), List.of());
        disk.awaitStalled();
        // Both were checked against head 3, which the failing write never makes.
        CompletableFuture<Void> behind = store.append(DOC, ops(DOC, 3, 4, "a"), List.of());
        CompletableFuture<Void> unrelated = store.append(OTHER, ops(OTHER, 0, 1, "a"), List.of());
        disk.release();

        assertThat(failing).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(StoreException.class).withMessageContaining("injected");
        assertThat(behind).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(StoreException.class).withMessageContaining("earlier commit");
        await(unrelated);
        assertThat(store.head(DOC).map(Head::version)).contains(2L);
        assertThat(versions(store.ops(DOC, 0, 100))).containsExactly(0L, 1L);

        // The cached head was dropped: the document continues from what the disk has.
        assertRefused(store.append(DOC, ops(DOC, 4, 5, "a"), List.of()), "expected: 2");
        append(DOC, ops(DOC, 2, 4, "a"));
        assertThat(store.ops(DOC, 0, 100)).isEqualTo(ops(DOC, 0, 4, "a"));
    }

    @Test
    void failedFoldWriteLeavesTheEntriesItWouldHaveReplaced() throws Exception {
        store.close();
        StallingDisk disk = new StallingDisk(true);
        store = RocksDocumentStore.open(folder(), RocksStoreSettings.defaults(), disk);
        append(DOC, ops(DOC, 0, 8, "a"), snapshot(DOC, 3));
        List<StoredOp> before = store.ops(DOC, 0, 100);

        disk.release();
        disk.arm();
        assertThatThrownBy(() -> store.fold(DOC, List.of(fold(DOC, 1, 3, "a"), fold(DOC, 4, 6, "a"))))
                .isInstanceOf(StoreException.class).hasMessageContaining("injected");

        assertThat(store.ops(DOC, 0, 100)).isEqualTo(before);
        assertThat(store.snapshotAtOrBefore(DOC, 3)).contains(snapshot(DOC, 3));
        store.close();
        store = RocksDocumentStore.open(folder());
        assertThat(store.ops(DOC, 0, 100)).isEqualTo(before);
        assertThat(versions(store.opsByAuthor(DOC, "a", 0, 100))).hasSize(8);
    }

    @Test
    void fullQueueRefusesACommitWithoutMovingTheHead() throws Exception {
        store.close();
        StallingDisk disk = new StallingDisk(false);
        store = RocksDocumentStore.open(folder(), new RocksStoreSettings(10_000, 4L << 20, 2, 1000, true), disk);

        disk.arm();
        List<CompletableFuture<Void>> accepted = new ArrayList<>();
        accepted.add(store.append(DOC, ops(DOC, 0, 1, "a"), List.of()));
        disk.awaitStalled(); // the writer holds the first; two more fit in the queue
        accepted.add(store.append(DOC, ops(DOC, 1, 2, "a"), List.of()));
        accepted.add(store.append(DOC, ops(DOC, 2, 3, "a"), List.of()));
        CompletableFuture<Void> refused = store.append(DOC, ops(DOC, 3, 4, "a"), List.of());
        disk.release();

        assertThat(refused).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(RejectedExecutionException.class);
        accepted.forEach(DocumentStoreContract::await);
        append(DOC, ops(DOC, 3, 4, "a"));
        assertThat(store.head(DOC).map(Head::version)).contains(4L);
    }

    /** Passes writes to the disk until armed; the next write then waits for {@link #release()}, and fails if asked. */
    private static final class StallingDisk implements UnaryOperator<GroupCommitter.BatchWriter> {
        private final boolean fail;
        private final CountDownLatch stalled = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile boolean armed;

        StallingDisk(boolean fail) {
            this.fail = fail;
        }

        void arm() {
            armed = true;
        }

        void awaitStalled() throws InterruptedException {
            assertThat(stalled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the writer reached the stalled write").isTrue();
        }

        void release() {
            released.countDown();
        }

        @Override
        public GroupCommitter.BatchWriter apply(GroupCommitter.BatchWriter disk) {
            return batch -> {
                if (armed) {
                    armed = false;
                    stalled.countDown();
                    try {
                        if (!released.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                            throw new RocksDBException("test never released the stalled write");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new RocksDBException("interrupted");
                    }
                    if (fail) {
                        throw new RocksDBException("injected: no space left on device");
                    }
                }
                disk.write(batch);
            };
        }
    }

    /**
     * The durability contract end to end: a child JVM appends until it is killed with SIGKILL; every version it
     * printed as acknowledged must be there after reopening, and each log must be gapless from 0.
     */
    @Test
    void killedProcessLosesNoAcknowledgedCommit() throws Exception {
        store.close();
        Path crashFolder = temp.resolve("crash");
        Path stdout = temp.resolve("child.out");
        Path stderr = temp.resolve("child.err");
        int documents = 4;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC",
                // The child extracts rocksdbjni's native library to its temp folder, which SIGKILL leaves behind.
                "-Djava.io.tmpdir=" + temp,
                "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), crashFolder.toString(), String.valueOf(documents))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Files.size(stdout) == 0 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(child.isAlive()).as("child still running; stderr: %s", read(stderr)).isTrue();
            assertThat(Files.size(stdout)).as("child acknowledged something within 60 s").isPositive();
            Thread.sleep(1000);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close, no flush
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        Map<Integer, Long> acknowledged = acknowledged(read(stdout));
        assertThat(acknowledged).as("every document had acknowledged commits").hasSize(documents);

        store = RocksDocumentStore.open(crashFolder);
        for (int d = 0; d < documents; d++) {
            long lastAcked = acknowledged.get(d);
            Head head = store.head(CrashWriter.doc(d)).orElseThrow();
            assertThat(head.version()).as("head of doc %s", d).isGreaterThan(lastAcked);
            List<StoredOp> log = store.ops(CrashWriter.doc(d), 0, Long.MAX_VALUE);
            assertThat(versions(log)).as("log of doc %s", d)
                    .isEqualTo(LongStream.range(0, head.version()).boxed().toList());
            for (StoredOp op : log) {
                assertThat(op).isEqualTo(CrashWriter.op(d, op.version()));
            }
        }
        // The recovered store goes on from the recovered heads.
        long next = store.head(CrashWriter.doc(0)).orElseThrow().version();
        await(store.append(CrashWriter.doc(0), List.of(CrashWriter.op(0, next)), List.of()));
    }

    /**
     * Compaction's atomicity end to end: a child JVM folds document after document until it is killed with SIGKILL;
     * afterwards every document is either exactly as written or exactly folded, never part of each, and every
     * document the child reported folded is folded.
     */
    @Test
    void killedCompactionLeavesEachDocumentWhollyOldOrWhollyFolded() throws Exception {
        store.close();
        Path crashFolder = temp.resolve("crash-fold");
        Path stdout = temp.resolve("fold.out");
        Path stderr = temp.resolve("fold.err");
        int documents = 400;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + temp,
                "-cp", System.getProperty("java.class.path"),
                CrashFolder.class.getName(), crashFolder.toString(), String.valueOf(documents))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!read(stdout).contains("folded ") && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(read(stdout)).as("child folded something within 60 s; stderr: %s", read(stderr)).contains("folded ");
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        String output = read(stdout);
        Set<Integer> reported = new HashSet<>();
        for (String line : output.substring(0, output.lastIndexOf('\n')).split("\n")) {
            if (line.startsWith("folded ")) {
                reported.add(Integer.parseInt(line.substring("folded ".length())));
            }
        }

        store = RocksDocumentStore.open(crashFolder);
        int folded = 0;
        for (int d = 0; d < documents; d++) {
            List<StoredOp> log = store.ops(CrashFolder.doc(d), 0, Long.MAX_VALUE);
            List<StoredOp> written = CrashFolder.written(d);
            if (log.equals(written)) {
                assertThat(reported).as("doc %s was reported folded", d).doesNotContain(d);
                continue;
            }
            List<StoredOp> expected = new ArrayList<>();
            expected.add(written.get(0));
            List<StoredOp> folds = CrashFolder.folds(d);
            expected.addAll(folds);
            expected.addAll(written.subList((int) folds.get(folds.size() - 1).version() + 1, written.size()));
            assertThat(log).as("doc %s: wholly folded if not wholly as written", d).isEqualTo(expected);
            folded++;
        }
        assertThat(folded).isGreaterThanOrEqualTo(reported.size());
        assertThat(folded).as("the kill came before the last document; else the test proves little").isLessThan(documents);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** The last acknowledged version of each document; a line cut off by the kill is not an acknowledgement. */
    private static Map<Integer, Long> acknowledged(String output) {
        Map<Integer, Long> last = new HashMap<>();
        int end = output.lastIndexOf('\n');
        if (end < 0) {
            return last;
        }
        for (String line : output.substring(0, end).split("\n")) {
            String[] parts = line.split(" ");
            last.merge(Integer.parseInt(parts[0]), Long.parseLong(parts[1]), Math::max);
        }
        return last;
    }
}
