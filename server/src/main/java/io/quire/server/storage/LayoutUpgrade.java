package io.quire.server.storage;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Brings a store written before the op log and the author index had hints (see {@link KeyCodec}) to the current
 * layout. Those two families were named {@code ops} and {@code authors}; their entries are copied under hinted
 * keys into {@code op-log} and {@code author-index}, the copy is synced, and only then are the old families
 * dropped. A crash before the drop leaves the old families whole and the next open copies again: the copy writes
 * the same keys and values, so doing it twice is harmless. It runs while the store opens, before anything else
 * can read or write.
 */
final class LayoutUpgrade {
    /** Each family of the old layout, and the family of the current one that holds its entries. */
    static final Map<String, String> REPLACED = Map.of("ops", "op-log", "authors", "author-index");
    private static final int BATCH_ENTRIES = 10_000;

    private LayoutUpgrade() {
    }

    /** The families of the old layout in the store in {@code folder} (none for a new or current store). */
    static List<String> oldFamilies(Path folder) {
        if (!Files.exists(folder.resolve("CURRENT"))) {
            return List.of();
        }
        try (Options options = new Options()) {
            List<String> out = new ArrayList<>();
            for (byte[] name : RocksDB.listColumnFamilies(options, folder.toString())) {
                String family = new String(name, StandardCharsets.UTF_8);
                if (REPLACED.containsKey(family)) {
                    out.add(family);
                }
            }
            return out;
        } catch (RocksDBException e) {
            throw new StoreException("cannot list the column families in " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies every entry of {@code from} (an old family) into {@code to} under its hinted key, syncs the WAL,
     * then drops {@code from}. Returns the number of entries copied.
     */
    static long moveWithHints(RocksDB db, ColumnFamilyHandle from, ColumnFamilyHandle to) throws RocksDBException {
        long copied = 0;
        // The copy is read once: keeping it out of the block cache leaves room for what the server reads next.
        try (ReadOptions read = new ReadOptions().setFillCache(false);
             WriteOptions write = new WriteOptions();
             WriteBatch batch = new WriteBatch();
             RocksIterator it = db.newIterator(from, read)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                batch.put(to, KeyCodec.withHint(it.key()), it.value());
                copied++;
                if (batch.count() == BATCH_ENTRIES) {
                    db.write(write, batch);
                    batch.clear();
                }
            }
            it.status();
            db.write(write, batch);
        }
        // Every copied entry must be durable before the only other copy goes.
        db.flushWal(true);
        db.dropColumnFamily(from);
        return copied;
    }
}
