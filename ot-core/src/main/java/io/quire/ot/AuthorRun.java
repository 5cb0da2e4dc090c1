package io.quire.ot;

import java.util.Objects;

/**
 * A stretch of {@code length} consecutive UTF-16 units of a document, all inserted by {@code author}
 * (an embed counts 1). {@link Authorship#runs()} lists a document's runs in order.
 */
public record AuthorRun(String author, int length) {
    public AuthorRun {
        Objects.requireNonNull(author, "author must not be null");
        if (length < 1) {
            throw new IllegalArgumentException("run of author " + author + " has length " + length + " (expected: >= 1)");
        }
    }
}
