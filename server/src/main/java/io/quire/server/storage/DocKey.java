package io.quire.server.storage;

import java.util.Objects;

/**
 * Names one document: the sharedb collection ({@code c}, a book) and document id ({@code d}, a chapter).
 * Both are non-empty, at most {@value #MAX_LENGTH} characters, without control characters, so they can be
 * logged, used in URLs and encoded into storage keys without ambiguity.
 */
public record DocKey(String collection, String id) {
    public static final int MAX_LENGTH = 256;

    public DocKey {
        check("collection", collection);
        check("id", id);
    }

    private static void check(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " must be 1 to " + MAX_LENGTH + " characters, got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(what + " must not contain control characters");
            }
        }
    }

    @Override
    public String toString() {
        return collection + "/" + id;
    }
}
