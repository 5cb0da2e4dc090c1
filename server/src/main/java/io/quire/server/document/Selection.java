package io.quire.server.document;

/** A user's selection {@code [start, end)} in a document as of {@code version}; a caret has start == end. */
public record Selection(long version, int start, int end) {
}
