package io.quire.server.webhooks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Groups committed ops into {@code chapter.changed} events: one open window per chapter with changes not yet
 * reported. The first op of a chapter opens its window; {@link #closeDue} (run by the dispatcher's periodic sweep)
 * closes every window that has been open for the debounce time, however many ops are still arriving, and reports
 * it. So a burst becomes one event and a continuous typist produces one event per debounce period: the delay is
 * bounded, which a quiet-period rule ("after 2 s without changes") would not give someone who never stops typing.
 *
 * <p>{@link #record} is on the commit path of every document: one lock-free map read and one short, almost always
 * uncontended lock on the chapter's window (each chapter's ops come from its own sequencer), no I/O, and no allocation
 * beyond the key (and one window per chapter per period). A window is removed from the map before it is sealed, so an
 * op racing the sweep either lands in the old window before the seal or opens a new one: none is lost or counted
 * twice.
 */
final class ChapterChanges {
    /** Authors listed per event at most, so a chapter edited by a crowd still makes a small event. */
    static final int MAX_AUTHORS = 100;

    private final ConcurrentHashMap<Key, Window> open = new ConcurrentHashMap<>();

    record Key(String bookId, String chapterId) {
    }

    /** Notes one committed op; thread-safe and O(1). */
    void record(String bookId, String chapterId, long version, String author) {
        Key key = new Key(bookId, chapterId);
        while (true) {
            Window window = open.get(key);
            if (window == null) {
                Window fresh = new Window(System.nanoTime(), version, author);
                window = open.putIfAbsent(key, fresh);
                if (window == null) {
                    return;
                }
            }
            if (window.add(version, author)) {
                return;
            }
            // Sealed by the sweep after we read it: it is out of the map by now, so the next pass opens a new one.
        }
    }

    /** Closes the windows open since {@code nowNanos - debounceNanos} or earlier and hands each to {@code sink}. */
    void closeDue(long nowNanos, long debounceNanos, BiConsumer<Key, Window> sink) {
        for (Map.Entry<Key, Window> entry : open.entrySet()) {
            Window window = entry.getValue();
            if (nowNanos - window.openedNanos >= debounceNanos && open.remove(entry.getKey(), window)) {
                window.seal();
                sink.accept(entry.getKey(), window);
            }
        }
    }

    /** Forgets every open window (on close: changes not yet reported are not reported). */
    void clear() {
        open.clear();
    }

    /** The ops of one chapter over one debounce period. Read its totals only after {@link #seal()}. */
    static final class Window {
        private final long openedNanos;
        private final List<String> authors = new ArrayList<>(2);
        private long fromVersion;
        private long toVersion;
        private long ops;
        private boolean sealed;

        Window(long openedNanos, long version, String author) {
            this.openedNanos = openedNanos;
            this.fromVersion = version;
            this.toVersion = version;
            this.ops = 1;
            addAuthor(author);
        }

        synchronized boolean add(long version, String author) {
            if (sealed) {
                return false;
            }
            // Min and max rather than first and last: correct even if a caller reports ops out of order.
            fromVersion = Math.min(fromVersion, version);
            toVersion = Math.max(toVersion, version);
            ops++;
            addAuthor(author);
            return true;
        }

        synchronized void seal() {
            sealed = true;
        }

        private void addAuthor(String author) {
            // A linear scan: windows have one to a few authors, where it beats hashing.
            if (author != null && authors.size() < MAX_AUTHORS && !authors.contains(author)) {
                authors.add(author);
            }
        }

        /** The event's {@code data}: chapterId, fromVersion, toVersion, authors, ops. */
        synchronized ObjectNode toData(String chapterId) {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.put("chapterId", chapterId);
            data.put("fromVersion", fromVersion);
            data.put("toVersion", toVersion);
            ArrayNode names = data.putArray("authors");
            authors.forEach(names::add);
            data.put("ops", ops);
            return data;
        }
    }
}
