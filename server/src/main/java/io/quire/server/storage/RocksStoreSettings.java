package io.quire.server.storage;

/**
 * Tuning of {@link RocksDocumentStore}; {@link #defaults()} suits a server.
 *
 * @param maxBatchOps      ops per synced write, at most (a larger single commit is written alone)
 * @param maxBatchBytes    bytes of keys and values per synced write, at most (likewise)
 * @param maxQueuedCommits commits waiting for the disk before {@code append} refuses more
 * @param maxCachedHeads   documents whose head stays in memory when idle
 * @param flushOnClose     whether {@code close} flushes memtables to SST files, so the next open replays no WAL;
 *                         off only in tests of WAL recovery
 */
public record RocksStoreSettings(int maxBatchOps, long maxBatchBytes, int maxQueuedCommits, int maxCachedHeads,
                                 boolean flushOnClose) {

    public RocksStoreSettings {
        if (maxBatchOps < 1 || maxBatchBytes < 1 || maxQueuedCommits < 1 || maxCachedHeads < 1) {
            throw new IllegalArgumentException("store limits must be positive, got maxBatchOps=" + maxBatchOps
                    + " maxBatchBytes=" + maxBatchBytes + " maxQueuedCommits=" + maxQueuedCommits
                    + " maxCachedHeads=" + maxCachedHeads);
        }
    }

    public static RocksStoreSettings defaults() {
        return new RocksStoreSettings(10_000, 4L << 20, 100_000, 100_000, true);
    }

    public RocksStoreSettings withFlushOnClose(boolean flush) {
        return new RocksStoreSettings(maxBatchOps, maxBatchBytes, maxQueuedCommits, maxCachedHeads, flush);
    }
}
