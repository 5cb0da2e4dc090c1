package io.quire.server.storage;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where documents live between restarts: each document's op log, its snapshots, an index of its ops by
 * author, and its head.
 *
 * <h2>Durability contract</h2>
 * <ul>
 *   <li>When the future returned by {@link #append} completes normally, every op and snapshot of that commit is
 *       on disk (the write-ahead log is synced) and survives a crash, a power cut or {@code kill -9}.</li>
 *   <li>A commit is atomic: after a crash either all of it is there or none of it, and a failed future means
 *       none of it was stored. No reader ever sees part of a commit.</li>
 *   <li>Commits of one document become visible and durable in the order {@code append} was called; the caller
 *       (the document's sequencer) never has two appends in flight that could conflict.</li>
 *   <li>Many concurrent commits, of any documents, may share one synced write (group commit), so durability
 *       costs one fsync per batch, not per op.</li>
 * </ul>
 * Reads block and must not run on an event loop; they see every commit whose future has completed.
 */
public interface DocumentStore extends AutoCloseable {

    /**
     * Stores {@code ops} (consecutive versions of one document, starting at its current head) and, optionally,
     * snapshots taken at versions those ops reach, as one atomic, durable write; the head moves to the
     * version after the last op.
     *
     * @throws IllegalArgumentException (via the future) if the ops are not consecutive from the stored head
     */
    CompletableFuture<Void> append(DocKey key, List<StoredOp> ops, List<Snapshot> snapshots);

    /**
     * Replaces runs of stored entries by {@code folds} (see {@link StoredOp#fold()}), as one atomic, synced write:
     * after a crash either every fold of this call is stored or none is, and a reader sees either the old entries
     * or the fold, never part of each. For each fold, the entries with versions {@code firstVersion .. version}
     * go (their author index entries with them, but the fold's own), and so do the snapshots strictly inside it
     * ({@code firstVersion < v <= version}), whose state no replay can reach any more. The head does not move.
     *
     * <p>Each fold must replace whole stored entries, two or more, all edits of its author, below the head
     * ({@link FoldRules}); otherwise nothing is written and {@link IllegalArgumentException} is thrown. The caller
     * runs it as the document's single writer, so no commit of the same document interleaves with the checks.
     */
    Compaction fold(DocKey key, List<StoredOp> folds);

    /** The document's head (version and times) from its latest commit, or empty if it has no ops. */
    Optional<Head> head(DocKey key);

    /** Ops with {@code from <= version < to}, in version order; fewer if the log ends sooner. */
    List<StoredOp> ops(DocKey key, long from, long to);

    /** The stored snapshot with the greatest version {@code <= version}, if any. */
    Optional<Snapshot> snapshotAtOrBefore(DocKey key, long version);

    /** Up to {@code limit} ops of {@code author} in the document with version {@code >= from}, in version order. */
    List<StoredOp> opsByAuthor(DocKey key, String author, long from, int limit);

    /** The chapter's labels, by name. */
    List<Label> labels(DocKey key);

    Optional<Label> label(DocKey key, String name);

    /** Stores {@code label} durably, unless the chapter has a label of that name already (then false). */
    boolean createLabel(DocKey key, Label label);

    /** Renames a label in one durable write; the label keeps its version and creation. */
    LabelRename renameLabel(DocKey key, String from, String to);

    /** Removes a label durably; false if there was none of that name. */
    boolean deleteLabel(DocKey key, String name);

    /** Books and other small records, kept in the same store so one backup holds everything. */
    RecordStore records();

    enum LabelRename { RENAMED, NO_SUCH_LABEL, NAME_TAKEN }

    /** Flushes and releases everything; later calls fail. */
    @Override
    void close();

    /**
     * What a document's last commit left: the number of ops committed, whether it exists, and its times.
     */
    record Head(long version, boolean exists, long createdAt, long updatedAt) {
    }
}
