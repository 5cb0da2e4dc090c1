package io.quire.server.history;

import io.quire.server.document.DocumentRegistry;
import io.quire.server.storage.AuthorTally;
import io.quire.server.storage.DocKey;
import io.quire.server.storage.DocumentStore;
import io.quire.server.storage.Label;
import io.quire.server.storage.Snapshot;
import io.quire.server.storage.StoredOp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What editors ask of a chapter's past: its revisions, its contents at any version or time, what changed
 * between two versions and by whom, who wrote each character, per-author history and statistics, named
 * versions, restores and selective reverts, and a check of the tamper-evident chain.
 *
 * <p>Every method blocks (store reads, waits on the chapter's sequencer): call it from a worker thread. Each
 * answers from durable state only, and throws {@link HistoryException} for requests it cannot serve.
 */
public final class ChapterHistory {
    private static final int MAX_LABEL_CHARS = 200;

    private final DocumentStore store;
    private final ChapterReader chapters;
    private final RevisionListing listing;
    private final Reverts reverts;
    private final ChainVerifier chain;
    private final ChapterCompactor compactor;

    public ChapterHistory(DocumentRegistry registry, DocumentStore store) {
        this.store = store;
        this.chapters = new ChapterReader(registry);
        this.listing = new RevisionListing(store);
        this.reverts = new Reverts(chapters, store);
        this.chain = new ChainVerifier(store);
        this.compactor = new ChapterCompactor(store);
    }

    /** History entries before version {@code before} (default: the head), newest first. */
    public RevisionPage revisions(DocKey key, Long before, int limit, boolean sessions) {
        Snapshot head = chapters.head(key);
        long end = before == null ? head.version() : before;
        ChapterReader.checkVersion("before", end, head);
        return listing.newestFirst(key, end, limit, sessions);
    }

    /** The chapter's current version: how many ops it has. */
    public long headVersion(DocKey key) {
        return chapters.head(key).version();
    }

    public Snapshot version(DocKey key, long version) {
        return chapters.at(key, version, chapters.head(key));
    }

    /** The chapter as it was at {@code epochMillis}: after every op made at or before then. */
    public Snapshot versionAtTime(DocKey key, long epochMillis) {
        chapters.head(key);
        return chapters.atTime(key, epochMillis);
    }

    /** The change from {@code from} to {@code to}, and each author's part in it (from their running tallies). */
    public VersionDiff diff(DocKey key, long from, long to) {
        Snapshot head = chapters.head(key);
        if (from > to) {
            throw new HistoryException(HistoryException.Kind.BAD_REQUEST, "from " + from + " is after to " + to);
        }
        Snapshot a = chapters.at(key, from, head);
        Snapshot b = chapters.at(key, to, head);
        Map<String, Long> presentBefore = a.provenance().authorship().unitsByAuthor();
        Map<String, Long> presentAfter = b.provenance().authorship().unitsByAuthor();
        Set<String> authors = new LinkedHashSet<>(b.provenance().tallies().keySet());
        authors.addAll(presentBefore.keySet());
        List<AuthorChange> changes = new ArrayList<>();
        for (String author : authors) {
            AuthorTally before = a.provenance().tallies().getOrDefault(author, AuthorTally.NONE);
            AuthorTally after = b.provenance().tallies().getOrDefault(author, AuthorTally.NONE);
            long present = presentAfter.getOrDefault(author, 0L) - presentBefore.getOrDefault(author, 0L);
            long ops = after.ops() - before.ops();
            if (ops == 0 && present == 0) {
                continue;
            }
            changes.add(new AuthorChange(author, ops, new ChangeCounts(after.inserted() - before.inserted(),
                    after.deleted() - before.deleted(), after.formatted() - before.formatted()), present));
        }
        return new VersionDiff(from, to, a.content().diff(b.content()), changes);
    }

    /** The contents at {@code version} (default: the head) in runs by author. */
    public List<BlameRun> blame(DocKey key, Long version) {
        Snapshot head = chapters.head(key);
        Snapshot at = version == null ? head : chapters.at(key, version, head);
        return Blame.of(at.content(), at.provenance());
    }

    /** Every author of the chapter with their statistics, in order of their first edit. */
    public List<AuthorSummary> authors(DocKey key) {
        Snapshot head = chapters.head(key);
        Map<String, Long> present = head.provenance().authorship().unitsByAuthor();
        Map<String, AuthorSummary> out = new LinkedHashMap<>();
        head.provenance().tallies().forEach((author, tally) ->
                out.put(author, new AuthorSummary(author, present.getOrDefault(author, 0L), tally)));
        present.forEach((author, units) -> out.putIfAbsent(author, new AuthorSummary(author, units, AuthorTally.NONE)));
        return List.copyOf(out.values());
    }

    /** One author's ops from version {@code from} on, oldest first. */
    public List<StoredOp> authorOps(DocKey key, String author, long from, int limit) {
        Snapshot head = chapters.head(key);
        ChapterReader.checkVersion("from", from, head);
        return store.opsByAuthor(key, author, from, limit).stream().filter(op -> op.version() < head.version()).toList();
    }

    /** One author's edit sessions from version {@code from} on, oldest first. */
    public RevisionPage authorSessions(DocKey key, String author, long from, int limit) {
        Snapshot head = chapters.head(key);
        ChapterReader.checkVersion("from", from, head);
        return listing.authorSessions(key, author, from, limit);
    }

    /** Restores the contents of {@code version} as a new op by {@code user}. */
    public RevertOutcome restore(DocKey key, long version, String user) {
        return reverts.restore(key, version, user);
    }

    public RevertOutcome restoreLabel(DocKey key, String label, String user) {
        return restore(key, label(key, label).version(), user);
    }

    /** Undoes {@code author}'s changes since {@code since} as a new op by {@code user}. */
    public RevertOutcome revertAuthor(DocKey key, String author, long since, String user) {
        return reverts.revertAuthor(key, author, since, user);
    }

    public ChainCheck verify(DocKey key) {
        return chain.verify(key, chapters.head(key).version());
    }

    /**
     * Folds the chapter's edits made before {@code cutoffMillis} into one entry per author edit session, keeping
     * its labels and {@code alsoKept} (versions captured by book versions) reachable; see {@link FoldPolicy}. Runs as
     * the chapter's single writer. A chapter never created, or whose chain is broken, is left alone.
     */
    public ChapterCompaction compact(DocKey key, long cutoffMillis, Set<Long> alsoKept) {
        return chapters.exclusive(key, head -> head == 0
                ? new ChapterCompaction(key, io.quire.server.storage.Compaction.NONE, null)
                : compactor.compact(key, head, cutoffMillis, alsoKept));
    }

    // ---- named versions ----

    public List<Label> labels(DocKey key) {
        chapters.head(key);
        return store.labels(key);
    }

    public Label label(DocKey key, String name) {
        chapters.head(key);
        return store.label(key, name).orElseThrow(() -> new HistoryException(HistoryException.Kind.NOT_FOUND,
                "chapter " + key.id() + " has no label \"" + name + "\""));
    }

    /** Names {@code version} (default: the head). */
    public Label createLabel(DocKey key, String name, Long version, String user) {
        checkLabelName(name);
        Snapshot head = chapters.head(key);
        long at = version == null ? head.version() : version;
        ChapterReader.checkVersion("version", at, head);
        if (at != head.version()) {
            chapters.at(key, at, head); // refuses a version that compaction folded away: a label must fetch exactly
        }
        Label label = new Label(name, at, System.currentTimeMillis(), user);
        if (!store.createLabel(key, label)) {
            throw new HistoryException(HistoryException.Kind.CONFLICT, "chapter " + key.id() + " already has a label \""
                    + name + "\"");
        }
        return label;
    }

    public Label renameLabel(DocKey key, String from, String to) {
        checkLabelName(to);
        chapters.head(key);
        switch (store.renameLabel(key, from, to)) {
            case NO_SUCH_LABEL -> throw new HistoryException(HistoryException.Kind.NOT_FOUND,
                    "chapter " + key.id() + " has no label \"" + from + "\"");
            case NAME_TAKEN -> throw new HistoryException(HistoryException.Kind.CONFLICT,
                    "chapter " + key.id() + " already has a label \"" + to + "\"");
            default -> {
            }
        }
        return label(key, to);
    }

    public void deleteLabel(DocKey key, String name) {
        chapters.head(key);
        if (!store.deleteLabel(key, name)) {
            throw new HistoryException(HistoryException.Kind.NOT_FOUND, "chapter " + key.id() + " has no label \"" + name + "\"");
        }
    }

    private static void checkLabelName(String name) {
        if (name == null || name.isBlank()) {
            throw new HistoryException(HistoryException.Kind.BAD_REQUEST, "a label needs a name that is not blank");
        }
        if (name.length() > MAX_LABEL_CHARS) {
            throw new HistoryException(HistoryException.Kind.BAD_REQUEST, "label names are limited to "
                    + MAX_LABEL_CHARS + " characters, got " + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean lone = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(++i)));
            if (Character.isISOControl(c) || lone) {
                throw new HistoryException(HistoryException.Kind.BAD_REQUEST,
                        "label names cannot hold control characters or half of a surrogate pair");
            }
        }
    }
}
