package io.quire.server.books;

import io.quire.server.storage.DocKey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The chapters a compaction covers, each with the versions its book's named versions captured: those must stay
 * reachable, or restoring the book version would fail. A chapter deleted from a book but held by one of its
 * versions is covered too, as restoring brings it back.
 */
public final class CompactionScope {
    /** One chapter to compact and the versions book versions hold of it. */
    public record Target(DocKey key, Set<Long> captured) {
    }

    private CompactionScope() {
    }

    /** Every chapter of {@code book}, or only {@code chapterId} (null for all). */
    public static List<Target> of(Book book, String chapterId) {
        Map<String, Set<Long>> captured = new LinkedHashMap<>();
        book.chapters().forEach(chapter -> captured.put(chapter.id(), new TreeSet<>()));
        for (BookLabel label : book.labels()) {
            for (BookLabel.LabelledChapter chapter : label.chapters()) {
                captured.computeIfAbsent(chapter.id(), id -> new TreeSet<>()).add(chapter.version());
            }
        }
        List<Target> out = new ArrayList<>();
        captured.forEach((id, versions) -> {
            if (chapterId == null || chapterId.equals(id)) {
                out.add(new Target(new DocKey(book.id(), id), Set.copyOf(versions)));
            }
        });
        return out;
    }

    /** Whether {@code book} has, or had in one of its versions, the chapter {@code chapterId}. */
    public static boolean covers(Book book, String chapterId) {
        return !of(book, chapterId).isEmpty();
    }
}
