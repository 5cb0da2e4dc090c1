package io.quire.server.books;

import java.util.List;
import java.util.Objects;

/**
 * A named version of a whole book: the chapter list at one moment, each chapter with its title and version then.
 * Enough to show the book as it was and to bring it back, deleted chapters included.
 */
public record BookLabel(String name, List<LabelledChapter> chapters, String createdBy, long createdAt) {

    /** One chapter as the label saw it. */
    public record LabelledChapter(String id, String title, long version) {
        public LabelledChapter {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(title, "title");
        }
    }

    public BookLabel {
        Objects.requireNonNull(name, "name");
        chapters = List.copyOf(chapters);
        Objects.requireNonNull(createdBy, "createdBy");
    }
}
