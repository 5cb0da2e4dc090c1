package io.quire.server.books;

import java.util.Objects;

/** A chapter's place in its book: the sharedb document {@code (book id, id)} holds its text. */
public record Chapter(String id, String title, long createdAt) {
    public Chapter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
    }

    public Chapter withTitle(String newTitle) {
        return new Chapter(id, newTitle, createdAt);
    }
}
