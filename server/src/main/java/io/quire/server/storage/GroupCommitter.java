package io.quire.server.storage;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes commits durable in groups: one writer thread takes every commit queued (of any documents) into one
 * {@link WriteBatch} and writes it with a synced WAL, so a whole group costs one fsync. A commit that arrives
 * while a write is in progress waits for the next one; that wait is what forms the groups, with no timer.
 *
 * <p>A batch holds at most {@code maxBatchOps} ops and {@code maxBatchBytes} bytes, so one write never grows
 * without bound (a single larger commit is still written, alone). The queue is bounded too: when the disk falls
 * that far behind, {@link #submit} refuses rather than letting memory grow.
 *
 * <p>Futures are completed on a separate thread, in queue order, so the writer goes back to the disk at once and
 * the acknowledgements of one document arrive in the order of its commits. Callbacks should still be cheap
 * (hand off to the caller's own context), or they delay the acknowledgements behind them.
 *
 * <p>If a write fails, every commit of that batch fails, and the cached heads of their documents are retired:
 * commits queued behind them were checked against versions that were never written, so they fail too.
 */
final class GroupCommitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

    /** Writes one batch with a synced WAL; a seam through which tests make writes fail or stall. */
    interface BatchWriter {
        void write(WriteBatch batch) throws RocksDBException;
    }

    /** One key and value to write. */
    record Put(ColumnFamilyHandle family, byte[] key, byte[] value) {
    }

    /** Everything one {@code append} writes, and the future that acknowledges it. */
    static final class Commit {
        final HeadCache.Entry head;
        final List<Put> puts;
        final int ops;
        final long bytes;
        final CompletableFuture<Void> future = new CompletableFuture<>();

        Commit(HeadCache.Entry head, List<Put> puts, int ops) {
            this.head = head;
            this.puts = puts;
            this.ops = ops;
            long size = 0;
            for (Put put : puts) {
                size += put.key().length + put.value().length;
            }
            this.bytes = size;
        }
    }

    /** Sent by {@link #close()} behind the last commit: the writer stops when it takes it. */
    private static final Commit END = new Commit(null, List.of(), 0);

    private final BatchWriter disk;
    private final HeadCache heads;
    private final int maxBatchOps;
    private final long maxBatchBytes;
    private final BlockingQueue<Commit> queue;
    private final ExecutorService acks = Executors.newSingleThreadExecutor(daemon("quire-store-acks"));
    private final Thread writer;
    private boolean closed;
    private volatile RocksDocumentStore.WriteListener writeListener = RocksDocumentStore.WriteListener.NONE;

    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong opsWritten = new AtomicLong();

    GroupCommitter(BatchWriter disk, HeadCache heads, int maxBatchOps, long maxBatchBytes, int maxQueued) {
        this.disk = disk;
        this.heads = heads;
        this.maxBatchOps = maxBatchOps;
        this.maxBatchBytes = maxBatchBytes;
        this.queue = new LinkedBlockingQueue<>(maxQueued);
        this.writer = daemon("quire-store-writer").newThread(this::run);
        writer.start();
    }

    void writeListener(RocksDocumentStore.WriteListener listener) {
        writeListener = listener;
    }

    /**
     * Queues a commit for the next write.
     *
     * @throws IllegalStateException      if the committer is closed
     * @throws RejectedExecutionException if the queue is full
     */
    synchronized void submit(Commit commit) {
        // Under the monitor, so that nothing is queued behind END.
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
        if (!queue.offer(commit)) {
            throw new RejectedExecutionException("the store's write queue is full (" + queue.size()
                    + " commits waiting for the disk)");
        }
    }

    /** Stops accepting commits, writes those already queued, and waits until they are acknowledged. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(END);
                writer.join();
                break;
            } catch (InterruptedException e) {
                // Closing must finish: the DB cannot be closed under a running write.
                interrupted = true;
            }
        }
        acks.shutdown();
        try {
            if (!acks.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("store acknowledgements still running 30 s after close");
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    long writes() {
        return writes.get();
    }

    long commits() {
        return commits.get();
    }

    long ops() {
        return opsWritten.get();
    }

    private void run() {
        List<Commit> batch = new ArrayList<>();
        boolean running = true;
        while (running) {
            Commit first = takeUninterruptibly();
            if (first == END) {
                break;
            }
            batch.add(first);
            int ops = first.ops;
            long bytes = first.bytes;
            // Single consumer: what peek shows is what poll takes.
            for (Commit next; (next = queue.peek()) != null; ) {
                if (next == END) {
                    queue.poll();
                    running = false;
                    break;
                }
                if (ops + next.ops > maxBatchOps || bytes + next.bytes > maxBatchBytes) {
                    break;
                }
                queue.poll();
                batch.add(next);
                ops += next.ops;
                bytes += next.bytes;
            }
            write(batch);
            batch = new ArrayList<>();
        }
    }

    private void write(List<Commit> batch) {
        List<Commit> live = new ArrayList<>(batch.size());
        for (Commit commit : batch) {
            if (commit.head.isRetired()) {
                fail(List.of(commit), new StoreException("not stored: an earlier commit of " + commit.head.key
                        + " failed, so this one was checked against a head that was never written"));
            } else {
                live.add(commit);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        int ops = 0;
        try (WriteBatch writeBatch = new WriteBatch()) {
            for (Commit commit : live) {
                for (Put put : commit.puts) {
                    writeBatch.put(put.family(), put.key(), put.value());
                }
                ops += commit.ops;
            }
            long start = System.nanoTime();
            disk.write(writeBatch);
            writeListener.written(System.nanoTime() - start, ops);
        } catch (Throwable e) {
            log.error("a write of {} commits failed; their documents' heads are reloaded on next use", live.size(), e);
            live.forEach(commit -> heads.retire(commit.head));
            fail(live, new StoreException("write failed: " + e.getMessage(), e));
            return;
        }
        writes.incrementAndGet();
        commits.addAndGet(live.size());
        opsWritten.addAndGet(ops);
        live.forEach(commit -> heads.written(commit.head));
        acks.execute(() -> live.forEach(commit -> commit.future.complete(null)));
        heads.trim();
    }

    private void fail(List<Commit> commits, Throwable cause) {
        acks.execute(() -> commits.forEach(commit -> commit.future.completeExceptionally(cause)));
    }

    private Commit takeUninterruptibly() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // Nobody should interrupt the writer; queued commits must still be written.
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
